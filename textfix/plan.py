"""The per-run plan: everything resolved once, before the first file is read.

The paths given decide the project root (:func:`textfix.files.find_project_root`), whose
``pyproject.toml`` is read and validated once (:func:`textfix.config.load_settings`);
command-line flags go over it (:func:`build_config`); the inputs are listed
(:func:`textfix.files.discover`); and a picklable :class:`Job` says what to do with each file,
in this process or in worker processes (:mod:`textfix.run`).
"""

from __future__ import annotations

import argparse
import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textfix.config import Config, Settings, check_rule_names, load_settings
from textfix.files import Source, WalkError, discover, find_project_root
from textfix.io import InputError, read_file
from textfix.report import Report, UsageError, WriteBack, shown


@dataclass
class Job:
    """What to do with each file: picklable, so worker processes get it whole."""

    config: Config
    reference: str | None = None
    encoding: str | None = None
    write_back: WriteBack = WriteBack.CHECK
    root: Path | None = None
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    break_hardlinks: bool = False
    write_readonly: bool = False
    #: Plain-text files of this many bytes or more are repaired as a stream of windows
    #: (0: every file is read whole); ``repair --write`` and ``--check`` set it.
    stream_bytes: int = 0


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def build_config(args: argparse.Namespace, settings: Settings | None = None) -> Config:
    """``[tool.textfix]`` of the project root first (validated), command-line flags over it."""
    if settings is None:
        settings = load_settings(project_root(getattr(args, "paths", None) or ["."])[0])
    overrides: dict[str, Any] = dict(settings.overrides)
    if args.min_confidence is not None:
        if not 0.0 <= args.min_confidence <= 1.0:
            raise UsageError(f"--min-confidence must lie in 0..1, got {args.min_confidence}")
        overrides["min_confidence"] = args.min_confidence
    if _split(args.select):
        overrides["select"] = check_rule_names(_split(args.select), "--select")
    if _split(args.ignore):
        overrides["ignore"] = check_rule_names(_split(args.ignore), "--ignore")
    if args.preset:
        overrides["preset"] = args.preset
    if getattr(args, "scorer", None):
        overrides["scorer"] = args.scorer
    if getattr(args, "code", None):
        overrides["code"] = args.code
    if not getattr(args, "suggest", True):
        overrides["suggest"] = False  # repair shows only what it applies
    return Config().replace(**overrides)


def project_root(paths: list[str]) -> tuple[Path, str]:
    try:
        return find_project_root(paths)
    except FileNotFoundError as err:
        raise UsageError("the working folder no longer exists (deleted?); cd to an existing folder") from err
    except OSError as err:
        raise UsageError(f"cannot find the project root: {err.strerror or err}") from err


@dataclass
class Plan:
    """Everything resolved before the first file is read: once per run."""

    sources: list[Source]
    job: Job
    report: Report
    settings: Settings
    root: Path


def plan(args: argparse.Namespace, write_back: WriteBack, *, check: bool) -> Plan:
    """Resolve the project root and its configuration once, validate the flags, and list
    the inputs."""
    report = Report(check=check, quiet=args.quiet, verbose=args.verbose)
    if args.encoding:
        try:
            codecs.lookup(args.encoding)
        except LookupError as err:
            raise UsageError(f"--encoding: unknown encoding {args.encoding!r}") from err
    if args.jobs is not None and args.jobs < 0:
        raise UsageError(f"-j/--jobs must be 0 (one per CPU) or more, got {args.jobs}")
    root, marker = project_root(args.paths)
    settings = load_settings(root)
    report.note(f"project root {shown(str(root))} ({marker})"
                + (f", configuration {shown(str(settings.source))}" if settings.source else ""))
    config = build_config(args, settings)
    include = tuple(_split(args.include)) or settings.include
    exclude = tuple(_split(args.exclude)) + settings.exclude + settings.extend_exclude
    try:
        sources = list(discover(args.paths, include, exclude, gitignore=not args.no_gitignore,
                                root=root, force_exclude=args.force_exclude))
    except WalkError as err:
        raise UsageError(str(err)) from err
    except FileNotFoundError as err:
        raise UsageError("the working folder no longer exists (deleted?); cd to an existing folder") from err
    job = Job(config, _reference(args), args.encoding, write_back, root, settings.per_file_ignores,
              break_hardlinks=getattr(args, "break_hardlinks", False),
              write_readonly=getattr(args, "write_readonly", False))
    return Plan(sources, job, report, settings, root)


def _reference(args: argparse.Namespace) -> str | None:
    if not getattr(args, "reference", None):
        return None
    try:
        return read_file(args.reference, args.encoding).text
    except InputError as err:
        raise UsageError(f"--reference {shown(err.path)}: {err.reason}") from err
