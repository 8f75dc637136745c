"""Page files -> page texts, with every problem recorded instead of raised.

One bad file never stops a run: each file is either read (and any repair noted as a
warning) or skipped with an error row naming the file and the reason. Both go to the
`problems` table.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.records import PageText, Problem
from pipeline.text import CJK_WITH_EXTENSION_A

log = logging.getLogger(__name__)

# C0 controls other than tab and newline, DEL, and C1 controls: never text in a page.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CJK_RE = re.compile(f"[{CJK_WITH_EXTENSION_A}]")
SPACE_RE = re.compile(r"\s")
# A file whose first bytes hold this share of NULs or controls is binary, not text.
BINARY_SHARE = 0.05
SNIFF_BYTES = 4096


@dataclass(frozen=True)
class InputLimits:
    max_page_chars: int
    min_cjk_share: float


def _looks_binary(data: bytes) -> bool:
    """More than BINARY_SHARE of the first bytes are NULs or control bytes (a UTF-16 text
    with a BOM is not binary)."""
    head = data[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for b in head if b < 9 or (13 < b < 32 and b != 27))
    return controls > BINARY_SHARE * len(head)


# Characters a Chinese page is made of: CJK, CJK punctuation, full-width forms, ASCII.
PLAUSIBLE_RE = re.compile(f"[{CJK_WITH_EXTENSION_A}\u3000-\u303f\uff00-\uffef\t\n\r -~]")
# A UTF-16 reading without BOM is taken when this share of its characters is plausible.
UTF16_PLAUSIBLE_SHARE = 0.9
# At most one invalid UTF-8 sequence per this many bytes: the file is UTF-8 with stray
# bytes, not GB18030 (which fails UTF-8 at nearly every Chinese character).
STRAY_BYTES_PER = 1000


def utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when `data` reads as Chinese text in it, else None."""
    if len(data) < 2 or len(data) % 2:
        return None
    head = data[: SNIFF_BYTES * 4]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as error:  # judged on the text before the bad pair
            if error.start < 64:
                continue
            text = head[: error.start].decode(encoding)
        letters = [c for c in text if not c.isspace()]
        plausible = len(PLAUSIBLE_RE.findall("".join(letters)))
        if letters and plausible >= UTF16_PLAUSIBLE_SHARE * len(letters):
            return encoding
    return None


