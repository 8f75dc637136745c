"""Dev scores during training: each dev set by its own scheme's head and by the zhnews head
(on the labels its corpus is trusted for), to choose the epoch."""

from __future__ import annotations

import torch

from pipeline.ner.labels import bio_spans
from pipeline.ner.schemes import HEADS, SCHEMES, TRUSTED, scheme_of
from pipeline.ner_corpora.sentences import TaggedSentence
from pipeline.ner_training.examples import Featurizer, pad
from pipeline.ner_training.network import CharTagger
from pipeline.scores import score_spans


def predict_spans(
    model: CharTagger, scheme: str, inputs: list[tuple], batch_size: int = 256
) -> list[set[tuple[int, int, str]]]:
    """Native-label spans of one head for featurized texts (Featurizer output)."""
    tags = HEADS[scheme].tags
    out: list[set] = [set() for _ in inputs]
    order = sorted(range(len(inputs)), key=lambda i: len(inputs[i][0]))
    model.eval()
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            batch, lengths, mask = pad([inputs[i][0] for i in chosen])
            lexicon = pad([inputs[i][1] for i in chosen])[0] if inputs[0][1] is not None else None
            emissions = model.heads[scheme](model.encode(batch, lengths, lexicon))
            for i, path in zip(chosen, model.crfs[scheme].decode(emissions, mask), strict=True):
                out[i] = bio_spans([tags[t] for t in path], native=True)
    return out


def evaluate_scheme(
    model: CharTagger, scheme: str, sentences: list[TaggedSentence], featurize: Featurizer
) -> dict:
    predicted = predict_spans(model, scheme, [featurize(s.text) for s in sentences])
    gold = [bio_spans(s.tags, native=True) for s in sentences]
    return score_spans(gold, predicted)


def evaluate_zhnews(
    model: CharTagger, scheme: str, sentences: list[TaggedSentence], featurize: Featurizer
) -> dict:
    """The zhnews head against a corpus, on the labels the corpus is trusted for."""
    trusted, mapping = TRUSTED[scheme], SCHEMES[scheme].to_zhnews
    gold = [
        {(s, e, mapping[lab]) for s, e, lab in bio_spans(x.tags, native=True)
         if mapping.get(lab) in trusted}
        for x in sentences
    ]  # fmt: skip
    predicted = [
        {span for span in spans if span[2] in trusted}
        for spans in predict_spans(model, "zhnews", [featurize(x.text) for x in sentences])
    ]
    return score_spans(gold, predicted)


def dev_scores(
    model: CharTagger,
    dev: dict[str, list[TaggedSentence]],
    featurize: Featurizer,
    zhnews_head: bool,
) -> dict[str, dict]:
    """Each dev set scored by its own scheme's head and, with `zhnews_head`, by the zhnews
    head (as `zhnews@<set>`)."""
    scores = {
        name: evaluate_scheme(model, scheme_of(name), sents, featurize)
        for name, sents in dev.items()
    }
    if zhnews_head:
        scores |= {
            f"zhnews@{name}": evaluate_zhnews(model, scheme_of(name), sents, featurize)
            for name, sents in dev.items()
        }
    return scores
