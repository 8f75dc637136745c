"""Where a page comes from: its paper, date and page number (版), taken in this order from
a manifest file beside the pages, a file-path pattern set in params.yaml, and the page's
own text (masthead, dateline, the paper named in its source tags).

Manifest: a CSV file in the pages folder (params `segment.manifest`, default
`manifest.csv`) with a `path` column (relative to that folder, e.g. `2019/0201/04.txt`)
and any of `paper`, `date` (YYYY-MM-DD) and `page_no`.

Path pattern: e.g. `{paper}/{date:%Y%m%d}/{page_no}.txt`, matched against each file's path
relative to the pages folder; `{date:FORMAT}` takes a strptime format.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

FIELD_RE = re.compile(r"\{(?P<name>paper|date|page_no)(?::(?P<format>[^}]+))?\}")
STRPTIME_RE = {
    "%Y": r"\d{4}", "%m": r"\d{1,2}", "%d": r"\d{1,2}", "%y": r"\d{2}", "%j": r"\d{1,3}",
}  # fmt: skip


class PageMetadataError(ValueError):
    """A manifest or path pattern that cannot be read; the message names the file."""


@dataclass(frozen=True)
class PageMeta:
    paper: str | None = None
    date: date | None = None
    page_no: int | None = None

    def filled_from(self, other: PageMeta) -> PageMeta:
        """This, with the fields it lacks taken from `other`."""
        return replace(
            self,
            paper=self.paper or other.paper,
            date=self.date or other.date,
            page_no=self.page_no if self.page_no is not None else other.page_no,
        )


def _parse_date(text: str, format_: str = "%Y-%m-%d") -> date:
    return datetime.strptime(text, format_).date()


def read_manifest(path: Path) -> dict[str, PageMeta]:
    """path (relative to the manifest's folder, POSIX) -> metadata; no file, no entries."""
    if not path.is_file():
        return {}
    entries = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "path" not in reader.fieldnames:
            raise PageMetadataError(f"{path}: a manifest needs a `path` column")
        for number, row in enumerate(reader, 2):
            try:
                entries[row["path"].strip()] = PageMeta(
                    paper=(row.get("paper") or "").strip() or None,
                    date=_parse_date(row["date"].strip())
                    if (row.get("date") or "").strip()
                    else None,
                    page_no=int(row["page_no"]) if (row.get("page_no") or "").strip() else None,
                )
            except ValueError as error:
                raise PageMetadataError(f"{path}:{number}: {error}") from None
    return entries


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """`{paper}/{date:%Y%m%d}/{page_no}.txt` -> a regex with named groups."""
    parts, position = [], 0
    for match in FIELD_RE.finditer(pattern):
        parts.append(re.escape(pattern[position : match.start()]))
        name, format_ = match["name"], match["format"]
        if name == "date":
            date_re = re.escape(format_ or "%Y-%m-%d")
            for code, expr in STRPTIME_RE.items():
                date_re = date_re.replace(re.escape(code), expr)
            parts.append(f"(?P<date>{date_re})")
        elif name == "page_no":
            parts.append(r"(?P<page_no>\d+)")
        else:
            parts.append(r"(?P<paper>[^/]+)")
        position = match.end()
    parts.append(re.escape(pattern[position:]))
    return re.compile("^" + "".join(parts) + "$")


def meta_from_path(relative: str, pattern: str | None) -> PageMeta:
    """Metadata a file's path gives under `pattern` (nothing when it does not match)."""
    if not pattern:
        return PageMeta()
    match = pattern_regex(pattern).match(relative)
    if not match:
        return PageMeta()
    groups = match.groupdict()
    format_ = next((m["format"] for m in FIELD_RE.finditer(pattern) if m["name"] == "date"), None)
    try:
        day = _parse_date(groups["date"], format_ or "%Y-%m-%d") if groups.get("date") else None
    except ValueError:
        day = None
    return PageMeta(
        paper=groups.get("paper"),
        date=day,
        page_no=int(groups["page_no"]) if groups.get("page_no") else None,
    )


def paper_in_text(lines: list[str], papers: tuple[str, ...]) -> str | None:
    """The paper a page names itself: a masthead line, or a source tag with the paper's
    name opening a line (联谊报讯, `联谊报 4月17日…`)."""
    for line in lines:
        for paper in papers:
            if line == paper or line.startswith((paper + "讯", paper + " ", paper + "\u3000")):
                return paper
    return None


def page_metas(
    folder: Path, page_ids: list[str], manifest_name: str, path_pattern: str | None
) -> dict[str, PageMeta]:
    """What the manifest, then the path pattern, say of each page (by page id: the path
    under `folder` without .txt). The page's own text fills the rest later."""
    manifest = read_manifest(folder / manifest_name)
    metas = {}
    for page_id in page_ids:
        relative = f"{page_id}.txt"
        metas[page_id] = manifest.get(relative, PageMeta()).filled_from(
            meta_from_path(relative, path_pattern)
        )
    return metas
