"""Topics without a refit: new articles assigned with the fitted model (BERTopic's
`transform`), articles already assigned keeping their rows, removed ones dropping out."""

from __future__ import annotations

import pandas as pd

from pipeline.topics.fit import MIN_TOPIC_SHARE, OUTLIER, Topics, token_stream
from pipeline.topics.model import TopicModel


def assign_topics(tokens: pd.DataFrame, model: TopicModel) -> pd.DataFrame:
    """article_topics rows for the articles of a tokens table (article_id, text)."""
    if tokens.empty:
        return pd.DataFrame(columns=["article_id", "topic_id", "weight"])
    stream, article_ids = token_stream(tokens)
    topics, probabilities = model.transform(stream)
    rows = []
    for article_id, topic, row in zip(article_ids, topics, probabilities, strict=True):
        if topic == OUTLIER:
            rows.append((article_id, OUTLIER, 1.0))
            continue
        for other, share in enumerate(row):
            if other == topic or share >= MIN_TOPIC_SHARE:
                rows.append((article_id, other, round(float(share), 6)))
    return pd.DataFrame(rows, columns=["article_id", "topic_id", "weight"])


def _strongest(article_topics: pd.DataFrame) -> pd.Series:
    """Each article's strongest topic (-1 for an outlier)."""
    best = article_topics.sort_values("weight", ascending=False, kind="stable")
    return best.drop_duplicates("article_id")["topic_id"]


def updated_topics(tokens: pd.DataFrame, previous: Topics) -> Topics:
    """`previous` (a fit's tables and model) brought up to the articles of `tokens`: the
    new ones assigned with the model, the gone ones dropped, each topic's article count
    moved by them. Labels, top terms and the merge tree stay the fit's."""
    assert previous.model is not None
    present = set(tokens["article_id"])
    old = previous.article_topics
    kept = old[old["article_id"].isin(present)]
    gone = old[~old["article_id"].isin(present)]
    new_tokens = tokens[~tokens["article_id"].isin(set(old["article_id"]))]
    added = assign_topics(new_tokens, previous.model)
    article_topics = (
        pd.concat([kept, added.astype(kept.dtypes.to_dict())], ignore_index=True)
        .sort_values(["article_id", "topic_id"], kind="stable")
        .reset_index(drop=True)
    )
    change = _strongest(added).value_counts().sub(_strongest(gone).value_counts(), fill_value=0)
    topics = previous.topics.copy()
    topics["n_articles"] += topics["topic_id"].map(change).fillna(0).astype(int)
    return Topics(topics, article_topics, previous.hierarchy, previous.model)
