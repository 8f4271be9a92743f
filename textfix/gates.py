"""The fast path: what a stage must see in a text before it can find anything there.

Each gate is a *necessary* condition for one stage: when it says no, the stage's ``run``
provably returns nothing on that text, so the pipeline skips the stage, and a text no gate
opens is returned as it is without building any of the pipeline's state.  A gate reads
the stage's own patterns (with their :func:`textfix.lines.prefilter`, one character-class
scan each) and, where a pattern only nominates candidates, the stage's own candidate
functions; it never copies a stage's judgement.  A stage may define ``may_find(text,
reference) -> bool`` itself, which then replaces the gate here.

``tests/test_repairer.py`` checks the promise on every text of the corpora and on
generated text: wherever the gates are closed, the full pipeline finds nothing.

>>> from textfix.config import Config
>>> plan_for(Config()).opened("깨끗한 문장은 그대로 둡니다")
[]
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType

from textfix.config import Config
from textfix.lines import Prefilter, lines_matching, prefilter, split_lines, union
from textfix.script import has_surrogate


def matches(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches in ``text``, its prefilter asked first."""
    return prefilter(pattern).may_match(text) and pattern.search(text) is not None


@dataclass(frozen=True)
class Gate:
    """One stage's gate: ``triggers``, the characters without which it stays closed (one
    character-class scan), then ``check``, the gate proper."""

    triggers: Prefilter
    check: Callable[[str, str | None], bool]
    #: The stage reads only non-ASCII text.
    ascii_closed: bool = False
    #: A reference copy always opens it.
    reference_opens: bool = False

    def __call__(self, text: str, reference: str | None = None) -> bool:
        """Whether the stage may find anything in ``text``."""
        if reference is not None and self.reference_opens:
            return True
        if self.ascii_closed and text.isascii():
            return False
        return self.triggers.may_match(text) and self.check(text, reference)


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"textfix.stages.{name}")


def _encoding_gate() -> Gate:
    stage, codepages = _module("encoding"), _module("codepages")
    scans = (stage.SUSPECT_RE, codepages.SUSPECT_RE)
    hanja, utf8_as_cp949_lines = stage._HANJA_RE, stage.utf8_as_cp949_lines
    lost = "占쏙옙"  # the one string the stage looks for besides its scans

    def check(text: str, reference: str | None) -> bool:
        """encoding.run returns nothing for ASCII text, and reads only the lines its scans
        mark (mojibake, Hanja beside Hangul for UTF-8 read as CP949, lost text)."""
        return any(matches(p, text) for p in scans) or lost in text or bool(utf8_as_cp949_lines(text))

    return Gate(union(map(prefilter, (*scans, hanja)), lost[0]), check, ascii_closed=True)


def _normalize_gate() -> Gate:
    trigger = _module("normalize").TRIGGER_RE

    def check(text: str, reference: str | None) -> bool:
        """normalize.run returns nothing without one of its trigger characters."""
        return trigger.search(text) is not None

    return Gate(prefilter(trigger), check, ascii_closed=True)


_Check = Callable[[str], bool]


