"""The NER evaluation: the gold sets evaluate_ner and the benchmark score on (none read by
training), and exact-span P/R/F1 of a backend's output or of one head of the model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.ner.labels import bio_spans
from pipeline.ner.schemes import HEADS
from pipeline.ner_corpora.cluener import cluener_sentences, read_cluener, split_heldback
from pipeline.ner_corpora.formats import read_bmes, read_offset_gold, read_weibo
from pipeline.ner_corpora.relabel import project_convention
from pipeline.ner_corpora.sentences import TaggedSentence, read_bio
from pipeline.params import CluenerSplitParams, DataParams
from pipeline.records import LabelledSpan
from pipeline.scores import score_spans


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


def cluener_heldback(path: Path, heldback_share: float, seed: int) -> list[TaggedSentence]:
    """CLUENER train's held-back share, never trained on."""
    _, held = split_heldback(read_cluener(path), heldback_share, seed)
    return cluener_sentences(held)


@dataclass(frozen=True)
class EvaluationFiles:
    msra_test: Path
    peoples_daily_test: Path
    cluener_train: Path  # its held-back share
    resume_dev: Path
    weibo_dev: Path
    modern_dev: Path | None = None  # hand-annotated 人民日报 2019–2020 sentences
    modern_test: Path | None = None

    @classmethod
    def from_params(cls, data: DataParams, root: Path) -> EvaluationFiles:
        return cls(
            msra_test=root / data.msra_test,
            peoples_daily_test=root / data.peoples_daily_test,
            cluener_train=root / data.cluener_train,
            resume_dev=root / data.resume_dev,
            weibo_dev=root / data.weibo_dev,
            modern_dev=root / data.ner_modern_dev,
            modern_test=root / data.ner_modern_test,
        )


def evaluation_sets(files: EvaluationFiles, split: CluenerSplitParams) -> list[EvaluationSet]:
    """The sets evaluate_ner and the benchmark score on; none is read by training (Weibo dev
    only chooses the epoch). Each labelled corpus is scored in its own convention (`王/PER
    某`, comparable with published figures) and in the project's (`*_project`: `王某/PERSON`,
    what zhnews outputs)."""
    native = [
        ("msra_test", "msra", read_bio(files.msra_test)),
        ("peoples_daily_test", "msra", read_bio(files.peoples_daily_test)),
        ("cluener_heldback", "cluener",
         cluener_heldback(files.cluener_train, split.heldback_share, split.seed)),
        ("resume_dev", "resume", read_bmes(files.resume_dev)),
        ("weibo_dev", "weibo", read_weibo(files.weibo_dev)),
    ]  # fmt: skip
    sets = []
    for name, scheme, sentences in native:
        sets += [
            EvaluationSet(name, scheme, sentences),
            EvaluationSet(f"{name}_project", scheme, project_convention(sentences, scheme)),
        ]
    sets += [
        EvaluationSet(name, "zhnews", read_offset_gold(path))
        for name, path in (("modern_rmrb_dev", files.modern_dev),
                           ("modern_rmrb_test", files.modern_test))
        if path is not None
    ]  # fmt: skip
    return sets
