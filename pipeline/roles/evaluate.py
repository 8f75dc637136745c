"""Role link evaluation: (person, title, organisation) links against a hand-checked list,
on the seed pages and on 人民日报 dev pages run through the whole pipeline.
(ROLE spans themselves are scored by evaluate_ner, on CLUENER's held-back share.)"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.ner.evaluate import prf

LINK_KEY = ["person", "title", "org_full"]


def read_gold_links(path: Path) -> pd.DataFrame:
    """person<TAB>title<TAB>org_full lines (org_full may be empty); # starts a comment."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: gold role links not found")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            raise ValueError(f"{path}:{number}: expected person, title, org_full; got {line!r}")
        rows.append(cells)
    return pd.DataFrame(rows, columns=LINK_KEY)


def link_keys(roles: pd.DataFrame) -> set[tuple[str, str, str]]:
    return {
        (person, title, org if isinstance(org, str) else "")
        for person, title, org in roles[LINK_KEY].itertuples(index=False)
    }


def evaluate_links(roles: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """P/R/F1 of distinct (person, title, org_full) triples, with the misses and extras."""
    found, wanted = link_keys(roles), link_keys(gold)
    return {
        **prf(len(found & wanted), len(found - wanted), len(wanted - found)),
        "missed": ["/".join(k) for k in sorted(wanted - found)],
        "false": ["/".join(k) for k in sorted(found - wanted)],
    }


def evaluate_pairs(roles: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """P/R/F1 of distinct (person, title) pairs, whatever organisation they were given."""
    found = {(p, t) for p, t, _ in link_keys(roles)}
    wanted = {(p, t) for p, t, _ in link_keys(gold)}
    return prf(len(found & wanted), len(found - wanted), len(wanted - found))


def organisation_right(roles: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Of the gold links whose text names an organisation and whose (person, title) was
    found, the share found with that organisation; the wrong ones listed."""
    found = link_keys(roles)
    pairs = {(p, t) for p, t, _ in found}
    named = [k for k in link_keys(gold) if k[2] and k[:2] in pairs]
    wrong = sorted(k for k in named if k not in found)
    return {
        "share": round(1 - len(wrong) / len(named), 4) if named else 0.0,
        "support": len(named),
        "wrong": ["/".join(k) for k in wrong],
    }


def people_not_in_gold(roles: pd.DataFrame, gold: pd.DataFrame) -> list[str]:
    """Persons of found links that no gold link names (fragments such as 江办 show here)."""
    return sorted(set(roles["person"]) - set(gold["person"]))


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
