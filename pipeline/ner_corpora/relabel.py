"""The labelled corpora in the project's name convention (pipeline/ner/name_convention.py):
a surname-only PERSON span (`王/B-PER 某/O`) widened over its name suffix and 小/老 prefix,
so training and the `*_project` evaluation sets see `王某` as one name."""

from __future__ import annotations

from pipeline.ner.labels import bio_spans
from pipeline.ner.name_convention import extend_surname
from pipeline.ner.schemes import HEADS
from pipeline.ner_corpora.sentences import TaggedSentence


def join_name_affixes(sentence: TaggedSentence, person_labels: frozenset[str]) -> TaggedSentence:
    """The sentence with each surname-only PERSON span (native labels `person_labels`)
    widened over its name suffix and 小/老 prefix, where those characters are O."""
    text, tags = sentence.text, list(sentence.tags)
    changed = False
    for start, end, label in sorted(bio_spans(sentence.tags, native=True)):
        if label not in person_labels:
            continue
        new_start, new_end = extend_surname(text, start, end, lambda i: tags[i] == "O")
        if (new_start, new_end) != (start, end):
            tags[new_start] = f"B-{label}"
            tags[new_start + 1 : new_end] = [f"I-{label}"] * (new_end - new_start - 1)
            changed = True
    return TaggedSentence(sentence.chars, tuple(tags)) if changed else sentence


def person_labels(scheme: str) -> frozenset[str]:
    """The scheme's native labels that mean PERSON (PER, name, NAME, PER.NAM, nr)."""
    return frozenset(k for k, v in HEADS[scheme].to_zhnews.items() if v == "PERSON")


def project_convention(sentences: list[TaggedSentence], scheme: str) -> list[TaggedSentence]:
    """The sentences with names written by surname as one PERSON span (王某, 小朱)."""
    labels = person_labels(scheme)
    return [join_name_affixes(s, labels) for s in sentences]
