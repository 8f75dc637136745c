"""Role link evaluation: (page, person, title, organisation) links against hand-written
gold, on the seed pages and on 人民日报 pages run through the whole pipeline.
(ROLE spans themselves are scored by evaluate_ner, on CLUENER's held-back share.)

Gold comes in the shared JSON-lines format of data/renminribao_pages/roles_gold (fields
`file`, `person`, `title`, `org_full`, …) or as `person<TAB>title<TAB>org_full` lines with
`# page <page_id>` markers. Links match exactly on (page, person, title, org_full) after
removing spaces, quotes, brackets and `·` (the shared gold's own rule).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from pipeline.scores import prf

LINK_KEY = ["page_id", "person", "title", "org_full"]
# What the comparison ignores: spaces, quotes, brackets and the dot of foreign names.
NOT_COMPARED_RE = re.compile(r"[\s\u00a0\u3000“”\"'‘’「」『』()（）\[\]【】《》〈〉·•・]")
PAGE_MARK_RE = re.compile(r"^#\s*page\s+(\S+)")


def compared(text: str | None) -> str:
    return NOT_COMPARED_RE.sub("", text) if isinstance(text, str) else ""


def _read_tsv(path: Path) -> list[tuple[str, str, str, str]]:
    rows, page = [], ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if mark := PAGE_MARK_RE.match(line):
            page = mark.group(1)
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            raise ValueError(f"{path}:{number}: expected person, title, org_full; got {line!r}")
        rows.append((page, *cells))
    return rows


def _read_jsonl(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            rows.append((record["file"], record["person"], record["title"], record["org_full"]))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a role-link record ({error})") from None
    return rows


def read_gold_links(path: Path) -> pd.DataFrame:
    """Gold links as a frame of LINK_KEY; page_id is "" where the file names no page."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: gold role links not found")
    rows = _read_jsonl(path) if path.suffix == ".jsonl" else _read_tsv(path)
    return pd.DataFrame(rows, columns=LINK_KEY)


def with_pages(roles: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The roles table with each link's page_id (from its article)."""
    page_of = dict(zip(articles["article_id"], articles["page_id"], strict=True))
    return roles.assign(page_id=roles["article_id"].map(page_of))


def link_keys(roles: pd.DataFrame, by_page: bool = True) -> set[tuple[str, str, str, str]]:
    """Each link as compared: (page or "", person, title, org_full or "")."""
    pages = roles["page_id"] if by_page and "page_id" in roles else [""] * len(roles)
    return {
        (page if isinstance(page, str) else "", compared(person), compared(title), compared(org))
        for page, person, title, org in zip(
            pages, roles["person"], roles["title"], roles["org_full"], strict=True
        )
    }


def _keys(roles: pd.DataFrame, gold: pd.DataFrame) -> tuple[set, set]:
    """(found, wanted): compared by page when the gold names its pages."""
    by_page = "page_id" in gold and bool(gold["page_id"].astype(bool).any())
    return link_keys(roles, by_page), link_keys(gold, by_page)


def _shown(key: tuple[str, str, str, str]) -> str:
    page, *link = key
    return "/".join([page, *link] if page else link)


def evaluate_links(roles: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """P/R/F1 of distinct (page, person, title, org_full) links, with the misses and extras."""
    found, wanted = _keys(roles, gold)
    return {
        **prf(len(found & wanted), len(found - wanted), len(wanted - found)),
        "missed": [_shown(k) for k in sorted(wanted - found)],
        "false": [_shown(k) for k in sorted(found - wanted)],
    }


def evaluate_pairs(roles: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """P/R/F1 of distinct (page, person, title) pairs, whatever organisation they were given."""
    found, wanted = (({k[:3] for k in keys}) for keys in _keys(roles, gold))
    return prf(len(found & wanted), len(found - wanted), len(wanted - found))


def organisation_right(roles: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Of the gold links that name an organisation and whose (page, person, title) was
    found, the share found with that organisation; the wrong ones listed."""
    found, wanted = _keys(roles, gold)
    pairs = {k[:3] for k in found}
    named = [k for k in wanted if k[3] and k[:3] in pairs]
    wrong = sorted(k for k in named if k not in found)
    return {
        "share": round(1 - len(wrong) / len(named), 4) if named else 0.0,
        "support": len(named),
        "wrong": [_shown(k) for k in wrong],
    }


def people_not_in_gold(roles: pd.DataFrame, gold: pd.DataFrame) -> list[str]:
    """Persons of found links that no gold link names (fragments such as 江办 show here)."""
    return sorted({compared(p) for p in roles["person"]} - {compared(p) for p in gold["person"]})


def evaluate_dev_links(roles: pd.DataFrame, gold: pd.DataFrame) -> dict:
    return {
        "links": evaluate_links(roles, gold),
        "pairs": evaluate_pairs(roles, gold),
        "organisation_right": organisation_right(roles, gold),
        "people_not_in_gold": people_not_in_gold(roles, gold),
    }


def split_figures(results: dict) -> tuple[dict, dict]:
    """(the numbers, for DVC's metrics file; the listed links and names, for reading)."""
    figures, errors = {}, {}
    for key, value in results.items():
        if isinstance(value, dict):
            figures[key], errors[key] = split_figures(value)
        elif isinstance(value, list):
            errors[key] = value
        else:
            figures[key] = value
    return figures, errors
