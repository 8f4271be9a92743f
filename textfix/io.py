"""Bytes <-> text for files: strict decoding, encoding/BOM kept, atomic writes.

Line endings need no special care: text is decoded without newline translation,
so ``\\r\\n``, ``\\n`` and mixed endings come back exactly as they were.

Only regular files are read: a FIFO, a device or a socket is refused before a byte is
read (it is opened non-blocking, so a FIFO with no writer cannot hang the run).  Every
problem is a typed :class:`InputError` that knows its path, so the command reports it
and goes on.

Writes go to a temporary file in the same folder, named ``.{name}.{pid}-{random}.textfix``
(a hash replaces a name too long for that), which is fsynced and renamed over the
original; the owner, the permissions and the extended attributes are carried over.
Temporary files of a process that died (killed before it could clean up) are removed by
the next run that writes in that folder.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from textfix.korean import is_syllable, korean_plausibility

# UTF-32 first: the UTF-32-LE byte-order mark starts with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


#: How plausible as Korean undecodable UTF-8 must read as CP949 to be taken as CP949.
CP949_PLAUSIBLE = 0.6


class InputError(Exception):
    """A file textfix will not touch or could not handle; ``path`` names it and ``reason``
    says why.  ``skippable`` errors (binary, undecodable, not a regular file) of files
    found by walking a folder are counted as skipped instead of failing the run."""

    skippable = False

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class BinaryFile(InputError):
    """NUL bytes: not text."""

    skippable = True


class Undecodable(InputError):
    """Not UTF-8 (nor a byte-order mark, nor recognisable CP949), or not ``--encoding``."""

    skippable = True


class NotRegularFile(InputError):
    """A folder, FIFO, device or socket."""

    skippable = True


class Unreadable(InputError):
    """The operating system refused to read it (permissions, a name too long, gone...)."""


class Unencodable(InputError):
    """The repaired text holds characters the file's encoding cannot write."""


class ChangedOnDisk(InputError):
    """The file changed between reading and writing; it is left alone."""


class WriteRefused(InputError):
    """A write textfix will not do unless asked (hard links, read-only files)."""


class WriteFailed(InputError):
    """The operating system refused the write; the file is as it was."""


@dataclass(frozen=True)
class Decoded:
    """A decoded file: its text and how to write it back byte-compatibly."""

    text: str
    encoding: str
    bom: bytes = b""

    def encode(self, text: str, name: str = "input") -> bytes:
        """``text`` in this file's encoding, with its BOM; :class:`Unencodable` when the
        encoding cannot hold a character of it."""
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as err:
            chars = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(err.object[err.start:err.end]))
            raise Unencodable(name, f"the repair needs characters {self.encoding} cannot encode "
                                    f"({chars}); left as it was") from err


def decode_bytes(data: bytes, encoding: str | None = None, name: str = "input") -> Decoded:
    """Decode ``data`` strictly: BOMs, UTF-8, then CP949 when it is clearly Korean.

    >>> decode_bytes("한글".encode("cp949")).encoding
    'cp949'
    >>> decode_bytes(b"\\xef\\xbb\\xbfabc").bom
    b'\\xef\\xbb\\xbf'
    >>> decode_bytes(codecs.BOM_UTF32_LE + "한".encode("utf-32-le")).encoding
    'utf-32-le'
    """
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError as err:
            raise Undecodable(name, f"cannot decode as {encoding}: {err}") from err
        except LookupError as err:
            raise Undecodable(name, f"unknown encoding {encoding!r}") from err
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec, bom)
            except UnicodeDecodeError as err:
                raise Undecodable(name, f"invalid {codec} after its byte-order mark: {err}") from err
    if b"\0" in data[:65536] or b"\0" in data[-65536:]:
        raise BinaryFile(name, "binary file (NUL bytes), skipped")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            text = None
        if (text is not None and sum(map(is_syllable, text)) >= 2
                and (korean_plausibility(text) >= CP949_PLAUSIBLE or _hangul_table(data, text))):
            return Decoded(text, "cp949")
        raise Undecodable(
            name,
            f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and not "
            "recognisably CP949/EUC-KR; pass --encoding to say what it is",
        ) from utf8_error


#: A file of strict EUC-KR (KS X 1001's pairs only) whose non-ASCII characters are at least
#: this share of Hangul syllables, and this many, is EUC-KR however rare its syllables: a
#: table of them (freewnn's romanization tables read 0.52 plausible, under
#: :data:`CP949_PLAUSIBLE`; a red-team run).  Latin-1 text never pairs all its high bytes,
#: and where it does (``ÄÖ``), KS X 1001 reads them as Hanja, not Hangul.
EUC_KR_HANGUL_SHARE = 0.8
EUC_KR_MIN_SYLLABLES = 20