def _position(data: bytes, offset: int) -> str:
    """`offset 44 (line 3)` for a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    return f"offset {offset} (line {line})"


def _utf8_errors(data: bytes) -> int:
    """Invalid UTF-8 sequences in `data` (the decoder puts one U+FFFD for each)."""
    return data.decode("utf-8", "replace").count("\ufffd") - data.count("\ufffd".encode())


class UndecodableError(ValueError):
    """No encoding fits; the message names the nearly right one and its first bad byte."""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (BOM dropped), UTF-16 with a BOM or without one, else
    GB18030 (covers GBK and GB2312). Raises UndecodableError naming the encoding that
    nearly fits and the offset of its first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    # NULs are valid UTF-8 but in no text page: UTF-16 of ASCII is full of them.
    if b"\x00" in data[:SNIFF_BYTES] and (encoding := utf16_without_bom(data)):
        return _decode_utf16(data, encoding)
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(
            b"\xef\xbb\xbf"
        ) else "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if encoding := utf16_without_bom(data):
        return _decode_utf16(data, encoding)
    stray = _utf8_errors(data) <= len(data) // STRAY_BYTES_PER
    if not stray:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as error:
            gb_error = error
    if stray or utf8_error.start >= gb_error.start:
        error, name = utf8_error, "UTF-8"
    else:
        error, name = gb_error, "GB18030"
    raise UndecodableError(
        f"{_bad_bytes(error)} is not {name} ({error.reason}), the encoding that fits best"
    )


def _bad_bytes(error: UnicodeDecodeError, line: int | None = None) -> str:
    """`byte 0xff at offset 44 (line 3)` for a decoding error in a file, `line 3: byte
    0xff at offset 7` for one in line 3."""
    bad = error.object[error.start : max(error.end, error.start + 1)]
    what = "byte" if len(bad) == 1 else "bytes"
    shown = " ".join(f"0x{b:02x}" for b in bad)
    if line is not None:
        return f"line {line}: {what} {shown} at offset {error.start}"
    return f"{what} {shown} at {_position(error.object, error.start)}"


def _decode_utf16(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        return data.decode(encoding), f"{encoding} (no BOM)"
    except UnicodeDecodeError as error:
        raise UndecodableError(
            f"{_bad_bytes(error)} is not {encoding} ({error.reason}); the file is UTF-16"
            " without a BOM otherwise"
        ) from None


def read_page_checked(
    path: Path, source: str, limits: InputLimits, page_id: str | None = None
) -> tuple[PageText | None, list[Problem], str | None]:
    """(page or None, problems, SHA-1 of the decoded text) for one file."""
    page_id = page_id or path.stem

    def problem(severity: str, code: str, detail: str) -> Problem:
        log.log(logging.ERROR if severity == "error" else logging.WARNING, "%s: %s", source, detail)
        return Problem(source, page_id, severity, code, f"{source}: {detail}")

    try:
        data = read_regular_file(path)
    except OSError as error:
        return None, [problem("error", "unreadable", f"cannot read: {error.strerror}")], None
    if not data.strip():
        return None, [problem("error", "empty", "empty file, skipped")], None
    if _looks_binary(data) and not utf16_without_bom(data):
        return None, [problem("error", "binary", "binary data, not a text page; skipped")], None
    try:
        text, encoding = decode(data)
    except UndecodableError as error:
        return None, [problem("error", "undecodable", f"{error}; skipped")], None
    problems = []
    if encoding not in ("utf-8", "utf-8-sig"):
        problems.append(problem("warning", "encoding", f"decoded as {encoding}, converted"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        problems.append(problem("warning", "line_ends", "CR/CRLF line ends made LF"))
    if controls := len(CONTROL_RE.findall(text)):
        text = CONTROL_RE.sub("", text)
        problems.append(
            problem("warning", "control_chars", f"{controls} control characters removed")
        )
    if len(text) > limits.max_page_chars:
        detail = (
            f"{len(text):,} characters, more than max_page_chars {limits.max_page_chars:,}; skipped"
        )
        return None, [*problems, problem("error", "too_large", detail)], None
    # Counted by regex, not per character: every page is read on every run. `\s` is
    # str.isspace, and no CJK character is a space.
    letters = len(text) - len(SPACE_RE.findall(text))
    cjk = len(CJK_RE.findall(text))
    if not letters or cjk < limits.min_cjk_share * letters:
        share = cjk / letters if letters else 0.0
        detail = f"{share:.0%} Chinese characters, not a Chinese page; skipped"
        return None, [*problems, problem("error", "not_a_page", detail)], None
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return PageText(page_id=page_id, source_path=source, text=text), problems, digest


def read_regular_file(path: Path) -> bytes:
    """The bytes of `path`, which must be a regular file: opened without blocking, so a
    FIFO or device swapped in after the folder was listed raises instead of hanging."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"{_kind(mode)}, not a regular file")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(handle)


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISDIR: "a folder",
    }
    return next((kind for test, kind in kinds.items() if test(mode)), "not a regular file")


@dataclass(frozen=True)
class Skipped:
    """An entry of the pages folder that is not read, and why."""

    path: Path
    code: str  # outside, dangling, folder_link, not_a_file, unreadable
    reason: str


