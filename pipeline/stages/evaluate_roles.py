"""DVC stage evaluate_roles: role links on the seeds against the hand-checked list, and on
人民日报 dev pages run through segment, tokenize and extract -> outputs/metrics/roles.json."""

import logging
import tempfile
from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline.extract.parallel import ExtractModels, extract_in_processes
from pipeline.io import read_table, write_json, write_table
from pipeline.params import Params, load_params
from pipeline.paths import METRICS_DIR, NER_DIR, OUTPUTS_DIR, PKUSEG_DIR, ROOT
from pipeline.records import PageText
from pipeline.roles.evaluate import (
    evaluate_dev_links,
    evaluate_links,
    read_gold_links,
    split_figures,
)
from pipeline.schemas import RoleTable, SentenceTable, TokenTable
from pipeline.segment.gold import read_gold_pages
from pipeline.segment.metadata import PageMeta
from pipeline.segment.tables import segment_corpus
from pipeline.tokenize.nlp import build_nlp
from pipeline.tokenize.sentences import tokenize_articles

log = logging.getLogger(__name__)


def page_roles(
    params: Params, page_ids: tuple[str, ...], model_dir: Path, nlp: Language
) -> pd.DataFrame:
    """The roles table of the named 人民日报 pages, through the stages' own code: segment,
    tokenize, and extract's entry point over the sentences and tokens written to parquet."""
    wanted = set(page_ids)
    gold_pages = [
        p for p in read_gold_pages(ROOT / params.data.renminribao_pages) if p.page_id in wanted
    ]
    if missing := wanted - {p.page_id for p in gold_pages}:
        raise ValueError(f"{params.data.renminribao_pages}: no pages {sorted(missing)}")
    pages = [PageText(p.page_id, p.page_id, p.text) for p in gold_pages]
    metas = {p.page_id: PageMeta(paper=p.paper, page_no=p.page_no) for p in gold_pages}
    corpus = segment_corpus(pages, params.segment, metas)
    sentences, tokens = tokenize_articles(corpus.articles, nlp, params.tokenize.max_chunk_chars)
    papers = dict(zip(corpus.pages["page_id"], corpus.pages["paper"], strict=True))
    with tempfile.TemporaryDirectory() as folder:
        sentences_path = Path(folder, "sentences.parquet")
        tokens_path = Path(folder, "tokens.parquet")
        write_table(sentences, SentenceTable, sentences_path)
        write_table(tokens, TokenTable, tokens_path)
        models = ExtractModels(params.ner, model_dir, ROOT / params.data.admin_divisions)
        return extract_in_processes(
            corpus.articles, sentences_path, tokens_path, params.extract, models, papers, 1
        ).roles


def main(
    out: Path = OUTPUTS_DIR,
    metrics: Path = METRICS_DIR,
    model_dir: Path = NER_DIR,
    pkuseg_dir: Path = PKUSEG_DIR,
) -> None:
    params = load_params()
    settings = params.evaluate_roles
    results = {
        "seed_links": evaluate_links(
            read_table(out / "roles.parquet", RoleTable),
            read_gold_links(ROOT / params.data.seed_roles_gold),
        )
    }
    nlp = build_nlp(pkuseg_dir, params.tokenize.sentence_end_chars)
    for name, page_set in settings.page_sets.items():
        results[name] = evaluate_dev_links(
            page_roles(params, page_set.pages, model_dir, nlp),
            read_gold_links(ROOT / page_set.gold),
        )
        for part in ("links", "pairs"):
            scores = results[name][part]
            log.info(
                "%s %s: P %.4f R %.4f F1 %.4f", name, part,
                *(scores[k] for k in ("precision", "recall", "f1")),
            )  # fmt: skip
        log.info("%s organisation right: %s", name, results[name]["organisation_right"]["share"])
    figures, errors = split_figures(results)
    write_json(figures, metrics / "roles.json")
    write_json(errors, metrics / "roles_errors.json")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
