"""Label schemes: the labels each training corpus annotates, and what they mean for zhnews.

Each scheme has its own CRF head (pipeline/ner_training/network.py). A native label mapped to None
is learnt (so CLUENER's head knows a book title is not a person) but never reported.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scheme:
    name: str
    to_zhnews: dict[str, str | None]  # native label -> PERSON / ORG / PLACE / ROLE or None

    @property
    def tags(self) -> tuple[str, ...]:
        labels = sorted(self.to_zhnews)
        return ("O", *(f"{p}-{label}" for label in labels for p in ("B", "I")))


SCHEMES = {
    scheme.name: scheme
    for scheme in (
        Scheme("msra", {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}),
        Scheme(
            "cluener",
            {
                "name": "PERSON",
                "organization": "ORG",
                "government": "ORG",
                "company": "ORG",
                "address": "PLACE",
                "position": "ROLE",
                "scene": None,
                "book": None,
                "game": None,
                "movie": None,
            },
        ),
        Scheme(
            "resume",
            {
                "NAME": "PERSON",
                "ORG": "ORG",
                "LOC": "PLACE",
                "TITLE": "ROLE",
                "EDU": None,
                "PRO": None,
                "RACE": None,
                "CONT": None,
            },
        ),
        Scheme(
            "weibo",
            {
                "PER.NAM": "PERSON",
                "ORG.NAM": "ORG",
                "LOC.NAM": "PLACE",
                "GPE.NAM": "PLACE",
                "PER.NOM": None,
                "ORG.NOM": None,
                "LOC.NOM": None,
                "GPE.NOM": None,
            },
        ),
        Scheme("pd2014", {"nr": "PERSON", "nt": "ORG", "ns": "PLACE", "nnt": "ROLE"}),
    )
}


# The zhnews head: the four zhnews labels, learnt from every corpus at once. Each corpus
# teaches it only the labels it annotates the way zhnews wants them (below); elsewhere the
# head may put any of the other labels (a partial annotation), so MSRA, which never marks
# titles, does not teach it that a title is O. Not trusted: CLUENER's addresses and
# organisations (other boundaries: 北京市海淀区中关村 is one address); People's Daily
# 2014's ns/nt, which are POS tags that leave many names untagged (人民日报, 共同社, CNN
# in its dev articles), and its nnt, which holds 学生 and 干部.
ZHNEWS = Scheme("zhnews", {"PERSON": "PERSON", "ORG": "ORG", "PLACE": "PLACE", "ROLE": "ROLE"})
HEADS = {**SCHEMES, "zhnews": ZHNEWS}
TRUSTED = {
    "msra": frozenset({"PERSON", "ORG", "PLACE"}),
    "cluener": frozenset({"PERSON", "ROLE"}),
    "resume": frozenset({"PERSON", "ORG", "ROLE"}),
    "weibo": frozenset({"PERSON", "ORG", "PLACE"}),
    "pd2014": frozenset({"PERSON"}),
}


def scheme_of(dev_name: str) -> str:
    """`weibo:dev` -> `weibo`: the label scheme of a dev set named after its file."""
    return dev_name.partition(":")[0]
