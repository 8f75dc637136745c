"""DVC stage extract: mentions, roles and entities tables from articles and sentences."""

import logging
from pathlib import Path

from pipeline.extract.tables import extract_corpus
from pipeline.io import read_table, write_table
from pipeline.params import load_params
from pipeline.paths import OUTPUTS_DIR
from pipeline.schemas import (
    ArticleTable,
    EntityTable,
    MentionTable,
    RoleTable,
    SentenceTable,
    TokenTable,
)


def main(out: Path = OUTPUTS_DIR) -> None:
    extracted = extract_corpus(
        read_table(out / "articles.parquet", ArticleTable),
        read_table(out / "sentences.parquet", SentenceTable),
        read_table(out / "tokens.parquet", TokenTable),
        load_params().extract,
    )
    write_table(extracted.mentions, MentionTable, out / "mentions.parquet")
    write_table(extracted.roles, RoleTable, out / "roles.parquet")
    write_table(extracted.entities, EntityTable, out / "entities.parquet")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
