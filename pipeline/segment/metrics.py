"""Segmentation figures per page: rows found and how many characters each kind took."""

from __future__ import annotations

from pipeline.segment.tables import SegmentedCorpus


def segment_metrics(corpus: SegmentedCorpus) -> dict:
    # Grouped once, not selected per page: per-page selection grew with pages × spans.
    spans = corpus.page_spans.assign(n=lambda s: s["end"] - s["start"])
    by_kind = spans.groupby(["page_id", "kind"])["n"].sum()
    kinds: dict[str, dict[str, int]] = {}
    for (page_id, kind), n in by_kind.items():
        kinds.setdefault(page_id, {})[kind] = int(n)
    rows = corpus.articles.assign(
        is_article=lambda a: a["kind"] == "article", is_teaser=lambda a: a["kind"] == "teaser"
    )
    counts = rows.groupby("page_id")[["is_article", "is_teaser", "merged_copies"]].sum()
    pages = {}
    for page in corpus.pages.itertuples():
        page_kinds = kinds.get(page.page_id, {})
        accounted = sum(page_kinds.values())
        found = counts.loc[page.page_id] if page.page_id in counts.index else None
        pages[page.page_id] = {
            "n_chars": int(page.n_chars),
            "chars_accounted": accounted,
            "share_accounted": round(accounted / page.n_chars, 6) if page.n_chars else 1.0,
            "chars_by_kind": dict(sorted(page_kinds.items())),
            "n_articles": int(found["is_article"]) if found is not None else 0,
            "n_teasers": int(found["is_teaser"]) if found is not None else 0,
            "merged_copies": int(found["merged_copies"]) if found is not None else 0,
        }
    total = sum(p["n_chars"] for p in pages.values())
    accounted = sum(p["chars_accounted"] for p in pages.values())
    return {
        "pages": pages,
        "n_chars": total,
        "chars_accounted": accounted,
        "share_accounted": round(accounted / total, 6) if total else 1.0,
        "n_articles": sum(p["n_articles"] for p in pages.values()),
        "n_teasers": sum(p["n_teasers"] for p in pages.values()),
    }
