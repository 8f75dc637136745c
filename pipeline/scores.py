"""Exact-match precision, recall and F1, per label and overall (micro)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pipeline.records import LabelledSpan


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": tp + fn,
    }


def score_spans(gold: Iterable[set[LabelledSpan]], predicted: Iterable[set[LabelledSpan]]) -> dict:
    """A span counts only when start, end and label all match."""
    counts: Counter[tuple[str, str]] = Counter()
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        for *_, label in gold_spans & predicted_spans:
            counts["tp", label] += 1
        for *_, label in predicted_spans - gold_spans:
            counts["fp", label] += 1
        for *_, label in gold_spans - predicted_spans:
            counts["fn", label] += 1
    labels = sorted({label for _, label in counts})
    per_label = {
        label: prf(counts["tp", label], counts["fp", label], counts["fn", label])
        for label in labels
    }
    total = {
        kind: sum(n for (k, _), n in counts.items() if k == kind) for kind in ("tp", "fp", "fn")
    }
    return {"overall": prf(total["tp"], total["fp"], total["fn"]), "labels": per_label}
