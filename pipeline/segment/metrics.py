"""Segmentation figures per page: rows found and how many characters each kind took."""

from __future__ import annotations

from pipeline.segment.tables import SegmentedCorpus


def segment_metrics(corpus: SegmentedCorpus) -> dict:
    spans = corpus.page_spans.assign(n=lambda s: s["end"] - s["start"])
    articles = corpus.articles
    pages = {}
    for page in corpus.pages.itertuples():
        page_spans = spans[spans["page_id"] == page.page_id]
        rows = articles[articles["page_id"] == page.page_id]
        by_kind = page_spans.groupby("kind")["n"].sum().to_dict()
        accounted = int(page_spans["n"].sum())
        pages[page.page_id] = {
            "n_chars": int(page.n_chars),
            "chars_accounted": accounted,
            "share_accounted": round(accounted / page.n_chars, 6) if page.n_chars else 1.0,
            "chars_by_kind": {kind: int(n) for kind, n in sorted(by_kind.items())},
            "n_articles": int((rows["kind"] == "article").sum()),
            "n_teasers": int((rows["kind"] == "teaser").sum()),
            "merged_copies": int(rows["merged_copies"].sum()),
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
