"""DVC stage evaluate_roles: role links on the seeds against the hand-checked list, and on
人民日报 pages run through segment, tokenize and extract as a user would run them (the pages
in a folder with a manifest.csv naming paper, date and page) -> outputs/metrics/roles.json,
with the missed and false links in outputs/metrics/roles_errors.json."""

import csv
import logging
import tempfile
from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline.extract.parallel import ExtractModels, extract_in_processes
from pipeline.inputs import InputLimits, read_pages_checked
from pipeline.io import read_table, write_json, write_table
from pipeline.params import Params, load_params
from pipeline.paths import METRICS_DIR, NER_DIR, OUTPUTS_DIR, PKUSEG_DIR, ROOT
from pipeline.roles_evaluation import (
    evaluate_dev_links,
    evaluate_links,
    read_gold_links,
    split_figures,
    with_pages,
)
from pipeline.schemas import ArticleTable, RoleTable, SentenceTable, TokenTable
from pipeline.segment.gold import GoldPage, read_gold_pages
from pipeline.segment.metadata import page_metas
from pipeline.segment.tables import segment_corpus
from pipeline.segment.tagger import segment_line_labeller
from pipeline.tokenize.nlp import build_nlp
from pipeline.tokenize.sentences import tokenize_articles

log = logging.getLogger(__name__)


def write_pages_folder(pages: list[GoldPage], folder: Path, manifest: str) -> None:
    """The pages as a user lays them out: one .txt each and a manifest naming their paper,
    date and page number (docs/splitting.md: "Laying out a multi-year corpus")."""
    with (folder / manifest).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "paper", "date", "page_no"])
        for page in pages:
            (folder / f"{page.page_id}.txt").write_text(page.text, encoding="utf-8")
            writer.writerow([f"{page.page_id}.txt", page.paper, page.date, page.page_no])


def page_roles(
    params: Params, page_ids: tuple[str, ...], model_dir: Path, nlp: Language
) -> pd.DataFrame:
    """The roles table of the named 人民日报 pages (with their page_id), through the stages'
    own code: the page reader and manifest, segment, tokenize, and extract's entry point
    over the sentences and tokens written to parquet."""
    wanted = set(page_ids)
    gold_pages = [
        p for p in read_gold_pages(ROOT / params.data.renminribao_pages) if p.page_id in wanted
    ]
    if missing := wanted - {p.page_id for p in gold_pages}:
        raise ValueError(f"{params.data.renminribao_pages}: no pages {sorted(missing)}")
    segment = params.segment
    with tempfile.TemporaryDirectory() as folder:
        pages_dir = Path(folder, "pages")
        pages_dir.mkdir()
        write_pages_folder(gold_pages, pages_dir, segment.manifest)
        limits = InputLimits(segment.max_page_chars, segment.min_cjk_share)
        pages, problems = read_pages_checked(pages_dir, limits)
        if problems:
            raise ValueError(f"{params.data.renminribao_pages}: pages not read: {problems}")
        metas = page_metas(pages_dir, [p.page_id for p in pages], segment.manifest, None)
        corpus = segment_corpus(pages, segment, metas, segment_line_labeller(segment, ROOT))
        sentences, tokens = tokenize_articles(corpus.articles, nlp, params.tokenize.max_chunk_chars)
        papers = dict(zip(corpus.pages["page_id"], corpus.pages["paper"], strict=True))
        sentences_path = Path(folder, "sentences.parquet")
        tokens_path = Path(folder, "tokens.parquet")
        write_table(sentences, SentenceTable, sentences_path)
        write_table(tokens, TokenTable, tokens_path)
        models = ExtractModels(params.ner, model_dir, ROOT / params.data.admin_divisions)
        roles = extract_in_processes(
            corpus.articles, sentences_path, tokens_path, params.extract, models, papers, 1
        ).roles
    return with_pages(roles, corpus.articles)


def main(
    out: Path = OUTPUTS_DIR,
    metrics: Path = METRICS_DIR,
    model_dir: Path = NER_DIR,
    pkuseg_dir: Path = PKUSEG_DIR,
    only: tuple[str, ...] = (),
) -> None:
    """Score every page set of params (or only the sets named in `only`)."""
    params = load_params()
    seed_roles = with_pages(
        read_table(out / "roles.parquet", RoleTable),
        read_table(out / "articles.parquet", ArticleTable),
    )
    results = {
        "seed_links": evaluate_links(
            seed_roles, read_gold_links(ROOT / params.data.seed_roles_gold)
        )
    }
    nlp = build_nlp(pkuseg_dir, params.tokenize.sentence_end_chars)
    for name, page_set in params.evaluate_roles.page_sets.items():
        if only and name not in only:
            continue
        gold = read_gold_links(ROOT / page_set.gold)
        pages = page_set.pages or tuple(sorted(set(gold["page_id"])))
        results[name] = evaluate_dev_links(page_roles(params, pages, model_dir, nlp), gold)
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
