"""Entity ids, and the rule by which a byline's people count: shared by the extract stage
(which counts them) and the dashboard (which recounts them over the pages a filter keeps)."""

from __future__ import annotations

import hashlib

import pandas as pd


def entity_id(label: str, name: str) -> str:
    return hashlib.sha1(f"{label}\x1f{name}".encode()).hexdigest()[:16]


def byline_credits(roles: pd.DataFrame) -> pd.DataFrame:
    """The people a byline credits (本报记者 董思婷), one row per credit: article_id, person,
    entity_id. Each counts as one PERSON mention of its article, so people counts include
    reporters; they are not `mentions` rows, whose offsets index the article body, and the
    byline is not in it."""
    credited = roles.loc[roles["method"] == "byline", ["article_id", "person"]]
    return credited.assign(entity_id=[entity_id("PERSON", p) for p in credited["person"]])
