"""Bytes <-> text for files: strict decoding, encoding/BOM kept, atomic writes.

Line endings need no special care: text is decoded without newline translation,
so ``\\r\\n``, ``\\n`` and mixed endings come back exactly as they were.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from textfix.korean import is_syllable, korean_plausibility

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """A file textfix will not touch: binary, undecodable or unreadable."""


@dataclass(frozen=True)
class Decoded:
    """A decoded file: its text and how to write it back byte-compatibly."""

    text: str
    encoding: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def decode_bytes(data: bytes, encoding: str | None = None, name: str = "input") -> Decoded:
    """Decode ``data`` strictly: BOMs, UTF-8, then CP949 when it is clearly Korean.

    >>> decode_bytes("한글".encode("cp949")).encoding
    'cp949'
    >>> decode_bytes(b"\\xef\\xbb\\xbfabc").bom
    b'\\xef\\xbb\\xbf'
    """
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise InputError(f"{name}: cannot decode as {encoding}: {err}") from err
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec, bom)
            except UnicodeDecodeError as err:
                raise InputError(f"{name}: invalid {codec} after its byte-order mark: {err}") from err
    if b"\0" in data[:65536] or b"\0" in data[-65536:]:
        raise InputError(f"{name}: binary file (NUL bytes), skipped")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            text = None
        if text is not None and sum(map(is_syllable, text)) >= 2 and korean_plausibility(text) >= 0.6:
            return Decoded(text, "cp949")
        raise InputError(
            f"{name}: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and not "
            "recognisably CP949/EUC-KR; pass --encoding to say what it is"
        ) from utf8_error


def read_file(path: str | Path, encoding: str | None = None) -> Decoded:
    """Read and decode a file (see :func:`decode_bytes`)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from err
    return decode_bytes(data, encoding, str(path))


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """The decoded text of a file."""
    return read_file(path, encoding).text


def write_atomic(path: str | Path, data: bytes, expected_stat: os.stat_result | None = None) -> None:
    """Replace the file at ``path`` by ``data`` atomically, keeping its permissions.

    A symlink is followed and its target replaced.  The data goes to a temporary file
    in the same folder, is fsynced and renamed over the original, so a crash leaves
    either the old or the new file.  If ``expected_stat`` is given and the file
    changed on disk since, nothing is written and :class:`InputError` is raised.
    """
    target = Path(os.path.realpath(path))
    st = target.stat()
    if expected_stat is not None and (st.st_mtime_ns, st.st_size) != (
        expected_stat.st_mtime_ns, expected_stat.st_size
    ):
        raise InputError(f"{path}: changed on disk during the run; not overwritten")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".textfix")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
