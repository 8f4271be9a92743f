"""Legacy code pages: what their bytes look like through the wrong code page, and how
plausible a reading is in each script.

- :mod:`textfix.encodings.model`: character-bigram plausibility models of the scripts the
  code pages write (counts shipped in ``textfix/data/charstats-*.json``, built by
  ``scripts/build_stats.py``).
- :mod:`textfix.encodings.chains`: the code-page chains (``GBK bytes read as cp1252``): the
  displays (what bytes look like when read with a single-byte code page), the sources (the
  code page the bytes were written in) and the decoding of a display string back to the
  source's characters, unit by unit.

The encoding stage (:mod:`textfix.stages.codepages`) judges each reading with these.
"""
