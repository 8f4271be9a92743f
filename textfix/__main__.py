"""``python -m textfix``: the same command as ``textfix``."""

import sys

from textfix.cli import main

sys.exit(main())
