"""docs/evaluation.md: the measured figures, as tables rendered from outputs/metrics/*.json
(written by the evaluate_* stages and the segment stage), so no figure is typed by hand."""

from __future__ import annotations

import json
from pathlib import Path

NER_LABELS = ("PERSON", "ORG", "PLACE", "ROLE")


def markdown_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    rows = [row + [None] * (len(header) - len(row)) for row in rows]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _prf(scores: dict) -> list:
    return [scores.get("precision"), scores.get("recall"), scores.get("f1")]


def segment_section(metrics: dict) -> str:
    """Article splitting (evaluate_segment → segment.json)."""
    header = ["set", "pages", "gold", "found", "precision", "recall", "F1", "kicker exact",
              "subtitle exact", "source exact", "type agrees"]  # fmt: skip
    rows = []
    for name in ("dev_clean", "dev_noisy"):
        m = metrics.get(name, {})
        fields = m.get("fields_exact", {})
        rows.append(
            [name, m.get("n_pages"), m.get("n_gold"), m.get("n_found"), *_prf(m)]
            + [fields.get(k) for k in ("kicker", "subtitle", "source", "type")]
        )
    for name, m in metrics.get("seeds", {}).items():
        rows.append([f"seeds, {name}", None, m.get("n_gold"), m.get("n_found"), *_prf(m)])
    misses = []
    for name in ("dev_clean", "dev_noisy"):
        m = metrics.get(name, {}).get("misses", {})
        for group, kinds in m.items():
            for kind, counts in kinds.items():
                misses.append([name, group, kind, counts["missed"], counts["n_gold"]])
    return "\n\n".join([
        "## Splitting pages into articles (`evaluate_segment` → `segment.json`)",
        markdown_table(header, rows),
        "Where the missed gold articles are (`misses`):",
        markdown_table(["set", "by", "group", "missed", "gold"], misses),
    ])  # fmt: skip


def accounting_section(metrics: dict) -> str:
    """Where every character of the seed pages went (segment → segment_accounting.json)."""
    row = [metrics.get(k) for k in ("n_chars", "chars_accounted", "n_articles", "n_teasers")]
    return "\n\n".join([
        "## Character accounting on the seeds (`segment` → `segment_accounting.json`)",
        markdown_table(["characters", "accounted for", "articles", "teasers"], [row]),
    ])  # fmt: skip


def ner_section(metrics: dict) -> str:
    """Named entities per evaluation set (evaluate_ner → ner.json), the output labels."""
    header = ["set", "sentences", "precision", "recall", "F1", *(f"{x} F1" for x in NER_LABELS)]
    rows = []
    for name, sets in metrics.items():
        if not isinstance(sets, dict) or "output" not in sets:
            continue
        output = sets["output"]
        labels = output.get("labels", {})
        rows.append(
            [name, output.get("n_sentences"), *_prf(output.get("overall", {}))]
            + [labels.get(x, {}).get("f1") for x in NER_LABELS]
        )
    return "\n\n".join([
        f"## Named entities (`evaluate_ner` → `ner.json`; backend `{metrics.get('backend')}`)",
        "Scores of the labels the pipeline outputs (PERSON, ORG, PLACE, ROLE), mapped from "
        "each corpus's own labels; `_project` sets use the project's conventions. "
        "`ner.json` also holds the model's own head per corpus label.",
        markdown_table(header, rows),
    ])  # fmt: skip


def roles_section(metrics: dict) -> str:
    """Person ↔ title ↔ organisation links (evaluate_roles → roles.json)."""
    header = ["set", "links", "precision", "recall", "F1", "(person, title) P", "R",
              "organisation right"]  # fmt: skip
    rows = []
    for name, m in metrics.items():
        links = m.get("links", m)
        pairs, orgs = m.get("pairs", {}), m.get("organisation_right", {})
        rows.append(
            [name, links.get("support"), *_prf(links), pairs.get("precision"),
             pairs.get("recall"), orgs.get("share")]
        )  # fmt: skip
    return "\n\n".join([
        "## Role links (`evaluate_roles` → `roles.json`; misses in `roles_errors.json`)",
        markdown_table(header, rows),
    ])  # fmt: skip


def topics_section(metrics: dict) -> str:
    """Topics against labelled corpora, and on the 人民日报 pages (evaluate_topics)."""
    header = ["corpus", "number of topics", "articles", "labels", "topics", "V-measure",
              "NMI", "ARI", "outliers"]  # fmt: skip
    rows = []
    for corpus in ("sogouc", "thucnews"):
        m = metrics.get(corpus, {})
        for how in ("given", "found"):
            r = m.get(how, {})
            rows.append(
                [corpus, how, m.get("n_articles"), m.get("n_labels"), r.get("n_topics"),
                 r.get("v_measure"), r.get("nmi"), r.get("ari"), r.get("outlier_share")]
            )  # fmt: skip
    rmrb = metrics.get("renminribao", {})
    probes = [
        [word, p.get("n_articles"), p.get("share_in_named_topics")]
        for word, p in rmrb.get("probes", {}).items()
    ]
    summary = [[rmrb.get(k) for k in ("n_articles", "n_topics", "npmi_top_terms",
                                       "outlier_share")]]  # fmt: skip
    return "\n\n".join([
        "## Topics (`evaluate_topics` → `topics.json`)",
        "Number of topics given (the labels' count) or found:",
        markdown_table(header, rows),
        "人民日报 pages (no labels): coherence of the top terms and keyword probes",
        markdown_table(["articles", "topics", "NPMI of top terms", "outliers"], summary),
        markdown_table(["probe", "articles", "share in its named topic"], probes),
    ])  # fmt: skip


SECTIONS = {
    "segment.json": segment_section,
    "segment_accounting.json": accounting_section,
    "ner.json": ner_section,
    "roles.json": roles_section,
    "topics.json": topics_section,
}
HEADER = """# Evaluation figures

Written by `python -m pipeline.docs` from `outputs/metrics/*.json` (do not edit by hand;
`tests/test_docs.py` checks it is up to date). Rerun the stages to measure again:
`dvc repro evaluate_segment evaluate_ner evaluate_roles evaluate_topics`. What the sets
are and what was tried is in the topic pages: [splitting](splitting.md),
[NER](ner.md), [roles](roles.md), [topics](topics.md).
"""


def evaluation_markdown(metrics_dir: Path) -> str:
    parts = [HEADER.strip()]
    for file_name, render in SECTIONS.items():
        path = metrics_dir / file_name
        if path.exists():
            parts.append(render(json.loads(path.read_text(encoding="utf-8"))))
    return "\n\n".join(parts) + "\n"
