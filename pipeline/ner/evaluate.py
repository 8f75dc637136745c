"""Exact-span precision, recall and F1, per label and overall (micro)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.ner.corpus import TaggedSentence, bio_spans
from pipeline.ner.schemes import HEADS
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


@dataclass(frozen=True)
class EvaluationSet:
    """Gold sentences of one corpus file and the label scheme its tags follow."""

    name: str
    scheme: str
    sentences: list[TaggedSentence]

    @property
    def labels(self) -> frozenset[str]:
        """The zhnews labels this corpus annotates (others are not scored on it)."""
        return frozenset(v for v in HEADS[self.scheme].to_zhnews.values() if v)

    def gold(self) -> list[set[LabelledSpan]]:
        mapping = HEADS[self.scheme].to_zhnews
        return [
            {
                (s, e, mapping[lab])
                for s, e, lab in bio_spans(x.tags, native=True)
                if mapping.get(lab)
            }
            for x in self.sentences
        ]


def evaluate_output(
    predict: Callable[[list[str]], list[list[LabelledSpan]]],
    evaluation: EvaluationSet,
    batch_size: int = 512,
) -> dict:
    """Exact-span P/R/F1 of zhnews-label predictions on the labels the corpus annotates."""
    texts = [s.text for s in evaluation.sentences]
    predicted = []
    for start in range(0, len(texts), batch_size):
        predicted += [
            {span for span in spans if span[2] in evaluation.labels}
            for spans in predict(texts[start : start + batch_size])
        ]
    return {**score_spans(evaluation.gold(), predicted), "n_sentences": len(texts)}


def evaluate_native_head(runtime, evaluation: EvaluationSet) -> dict:
    """The corpus's own head of the zhnews model, in its native labels (CLUENER `name`,
    `position`, …): how well the model learnt that corpus's conventions."""
    texts = [s.text for s in evaluation.sentences]
    predicted = runtime.spans(texts, (evaluation.scheme,))[evaluation.scheme]
    gold = [bio_spans(s.tags, native=True) for s in evaluation.sentences]
    return {**score_spans(gold, predicted), "n_sentences": len(texts)}