def _check_entry(path: Path, root: Path) -> Skipped | None:
    """None for a regular file inside `root` (a symlink to one inside is fine)."""
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            target = os.readlink(path)
            if not os.path.exists(path):
                return Skipped(path, "dangling", f"symlink to {target}, which does not exist")
            mode = os.stat(path).st_mode
            if stat.S_ISDIR(mode):
                return Skipped(path, "folder_link", f"symlink to folder {target}, not followed")
            if stat.S_ISREG(mode) and not path.resolve().is_relative_to(root):
                return Skipped(path, "outside", f"symlink to {target}, outside the pages folder")
    except OSError as error:
        return Skipped(path, "unreadable", f"cannot inspect: {error.strerror}")
    if not stat.S_ISREG(mode):
        return Skipped(path, "not_a_file", f"{_kind(mode)}, not a file")
    return None


def page_files(folder: Path, hidden: bool = False) -> tuple[list[Path], list[Skipped]]:
    """Every regular file under `folder` and its subfolders (a multi-year corpus laid out
    as paper/date/page.txt) in path order, and every other entry with the reason it is not
    read: a symlink leading outside `folder` or nowhere, a FIFO, socket or device, a
    folder that cannot be listed. Symlinked folders are not followed; hidden files and
    folders are left out unless `hidden`."""
    root = folder.resolve()
    files: list[Path] = []
    skipped: list[Skipped] = []

    def unlistable(error: OSError) -> None:
        path = Path(error.filename)
        skipped.append(Skipped(path, "unreadable", f"cannot list folder: {error.strerror}"))

    for top, dirs, names in os.walk(folder, onerror=unlistable):
        if not hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            names = [n for n in names if not n.startswith(".")]
        # os.walk lists a symlinked folder among the folders and does not enter it.
        for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(top, d)))]:
            path = Path(top) / name
            if (problem := _check_entry(path, root)) is not None:
                skipped.append(problem)
            else:
                files.append(path)
    return sorted(files), sorted(skipped, key=lambda s: s.path)


def dvc_blockers(folder: Path) -> str:
    """What in the pages folder DVC cannot hash (it reads every file, hidden ones too, and
    waits forever on a FIFO), as a message saying what to do; empty when nothing."""
    if not folder.is_dir():
        return ""
    files, skipped = page_files(folder, hidden=True)
    blockers = [s for s in skipped if s.code in ("dangling", "not_a_file", "unreadable")]
    for path in files:
        try:
            os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
        except OSError as error:
            blockers.append(Skipped(path, "unreadable", f"cannot open: {error.strerror}"))
    if not blockers:
        return ""
    lines = "".join(f"\n  {s.path}: {s.reason}" for s in blockers)
    return (
        f"{folder} holds entries DVC cannot read to hash the folder (it would hang or fail):"
        f"{lines}\nMove them out of {folder} (or list them in .dvcignore) and run again."
    )


def page_id_of(path: Path, folder: Path) -> str:
    """The file's path under `folder` without .txt: `000_x` or `人民日报/20191015/04`."""
    return path.relative_to(folder).with_suffix("").as_posix()


MANIFEST_NAMES = ("manifest.csv",)


