"""DVC stage topics: topic tables and the fitted topic model from article tokens. With
`topics.refit: false` and a model fitted with the same settings, code and tokenizer, the
model is kept and only new articles are assigned with it (pipeline/topics/update.py)."""

import logging
import shutil
from dataclasses import replace
from pathlib import Path

from pipeline.catalog import (
    ARTICLE_TOPICS,
    ARTICLES,
    TOKENS,
    TOPIC_HIERARCHY,
    TOPIC_MONTHS,
    TOPICS,
)
from pipeline.io import read_table, staged_outputs, write_table
from pipeline.params import load_params
from pipeline.paths import OUTPUTS_DIR
from pipeline.stage_cache import outputs_fingerprint
from pipeline.topics.fit import Topics, fit_topics, topic_months
from pipeline.topics.model import MODEL_FILE_NAME, TopicModelError, load_model, save_model
from pipeline.topics.update import updated_topics

log = logging.getLogger(__name__)


def previous_fit(out: Path, settings: str) -> Topics | None:
    """The tables and model of an earlier run fitted with these settings, or None."""
    try:
        model = load_model(out / MODEL_FILE_NAME)
    except TopicModelError:
        return None
    if model.settings != settings:
        log.info("the topic model was fitted with other settings, code or tokens: refit")
        return None
    try:
        return Topics(
            *(read_table(t.path(out), t.schema) for t in (TOPICS, ARTICLE_TOPICS, TOPIC_HIERARCHY)),
            model,
        )
    except FileNotFoundError:
        return None


def main(out: Path = OUTPUTS_DIR, refit: bool | None = None) -> None:
    params = load_params().topics
    refit = params.refit if refit is None else refit
    # Only the words and their article: the offsets are not needed here.
    tokens = read_table(TOKENS.path(out), TOKENS.schema, columns=["article_id", "text"])
    articles = read_table(ARTICLES.path(out), ARTICLES.schema, columns=["article_id", "date"])
    settings = outputs_fingerprint(out, "topics")
    previous = None if refit else previous_fit(out, settings)
    if previous is not None:
        log.info("assigning new articles with the fitted model (topics.refit: false)")
        result = updated_topics(tokens, previous)
    else:
        result = fit_topics(tokens, params)
        if result.model is not None:
            result = replace(result, model=replace(result.model, settings=settings))
    months = topic_months(result.article_topics, articles)
    with staged_outputs(out, "topics") as staged:
        write_table(result.topics, TOPICS.schema, staged(TOPICS.path(out)))
        write_table(result.article_topics, ARTICLE_TOPICS.schema, staged(ARTICLE_TOPICS.path(out)))
        write_table(result.hierarchy, TOPIC_HIERARCHY.schema, staged(TOPIC_HIERARCHY.path(out)))
        write_table(months, TOPIC_MONTHS.schema, staged(TOPIC_MONTHS.path(out)))
        if previous is not None:
            shutil.copy(out / MODEL_FILE_NAME, staged(out / MODEL_FILE_NAME))
        elif result.model is not None:
            save_model(result.model, staged(out / MODEL_FILE_NAME))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
