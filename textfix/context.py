"""What a stage is, and what it may know besides the text (the core's contract with stages).

A stage is a function ``(text, ctx) -> list[Detection]``: it reads the text as the previous
stage left it and reports detections in that text's offsets; it never reads files, prints,
or edits.  The :class:`Context` carries the configuration, a reference copy, the input's
suppression comments, document-wide facts, the work budgets of one repair, and the
language-model scorer (loaded on first use: only suspect text ever needs it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from textfix.config import Config
from textfix.model import Detection
from textfix.script import RTL_INTENT_RE
from textfix.suppress import Suppressions
from textfix.work import WorkBudget

#: Characters the language model may read per repair: a base for short texts, plus a
#: share of the input (kiwi reads about 20 KB/s; this keeps it near a second per 100 KB).
LM_BASE = 20_000
LM_PER_CHAR = 0.2


@dataclass
class Context:
    """What a stage may know besides the text.

    >>> ctx = Context(Config())
    >>> ctx.budget("search", 10) is ctx.budget("search", 99), ctx.budget("search", 99).left
    (True, 10)
    """

    config: Config
    reference: str | None = None
    #: The ``textfix: ignore`` comments of the input, if it has any.
    suppressions: Suppressions | None = None
    #: Whether the whole input (file or entry) holds right-to-left script: its bidi marks
    #: are then the text's own, even on lines without right-to-left letters (None: asked of
    #: ``input`` when first wanted, :meth:`is_rtl_document`).
    rtl_document: bool | None = False
    #: The input the repair started from.
    input: str = ""
    #: The length of the input: work budgets grow with it.
    size: int = 0
    budgets: dict[str, WorkBudget] = field(default_factory=dict)
    #: Lines (without their line end and trailing blanks) in which the layout stage reads
    #: reversed runs but leaves them as they are (a suggestion): the reversal mirrored their
    #: quotes, so their orientation (TF402) tells nothing there.
    reversed_lines: set[str] = field(default_factory=set)
    _model: object = field(default=None, repr=False)

    def is_rtl_document(self) -> bool:
        """:attr:`rtl_document`, read off the input the first time it is asked (most repairs
        never ask: only a text with bidi controls does).

        >>> Context(Config(), rtl_document=None, input="שלום").is_rtl_document()
        True
        """
        if self.rtl_document is None:
            self.rtl_document = RTL_INTENT_RE.search(self.input) is not None
        return self.rtl_document

    def budget(self, name: str, units: int) -> WorkBudget:
        """The work budget ``name`` of this repair, made with ``units`` on first use and
        shared by every later pass."""
        if name not in self.budgets:
            self.budgets[name] = WorkBudget(units)
        return self.budgets[name]

    def language_model(self):
        """The configured language-model scorer, or None (``Config.scorer``), with this
        repair's reading budget (:data:`LM_BASE` + :data:`LM_PER_CHAR` per input character)."""
        from textfix.scoring import BudgetedModel, language_model

        if self._model is None:
            model = language_model(self.config.scorer)
            budget = self.budget("language-model", LM_BASE + LM_PER_CHAR * self.size)
            self._model = False if model is None else BudgetedModel(model, budget)
        return self._model or None


class Stage(Protocol):
    """A stage of the pipeline (a module's ``run``)."""

    def __call__(self, text: str, ctx: Context, /) -> list[Detection]: ...
