#!/usr/bin/env python3
"""Throughput of textfix.repair next to ftfy.fix_text on clean Korean (same as `textfix bench`)."""

import argparse
import sys

from textfix.bench import main

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("dir", nargs="?", default="corpus_broken")
    p.add_argument("--megabytes", type=float, default=4.0)
    p.add_argument("--speed-only", action="store_true", default=True)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--json", action="store_true")
    sys.exit(main(p.parse_args()))
