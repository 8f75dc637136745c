"""Pages with gold articles (../shared/data/renminribao_pages, or a user's own labelled
pages in the same JSON-lines format), their line labels, and article-level scoring.

A page is `{"page_id", "paper", "date", "page", "split", "text", "articles": [...]}`; each
article gives `kicker`, `title`, `subtitle`, `title_core`, `column_tag`, `source`,
`byline` (a list of credits as printed), `notes`, `internal_subheads_auto`, `type` and
`span` ([start, end) of its headings and body in `text`).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.segment.labels import BODY, CREDIT, FURNITURE, KICKER, START, SUBTITLE, TITLE
from pipeline.segment.lines import split_lines


class GoldPageError(ValueError):
    """A labelled page that does not fit the format; the message names the file and page."""


@dataclass(frozen=True)
class GoldArticle:
    title: str
    title_core: str
    kicker: str | None
    subtitle: str | None
    column_tag: str | None
    source: str | None
    byline: tuple[str, ...]
    notes: tuple[str, ...]
    kind: str
    span: tuple[int, int]


@dataclass(frozen=True)
class GoldPage:
    page_id: str
    paper: str | None
    date: str | None
    page_no: int | None
    split: str
    text: str
    articles: tuple[GoldArticle, ...]
    furniture: tuple[str, ...] = ()  # page credit lines (版式设计：…) inside an article span


def _strings(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _article(raw: dict) -> GoldArticle:
    return GoldArticle(
        title=raw["title"],
        title_core=raw.get("title_core") or raw["title"],
        kicker=raw.get("kicker"),
        subtitle=raw.get("subtitle"),
        column_tag=raw.get("column_tag"),
        source=raw.get("source"),
        byline=_strings(raw.get("byline")),
        notes=_strings(raw.get("notes")),
        kind=raw.get("type") or "news",
        span=tuple(raw["span"]),
    )


def read_gold_pages(path: Path, split: str | None = None) -> list[GoldPage]:
    """Pages of a JSON-lines file (gzip or plain), optionally only one split."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: labelled pages not found")
    opener = gzip.open if path.suffix == ".gz" else open
    pages = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                if split is not None and raw.get("split", "train") != split:
                    continue
                pages.append(
                    GoldPage(
                        page_id=raw["page_id"],
                        paper=raw.get("paper"),
                        date=raw.get("date"),
                        page_no=raw.get("page"),
                        split=raw.get("split", "train"),
                        text=raw["text"],
                        articles=tuple(_article(a) for a in raw["articles"]),
                        furniture=_strings(raw.get("non_article_lines")),
                    )
                )
            except (ValueError, KeyError, TypeError) as error:
                raise GoldPageError(f"{path}:{number}: {type(error).__name__}: {error}") from None
    return pages


def labelled_page_files(folder: Path) -> list[Path]:
    """A user's labelled-pages files: *.jsonl and *.jsonl.gz in `folder` (none if absent)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith((".jsonl", ".jsonl.gz")))


SPACES = re.compile(r"[\s\u00a0\u3000]+")


def normalise(text: str | None) -> str:
    return SPACES.sub("", text) if isinstance(text, str) else ""


def line_labels(page: GoldPage) -> list[tuple[str, str]]:
    """(line, label) for every non-blank line of a clean gold page."""
    labelled = []
    lines = split_lines(page.text)
    for article in page.articles:
        start, end = article.span
        inside = [line for line in lines if start <= line.start < end]
        headings = [h for h in (article.kicker, article.title, article.subtitle) if h]
        credits = {normalise(c) for c in (*article.byline, *article.notes)}
        furniture = {normalise(f) for f in page.furniture}
        body_started = False
        for i, line in enumerate(inside):
            text = line.text
            if i < len(headings) and not body_started and text == headings[i]:
                label = (KICKER if headings[i] == article.kicker and i == 0 else
                         TITLE if headings[i] == article.title else SUBTITLE)  # fmt: skip
            elif normalise(text) in furniture:
                label = FURNITURE
            elif normalise(text) in credits or _holds_credit(text, credits):
                label = CREDIT
            elif not body_started:
                label, body_started = START, True
            else:
                label = BODY
            labelled.append((text, label))
    return labelled


def _holds_credit(text: str, credits: set[str]) -> bool:
    """A whole line that is a credit with brackets around it: （本报记者王比学）."""
    core = normalise(text).strip("（）()")
    return bool(core) and core in credits and len(core) <= 40


@dataclass(frozen=True)
class ArticleScore:
    n_gold: int
    n_found: int
    n_matched_gold: int
    n_matched_found: int

    def as_dict(self) -> dict:
        precision = self.n_matched_found / self.n_found if self.n_found else 0.0
        recall = self.n_matched_gold / self.n_gold if self.n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "n_gold": self.n_gold,
            "n_found": self.n_found,
        }


def title_keys(article: GoldArticle) -> set[str]:
    return {normalise(article.title), normalise(article.title_core)} - {""}


def score_page(gold: GoldPage, found_titles: list[str | None]) -> ArticleScore:
    """A gold article counts when one found article has its title (title or title core,
    whitespace ignored); a found article counts when its title is a gold article's."""
    keys = [title_keys(a) for a in gold.articles]
    found = [normalise(t) for t in found_titles]
    wanted = set().union(*keys) if keys else set()
    return ArticleScore(
        n_gold=len(keys),
        n_found=len(found),
        n_matched_gold=sum(1 for k in keys if k & set(found)),
        n_matched_found=sum(1 for t in found if t and t in wanted),
    )


def total(scores: list[ArticleScore]) -> ArticleScore:
    return ArticleScore(
        *(sum(getattr(s, f) for s in scores) for f in ArticleScore.__dataclass_fields__)
    )
