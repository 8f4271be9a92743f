"""datatrove: a pipeline step that repairs ``doc.text`` (``pip install 'textfix[datatrove]'``).

:class:`TextfixFormatter` is a datatrove formatter step (the shape of its ``BaseFormatter``:
``format(text) -> str`` inside ``run``), the place its ``FTFYFormatter`` takes in a
pipeline; it also keeps each document's findings in
``doc.metadata`` (a list of plain objects, which datatrove's writers store as JSON).  It
runs under datatrove's local, Slurm and Ray executors: the step pickles as its
configuration, and each worker builds the rest on first use.  textfix's defaults are
already what datatrove configures ftfy to do (no quote uncurling, no width folding, no
normalization of clean text).

.. code-block:: python

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from textfix.datatrove import TextfixFormatter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("data/"), TextfixFormatter(), JsonlWriter("repaired/"),
    ], tasks=8).run()

The class is made on first use (``textfix.datatrove.TextfixFormatter``), so importing this
module does not need datatrove; this module's name never shadows the ``datatrove`` package
(it is imported only as ``textfix.datatrove``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["FINDINGS_KEY", "TextfixFormatter"]  # noqa: F822 - made on first use (__getattr__)

#: Where findings go in ``doc.metadata``.
FINDINGS_KEY = "textfix_findings"


def _make_class() -> type:
    try:  # (not datatrove.pipeline.formatters, whose package needs datatrove[processing])
        from datatrove.pipeline.base import PipelineStep
    except ImportError as err:  # pragma: no cover - depends on the install
        msg = "TextfixFormatter needs datatrove: pip install 'textfix[datatrove]'"
        raise ImportError(msg) from err

    from textfix.config import Config
    from textfix.repairer import Repairer, finding_record

    class TextfixFormatter(PipelineStep):
        """Repairs ``doc.text``; with ``findings_key`` (default :data:`FINDINGS_KEY`; None for
        none) stores the findings in ``doc.metadata``.  The keywords are
        :func:`textfix.repair`'s options.  A formatter as datatrove's ``BaseFormatter`` is
        (``format(text) -> str`` and the same ``run``)."""

        type = "✂️ - FORMAT"
        name = "🩹 textfix"

        def __init__(self, findings_key: str | None = FINDINGS_KEY, config: Config | None = None,
                     **options: Any) -> None:
            super().__init__()
            self.repairer = Repairer(config, **options)
            self.findings_key = findings_key

        def format(self, text: str) -> str:
            return self.repairer.fix(text)

        def run(self, data, rank: int = 0, world_size: int = 1):
            for doc in data:
                self.stat_update("total")
                if doc.text is None:  # (passed through, as the batch calls pass a missing value)
                    self.stat_update("missing")
                    yield doc
                    continue
                with self.track_time():
                    if self.findings_key is None:
                        new = self.repairer.fix(doc.text)
                    else:
                        r = self.repairer.repair(doc.text)
                        new = r.text
                        doc.metadata[self.findings_key] = [finding_record(f) for f in r.findings]
                        if r.findings:
                            self.stat_update("findings", value=len(r.findings))
                    if new != doc.text:
                        self.stat_update("changed")
                    doc.text = new
                yield doc

    TextfixFormatter.__module__ = __name__
    TextfixFormatter.__qualname__ = "TextfixFormatter"
    return TextfixFormatter


def __getattr__(name: str) -> Any:
    if name == "TextfixFormatter":
        cls = _make_class()
        globals()["TextfixFormatter"] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