def _dropped_checks() -> tuple[Prefilter, _Check, _Check, _Check]:
    """The dropped-text stage's triggers and its signs: ``flagged`` (a flag's scans,
    numbers and acronyms through the stage's own candidates, unbalanced brackets),
    ``signalled`` (only the flags sure enough to be signs of damage, at or above
    ``restore.SIGNAL_CONFIDENCE``: the others never lead to a restoration) and ``quoted``
    (a line whose quotes do not pair up, and the stage's own quote detections)."""
    quotes, flags, counters = _module("dropped.quotes"), _module("dropped.flags"), _module("dropped.counters")
    signal = _module("dropped.restore").SIGNAL_CONFIDENCE
    quote_re, paired, quote_detections = quotes._QUOTE_RE, quotes._quotes_look_paired, quotes.quote_detections
    # (TF407's number before a word, _NUMBER_WORD_RE, and TF411's unbalanced brackets are
    # flagged below the signal level: FLAG_POSSIBLE)
    signal_scans = (flags._COMMAS_RE, flags._DOTS_RE, flags._EMPTY_RE, flags._ORPHAN_PARTICLE_RE,
                    flags._GLUED_NUMBER_RE)
    scans = (*signal_scans, flags._NUMBER_WORD_RE)
    scans_any, signal_scans_any = union(map(prefilter, scans)), union(map(prefilter, signal_scans))
    bare, latin = counters._BARE_RE, counters._LATIN_RE
    caps, bracket_quote = flags._CAPS_RE, flags._BRACKET_QUOTE_RE
    counter_candidates, particle_candidates = counters.counter_candidates, counters.particle_candidates
    counter_conf, particle_conf = counters.COUNTER_CONFIDENCE, counters.PARTICLE_CONFIDENCE
    particle_gaps = flags._particle_gaps

    def flagged(text: str) -> bool:
        if text.count("(") != text.count(")"):
            return True
        if scans_any.may_match(text) and any(matches(p, text) for p in scans):
            return True
        if matches(bare, text) and counter_candidates(text):
            return True
        if matches(latin, text) and particle_candidates(text):
            return True
        return bool((matches(caps, text) or matches(bracket_quote, text)) and particle_gaps(text, None))

    # the counters sure enough to be signs are those after a space (30 명, 65 이상: "bound",
    # "numbers"); a token written twice is a run of capitals that is one half twice (AIAI)
    spaced_kinds = frozenset(k for k, c in counter_conf.items() if c >= signal)
    spaced_count, doubled_caps = counters.SPACED_COUNT_RE, flags.DOUBLED_CAPS_RE

    # (each of these patterns opens with its rarest character, which the engine scans for:
    # a prefilter first would only scan the text twice)
    def signalled(text: str) -> bool:
        if signal_scans_any.may_match(text) and any(p.search(text) for p in signal_scans):
            return True
        if spaced_count.search(text) and any(c.kind in spaced_kinds for c in counter_candidates(text)):
            return True
        if latin.search(text) and any(particle_conf[c.kind] >= signal for c in particle_candidates(text)):
            return True
        return bool((doubled_caps.search(text) or bracket_quote.search(text)) and particle_gaps(text, None))

    def quoted(text: str) -> bool:
        if quote_re.search(text) is None:  # (a character class: its own prefilter)
            return False
        if "\n" in text:
            unpaired = any(not paired(line) for _, line in lines_matching(text, quote_re))
        else:
            unpaired = not paired(text)  # one line, the one lines_matching would give
        return unpaired and bool(quote_detections(text))

    triggers = union([scans_any, *map(prefilter, (quote_re, bare, latin, caps, bracket_quote))], "()")
    return triggers, flagged, signalled, quoted


def _dropped_gate() -> Gate:
    triggers, flagged, _, quoted = _dropped_checks()

    def check(text: str, reference: str | None) -> bool:
        """dropped.run restores only at signs of damage (its flags and lone quotes) or with a
        reference copy; quotes come from the stage's own detections (asked only where a line's
        quotes do not pair up), flags from its scans, numbers and acronyms through the
        stage's own candidates."""
        return flagged(text) or quoted(text)

    return Gate(triggers, check, reference_opens=True)


def _dropped_text_only_gate() -> Gate:
    triggers, _, signalled, quoted = _dropped_checks()
    copies_possible = _module("dropped.restore").copies_possible

    def check(text: str, reference: str | None) -> bool:
        """With only the text wanted (``Config.text_only``: no suggestions, no reference
        copy), dropped.run's flags change nothing unless one is a sign of damage and a line
        may be restored from another (:func:`textfix.stages.dropped.restore.copies_possible`):
        its quotes are asked first, then its signs only where a copy may be."""
        return quoted(text) or ("\n" in text and signalled(text) and copies_possible(split_lines(text)))

    return Gate(triggers, check, reference_opens=True)


#: The gated stages, in order, and the gate of each that has no ``may_find`` of its own
#: (layout has: :func:`textfix.stages.layout.may_find`).
STAGES = ("encoding", "normalize", "layout", "dropped")
_BUILDERS: dict[str, Callable[[], Gate]] = {
    "encoding": _encoding_gate, "normalize": _normalize_gate, "dropped": _dropped_gate,
}


def _build() -> dict[str, Callable[[str, str | None], bool] | None]:
    """Each stage's gate: its own ``may_find`` if it has one, else the one above, or None
    (the stage always runs) when the stage no longer has what the gate reads."""
    out: dict[str, Callable[[str, str | None], bool] | None] = {}
    for name in STAGES:
        own = getattr(_module(name), "may_find", None)
        try:
            out[name] = own if callable(own) else _BUILDERS[name]()
        except (AttributeError, KeyError):  # a stage renamed what its gate reads: it always runs
            out[name] = None
    return out


