"""Role link evaluation: (person, title, organisation) links against a hand-checked list.
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