def _hangul_table(data: bytes, text: str) -> bool:
    """Whether ``data`` (read as ``text`` through CP949) is strict EUC-KR, mostly Hangul.

    >>> table = b" ".join(bytes((0xC8, trail)) for trail in range(0xA1, 0xFF))  # 흐 ... 힝
    >>> latin = "ÄÖ ÜÉ".encode("latin-1") * 20  # (KS X 1001 reads each pair as a Hanja)
    >>> _hangul_table(table, table.decode("cp949")), _hangul_table(latin, latin.decode("cp949"))
    (True, False)
    """
    try:
        data.decode("euc-kr")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if not c.isascii()]
    syllables = sum(map(is_syllable, wide))
    return syllables >= EUC_KR_MIN_SYLLABLES and syllables >= EUC_KR_HANGUL_SHARE * len(wide)


def os_reason(err: OSError) -> str:
    """An OS error in words, without the path (which the caller names once)."""
    if err.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return err.strerror or str(err)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_path(path: str | Path, encoding: str | None = None) -> tuple[Decoded, os.stat_result]:
    """Read and decode a regular file; its decoded text and its status when read."""
    data, st = read_bytes(path)
    return decode_bytes(data, encoding, os.fspath(path)), st


def read_bytes(path: str | Path) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and its status; :class:`NotRegularFile` for anything else
    (checked on the open file, so nothing is read from a FIFO or a device)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError as err:
        raise NotRegularFile(path, "is a folder") from err
    except OSError as err:
        raise Unreadable(path, f"cannot read: {os_reason(err)}") from err
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, f"is {_kind(st.st_mode)}, not a regular file; not read")
        chunks = []
        while True:
            chunk = os.read(fd, max(1 << 16, min(st.st_size + 1, 1 << 26)))
            if not chunk:
                break
            chunks.append(chunk)
    except OSError as err:
        raise Unreadable(path, f"cannot read: {os_reason(err)}") from err
    finally:
        os.close(fd)
    return b"".join(chunks), st


def read_file(path: str | Path, encoding: str | None = None) -> Decoded:
    """Read and decode a file (see :func:`decode_bytes`)."""
    return read_path(path, encoding)[0]


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """The decoded text of a file."""
    return read_file(path, encoding).text


# --- temporary files -------------------------------------------------------------------

TEMP_SUFFIX = ".textfix"
_TEMP_RE = re.compile(r"^\..*\.(\d+)-[0-9a-f]{8}\.textfix$", re.DOTALL)
#: Temporary files this process has open (removed on a signal; see :func:`remove_temps`).
_LIVE_TEMPS: set[str] = set()
_SWEPT: set[str] = set()


def temp_name(name: str, pid: int | None = None, name_max: int = 255) -> str:
    """The temporary name for writing ``name``: ``.{name}.{pid}-{random}.textfix``, with a
    hash of the name in its place when that would exceed ``name_max`` bytes.

    >>> temp_name("a.txt", 42).startswith(".a.txt.42-"), temp_name("a.txt").endswith(".textfix")
    (True, True)
    >>> len(temp_name("가" * 84, 42).encode()) <= 255
    True
    """
    tail = f".{pid if pid is not None else os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
    full = f".{name}{tail}"
    if len(os.fsencode(full)) <= name_max:
        return full
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:16]
    return f".textfix-{digest}{tail}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, not ours
    return True


def sweep_stale_temps(folder: str | Path) -> list[str]:
    """Remove the temporary files in ``folder`` left by textfix processes that are gone
    (killed before they could clean up); the names removed.  Once per folder per run."""
    key = os.fspath(folder)
    if key in _SWEPT:
        return []
    _SWEPT.add(key)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        m = _TEMP_RE.match(entry.name)
        if not m or int(m.group(1)) == os.getpid() or _pid_alive(int(m.group(1))):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            pass
    return removed


def remove_temps() -> None:
    """Remove this process's temporary files (from a signal handler: a run being killed)."""
    for tmp in list(_LIVE_TEMPS):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _LIVE_TEMPS.discard(tmp)