def read_pages_checked(folder: Path, limits: InputLimits) -> tuple[list[PageText], list[Problem]]:
    """Every readable *.txt (or .TXT) page under `folder` (subfolders too) in path order,
    and the problems met, among them each entry that is not a regular file inside `folder`
    (page_files). A file with the same text as an earlier one is a duplicate and is
    skipped; the manifest (manifest.csv) is read elsewhere (pipeline/segment/metadata.py)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder of pages")
    pages: list[PageText] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    files, skipped = page_files(folder)
    for entry in skipped:
        source = entry.path.relative_to(folder.parent).as_posix()
        severity = "warning" if entry.code == "folder_link" else "error"
        detail = f"{source}: {entry.reason}; not read"
        log.log(logging.ERROR if severity == "error" else logging.WARNING, "%s", detail)
        problems.append(
            Problem(source, page_id_of(entry.path, folder), severity, entry.code, detail)
        )
    for path in files:
        source = path.relative_to(folder.parent).as_posix()
        if path.parent == folder and path.name in MANIFEST_NAMES:
            continue
        if path.suffix.lower() != ".txt":
            problems.append(
                Problem(
                    source, path.stem, "warning", "ignored", f"{source}: not a .txt file; ignored"
                )
            )
            continue
        page, found, digest = read_page_checked(path, source, limits, page_id_of(path, folder))
        problems += found
        if page is None:
            continue
        if digest in seen:
            detail = f"{source}: same text as {seen[digest]}; skipped"
            log.warning(detail)
            problems.append(Problem(source, page.page_id, "error", "duplicate", detail))
            continue
        seen[digest] = source
        pages.append(page)
    if not pages:
        raise FileNotFoundError(
            f"{folder}: holds no readable *.txt pages"
            + "".join(f"\n  {p.detail}" for p in problems)
        )
    return pages, problems


LINE_SNIFF_BYTES = 65_536


def _line_encoding(head: bytes) -> str:
    """The encoding of a line-by-line input, judged on its first bytes: a BOM, UTF-16
    without one, UTF-8 (stray bad bytes allowed), else GB18030 when that fits."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be"
    if b"\x00" in head and (encoding := utf16_without_bom(head[: len(head) // 2 * 2])):
        return encoding
    if _utf8_errors(head[:-4] if len(head) == LINE_SNIFF_BYTES else head) <= max(
        1, len(head) // STRAY_BYTES_PER
    ):
        return "utf-8"
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head)
        return "gb18030"
    except UnicodeDecodeError:
        return "utf-8"


def _split_lines(data: bytes, newline: bytes) -> list[bytes]:
    """`data` cut after each `newline` that starts at a multiple of its width."""
    lines, start, width = [], 0, len(newline)
    position = data.find(newline)
    while position >= 0:
        if position % width == 0:
            lines.append(data[start:position])
            start = position + width
        position = data.find(newline, position + 1)
    lines.append(data[start:])
    return lines


def _byte_lines(stream: BinaryIO, head: bytes, newline: bytes) -> Iterator[bytes]:
    if len(newline) > 1:  # UTF-16: read whole, cut at aligned newlines
        lines = _split_lines(head + stream.read(), newline)
        yield from lines[:-1]
        if lines[-1]:
            yield lines[-1]
        return
    buffer = bytearray(head)
    while chunk := stream.read(LINE_SNIFF_BYTES):
        buffer += chunk
        if b"\n" in chunk:
            *complete, rest = bytes(buffer).split(b"\n")
            yield from complete
            buffer = bytearray(rest)
    *complete, rest = bytes(buffer).split(b"\n")
    yield from complete
    if rest:
        yield rest


def decoded_lines(stream: BinaryIO) -> Iterator[tuple[str, str | None]]:
    """(text, problem) for each line of a byte stream (`zhnews ner`'s input) in UTF-8,
    UTF-16 or GB18030 (chosen on its first 64 KiB, _line_encoding). A line that is not
    valid in that encoding is never dropped: each bad sequence becomes U+FFFD and the
    problem names the line, the byte and its offset in the line."""
    head = stream.read(LINE_SNIFF_BYTES)
    encoding = _line_encoding(head)
    newline = "\n".encode(encoding.removesuffix("-sig"))
    if encoding.startswith("utf-16") and head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[2:]
    for number, raw in enumerate(_byte_lines(stream, head, newline), 1):
        if raw.endswith("\r".encode(encoding.removesuffix("-sig"))):
            raw = raw[: -len(newline)]
        try:
            yield raw.decode(encoding), None
        except UnicodeDecodeError as error:
            problem = f"{_bad_bytes(error, number)} is not {encoding}, replaced by U+FFFD"
            yield raw.decode(encoding, "replace"), problem
        if number == 1 and encoding == "utf-8-sig":
            encoding = "utf-8"
