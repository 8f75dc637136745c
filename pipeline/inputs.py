"""Page files -> page texts, with every problem recorded instead of raised.

One bad file never stops a run: each file is either read (and any repair noted as a
warning) or skipped with an error row naming the file and the reason. Both go to the
`problems` table.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.records import PageText, Problem
from pipeline.text import CJK_WITH_EXTENSION_A

log = logging.getLogger(__name__)

# C0 controls other than tab and newline, DEL, and C1 controls: never text in a page.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CJK_RE = re.compile(f"[{CJK_WITH_EXTENSION_A}]")
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


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (BOM dropped), UTF-16 with a BOM, else GB18030 (covers GBK
    and GB2312). Raises UnicodeDecodeError when none fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(
            b"\xef\xbb\xbf"
        ) else "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def read_page_checked(
    path: Path, source: str, limits: InputLimits, page_id: str | None = None
) -> tuple[PageText | None, list[Problem], str | None]:
    """(page or None, problems, SHA-1 of the decoded text) for one file."""
    page_id = page_id or path.stem

    def problem(severity: str, code: str, detail: str) -> Problem:
        log.log(logging.ERROR if severity == "error" else logging.WARNING, "%s: %s", source, detail)
        return Problem(source, page_id, severity, code, f"{source}: {detail}")

    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [problem("error", "unreadable", f"cannot read: {error.strerror}")], None
    if not data.strip():
        return None, [problem("error", "empty", "empty file, skipped")], None
    if _looks_binary(data):
        return None, [problem("error", "binary", "binary data, not a text page; skipped")], None
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as error:
        detail = f"neither UTF-8 nor GB18030 (byte {error.start}: {error.reason}); skipped"
        return None, [problem("error", "undecodable", detail)], None
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
    letters = [c for c in text if not c.isspace()]
    cjk = sum(1 for c in letters if CJK_RE.match(c))
    if not letters or cjk < limits.min_cjk_share * len(letters):
        share = cjk / len(letters) if letters else 0.0
        detail = f"{share:.0%} Chinese characters, not a Chinese page; skipped"
        return None, [*problems, problem("error", "not_a_page", detail)], None
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return PageText(page_id=page_id, source_path=source, text=text), problems, digest


def page_files(folder: Path) -> list[Path]:
    """Every file under `folder` and its subfolders (a multi-year corpus laid out as
    paper/date/page.txt), in path order; hidden files and folders are left out."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def page_id_of(path: Path, folder: Path) -> str:
    """The file's path under `folder` without .txt: `000_x` or `人民日报/20191015/04`."""
    return path.relative_to(folder).with_suffix("").as_posix()


MANIFEST_NAMES = ("manifest.csv",)


def read_pages_checked(folder: Path, limits: InputLimits) -> tuple[list[PageText], list[Problem]]:
    """Every readable *.txt page under `folder` (subfolders too) in path order, and the
    problems met. A file with the same text as an earlier one is a duplicate and is
    skipped; the manifest (manifest.csv) is read elsewhere (pipeline/segment/metadata.py)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder of pages")
    pages: list[PageText] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in page_files(folder):
        source = path.relative_to(folder.parent).as_posix()
        if path.parent == folder and path.name in MANIFEST_NAMES:
            continue
        if path.suffix != ".txt":
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