def _copy_metadata(src_st: os.stat_result, src: Path, fd: int) -> None:
    """Owner (where allowed), extended attributes and permissions of ``src`` onto ``fd``."""
    if hasattr(os, "fchown"):
        tmp_st = os.fstat(fd)
        if (tmp_st.st_uid, tmp_st.st_gid) != (src_st.st_uid, src_st.st_gid):
            try:
                os.fchown(fd, src_st.st_uid, src_st.st_gid)
            except OSError:
                try:  # not root: at least the group, when we belong to it
                    os.fchown(fd, -1, src_st.st_gid)
                except OSError:
                    pass
    if hasattr(os, "listxattr"):
        try:
            names = os.listxattr(src)
        except OSError:
            names = []
        for attr in names:
            try:
                os.setxattr(fd, attr, os.getxattr(src, attr))
            except OSError:
                pass  # e.g. security.* without the privilege; the rest is kept
    os.fchmod(fd, stat.S_IMODE(src_st.st_mode))  # after chown, which may clear set-id bits


def _check_writable(path: str | Path, st: os.stat_result, expected: os.stat_result | None,
                    break_hardlinks: bool, write_readonly: bool) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(path, f"is {_kind(st.st_mode)}, not a regular file; not written")
    if expected is not None and (st.st_mtime_ns, st.st_size, st.st_ino, st.st_dev) != (
        expected.st_mtime_ns, expected.st_size, expected.st_ino, expected.st_dev
    ):
        raise ChangedOnDisk(path, "changed on disk during the run; not overwritten")
    if st.st_nlink > 1 and not break_hardlinks:
        raise WriteRefused(path, f"has {st.st_nlink} hard links; replacing it would leave the other "
                                 "names with the old text (--break-hardlinks to write it anyway)")
    if not write_readonly and (not st.st_mode & 0o222 or not os.access(path, os.W_OK)):
        raise WriteRefused(path, "is read-only; not written (--write-readonly to write it anyway, "
                                 "keeping its permissions)")


def _open_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file next to ``name`` in ``folder`` (registered for cleanup)."""
    try:
        name_max = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        name_max = 255
    for _ in range(100):
        tmp = os.fspath(folder / temp_name(name, name_max=name_max))
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        except FileExistsError:
            continue
        _LIVE_TEMPS.add(tmp)
        return fd, tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name")  # pragma: no cover


def _fsync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def write_atomic(path: str | Path, data: bytes, expected_stat: os.stat_result | None = None, *,
                 break_hardlinks: bool = False, write_readonly: bool = False) -> None:
    """Replace the file at ``path`` by ``data`` atomically, keeping its owner, permissions
    and extended attributes.

    A symlink is followed and its target replaced.  The data goes to a temporary file
    in the same folder, is fsynced and renamed over the original, so a crash leaves
    either the old or the new file.  Raises :class:`ChangedOnDisk` when ``expected_stat``
    is given and the file changed since, :class:`WriteRefused` for a file with other hard
    links (renaming would split them; ``break_hardlinks``) or a read-only file
    (``write_readonly``), and :class:`WriteFailed` when the system refuses; the file is
    then as it was.
    """
    write_atomic_stream(path, lambda fh: fh.write(data) is not None, expected_stat,
                        break_hardlinks=break_hardlinks, write_readonly=write_readonly)


def write_atomic_stream(path: str | Path, fill: Callable[[BinaryIO], bool],
                        expected_stat: os.stat_result | None = None, *,
                        break_hardlinks: bool = False, write_readonly: bool = False) -> bool:
    """:func:`write_atomic` for data written as it is made: ``fill`` writes the new bytes
    into the temporary file and says whether to keep them (False: the file is left as it
    was, and the temporary file removed).  The file is checked against ``expected_stat``
    again before the rename (a long stream gives it time to change).  True when the file
    was replaced."""
    target = Path(os.path.realpath(path))
    tmp = ""
    try:
        st = target.stat()
        _check_writable(target, st, expected_stat, break_hardlinks, write_readonly)
        sweep_stale_temps(target.parent)
        fd, tmp = _open_temp(target.parent, target.name)
        with os.fdopen(fd, "wb") as fh:
            keep = fill(fh)
            if keep:
                fh.flush()
                _copy_metadata(st, target, fh.fileno())
                os.fsync(fh.fileno())
        if not keep:
            os.unlink(tmp)
            _LIVE_TEMPS.discard(tmp)
            return False
        _check_writable(target, target.stat(), expected_stat or st, True, True)
        os.replace(tmp, target)
        _LIVE_TEMPS.discard(tmp)
    except InputError as err:
        raise type(err)(path, err.reason) from err
    except BaseException as err:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            _LIVE_TEMPS.discard(tmp)
        if isinstance(err, OSError):
            raise WriteFailed(path, f"cannot write: {os_reason(err)}; left as it was") from err
        raise
    _fsync_folder(target.parent)
    return True