GATES = _build()
#: The gates of a configuration that wants only the text (``Config.text_only`` without
#: suggestions), where they are narrower than the stage's own.
_TEXT_ONLY_BUILDERS: dict[str, Callable[[], Gate | Callable[[str, str | None], bool]]] = {
    "dropped": _dropped_text_only_gate, "layout": lambda: _module("layout").may_change}
TEXT_ONLY_GATES = {name: build() for name, build in _TEXT_ONLY_BUILDERS.items()}


def gates_for(config: Config) -> dict[str, Callable[[str, str | None], bool] | None]:
    """The gate of each stage for ``config``: :data:`GATES`, with the narrower
    :data:`TEXT_ONLY_GATES` where only the text is wanted (a stage the fast path has
    switched off stays off)."""
    if not (config.text_only and not config.suggest):
        return GATES
    return {name: TEXT_ONLY_GATES.get(name, g) if g is not None else None for name, g in GATES.items()}


@contextmanager
def off() -> Iterator[None]:
    """Within the block every stage runs on every text (for checking the fast path, and
    the ``TEXTFIX_FASTPATH=0`` environment setting does the same for a whole process)."""
    saved = dict(GATES)
    GATES.update(dict.fromkeys(GATES))
    _PLANS.clear()
    try:
        yield
    finally:
        GATES.update(saved)
        _PLANS.clear()


if os.environ.get("TEXTFIX_FASTPATH", "1") == "0":
    GATES.update(dict.fromkeys(GATES))


class Plan:
    """The gates one configuration asks, prepared once: ``plain`` (plain text, no preset:
    the only texts the fast path takes), the stage names, and one prefilter for all their
    :class:`Gate` triggers and lone surrogates."""

    __slots__ = ("any_trigger", "gates", "names", "plain", "triggers")

    def __init__(self, config: Config) -> None:
        self.plain = config.syntax is None and config.preset == "default"
        self.names = stage_names(config)
        self.gates = gates_for(config)
        self.triggers = _triggers(self.gates, self.names)
        self.any_trigger = union([self.triggers, _SURROGATES])

    def opened(self, text: str, reference: str | None = None) -> list[str] | None:
        """The stages from the first one ``text`` opens on, in order: ``[]`` when it opens
        none; only the first is known to be open (the gates after it are not asked here:
        the first stage may change the text, and a gate holds only for the text it read).
        None when the fast path does not apply (not plain text, or a lone surrogate in it).

        >>> plan = Plan(Config())
        >>> plan.opened("깨끗한 문장은 그대로 둡니다"), plan.opened("¹®ÀÚ ±úÁü Å×½ºÆ®")
        ([], ['encoding', 'normalize', 'layout', 'dropped'])
        """
        if not self.plain:
            return None
        gates, names = self.gates, self.names
        if reference is None and not self.any_trigger.may_match(text):
            # (only the stages with a gate of their own may open: the others' triggers are absent)
            first = next((i for i, n in enumerate(names)
                          if not isinstance(gates.get(n), Gate) and _asks(gates, n, text)), None)
        elif has_surrogate(text):
            return None
        else:
            first = next((i for i, n in enumerate(names) if _asks(gates, n, text, reference)), None)
        return [] if first is None else list(names[first:])


_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_SURROGATES = prefilter(_SURROGATE_RE)
_PLANS: dict[int, tuple[Config, Plan]] = {}
#: Configurations whose plans are kept (a run uses one or two).
MAX_PLANS = 64


def plan_for(config: Config) -> Plan:
    """The :class:`Plan` of ``config`` (kept by identity: a configuration is immutable)."""
    entry = _PLANS.get(id(config))
    if entry is not None and entry[0] is config:
        return entry[1]
    if len(_PLANS) >= MAX_PLANS:
        _PLANS.clear()
    plan = Plan(config)
    _PLANS[id(config)] = (config, plan)
    return plan


def _asks(gates: dict, name: str, text: str, reference: str | None = None) -> bool:
    g = gates.get(name)
    return g is None or g(text, reference)


def _triggers(gates: dict, names: Sequence[str]) -> Prefilter:
    """One prefilter for the :class:`Gate` gates of ``names`` (a stage's own ``may_find``
    is asked apart): a text it rules out opens none of them."""
    return union(g.triggers for g in map(gates.get, names) if isinstance(g, Gate))


def stage_names(config: Config) -> tuple[str, ...]:
    """The stages ``config`` enables that have gates, in order."""
    return tuple(n for n, on in (("encoding", config.fix_encoding), ("normalize", config.normalize),
                                 ("layout", config.fix_layout), ("dropped", config.fix_dropped)) if on)
