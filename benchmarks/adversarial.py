#!/usr/bin/env python3
"""Time textfix.repair on pathological inputs: every repair must stay linear in the text.

Prints one line per input: size, seconds, MB/s, findings.  Figures, not a pass/fail test.
"""

import time

import textfix

INPUTS = {
    "one 2 MB line of clean prose": "가나다라 마바사. " * 200000,
    "a 1.4 MB line full of quotes": "“서울” ‘한강’ AI’ " * 100000,
    "3,000 lines of lone closing quotes": ("서울 한강 AI’ 구상 " * 20 + "\n") * 3000,
    "500 lines of reversed-sentence signatures": (" .가나다 라마바 사아자 " * 50 + "\n") * 500,
    "5,000 lines of dropped-run signals": ("AIAI 3)21서울 ()··, ,\n") * 5000,
    "1 MB of CP949 mojibake": ("¹®ÀÚ ±úÁü Å×½ºÆ® " * 30 + "\n") * 2000,
}

if __name__ == "__main__":
    for name, text in INPUTS.items():
        t0 = time.perf_counter()
        r = textfix.repair(text, scorer="builtin")
        dt = time.perf_counter() - t0
        mb = len(text.encode("utf-8")) / 1e6
        print(f"{name:45s} {mb:6.2f} MB {dt:7.2f} s {mb / dt:7.2f} MB/s {len(r.findings):7d} findings")
