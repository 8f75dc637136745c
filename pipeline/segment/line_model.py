"""The line model: a CRF (python-crfsuite) that labels each line of a page as kicker, title,
subtitle, the first line of an article body, a later body line, a credit (byline, photo
credit, author note), page furniture, a page pointer or a teaser.

Its features are the typographic cues a reader uses — length, how the line ends, datelines,
bylines, credits, column tags, the line before and after — and the kind today's rules give
the line (pipeline/segment/lines.py), so it starts from what the rules know and learns
where other papers differ. It is trained on labelled pages with simulated print noise
(pipeline/segment/training.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from pipeline.segment.labels import HEADINGS
from pipeline.segment.lines import (
    CLOSING_CHARS,
    CONTINUING_CHARS,
    POINTER_RE,
    TEASER_RE,
    LineClassifier,
    is_closed,
    parse_byline,
)
from pipeline.text import CJK

MODEL_FILE = "lines.crfsuite"
META_FILE = "meta.json"

DATELINE_RE = re.compile(
    rf"^[（(]?(?:本报|新华社|中新社|人民网|央视网|据)[{CJK}]{{0,10}}"
    r"(?:\d{1,2}月\d{1,2}日)?(?:电|讯|报道|消息)"
)
SOURCE_TAG_RE = re.compile(rf"^(?:本报讯|[{CJK}]{{2,6}}讯|据[{CJK}]{{2,10}}(?:报|社|网))")
CREDIT_RE = re.compile(
    r"(摄(?:影)?(?:（[^）]*）)?$|^(?:制图|图片|图片来源|本版编辑|责编|版式设计|本版制图|数据来源)[：:]"
    r"|^[（(](?:作者|本报记者|记者|本报评论员)|^(?:本报|新华社|人民网|新华网)?记者[\s\u00a0]|^通讯员)"
)
COLUMN_TAG_RE = re.compile(r"[（(][^（）()]{2,20}[）)]$")
DATE_LINE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日")
LENGTH_BUCKETS = (2, 5, 10, 15, 20, 25, 30, 40, 60, 100)


class LineModelError(FileNotFoundError):
    """The line model is missing; the message says how to build it."""


def _bucket(n: int) -> str:
    for limit in LENGTH_BUCKETS:
        if n <= limit:
            return f"<={limit}"
    return ">100"


def _ending(text: str) -> str:
    core = text.rstrip(CLOSING_CHARS + " \u00a0\u3000")
    if not core:
        return "empty"
    last = core[-1]
    if is_closed(text):
        return "closed"
    if last in CONTINUING_CHARS:
        return "continuing"
    if text.endswith("——") or last == "—":
        return "dash"
    if last.isdigit():
        return "digit"
    return "open"


def line_cues(text: str, classifier: LineClassifier, wording: bool = True) -> list[str]:
    """Features of one line on its own; with `wording`, also its first character pairs."""
    squeezed = text.replace("\u00a0", "").replace(" ", "").replace("\u3000", "")
    feats = [
        f"len={_bucket(len(squeezed))}",
        f"end={_ending(text)}",
        f"rule={classifier.classify(text).value}",
        f"first={text[0]}",
        f"last={text[-1]}",
        f"head2={text[:2]}",
        f"tail2={text[-2:]}",
    ]
    if "。" in text:
        feats.append("has_period")
    if "，" in text or "," in text:
        feats.append("has_comma")
    if DATELINE_RE.match(text):
        feats.append("dateline")
    if SOURCE_TAG_RE.match(text) or classifier.source_tag(text):
        feats.append("source_tag")
    if CREDIT_RE.search(text):
        feats.append("credit")
    if parse_byline(text):
        feats.append("byline")
    if COLUMN_TAG_RE.search(text):
        feats.append("column_tag")
    if DATE_LINE_RE.match(text):
        feats.append("date_line")
    if POINTER_RE.match(text):
        feats.append("pointer")
    if TEASER_RE.match(text):
        feats.append("teaser")
    if text.startswith(("“", '"')):
        feats.append("quote_start")
    if "\u00a0" in text or "  " in text:
        feats.append("wide_space")
    digits = sum(map(str.isdigit, text))
    if digits and digits * 3 >= len(text):
        feats.append("mostly_digits")
    if text.startswith("——"):
        feats.append("dash_start")
    if not re.search(r"[，,。；;：:！!？?、]", text):
        feats.append("no_clause_punct")
    if re.search(r"\S[ \u3000\u00a0]+\S", text.strip()):
        feats.append("inner_space")
    return feats + _wording(squeezed) if wording else feats


def _wording(squeezed: str) -> list[str]:
    """What the line says: headline wording differs from body wording (迎新春, 纪实, 述评)."""
    core = squeezed[:24]
    return [f"bi={core[k : k + 2]}" for k in range(max(len(core) - 1, 0))]


def page_features(
    lines: list[str], classifier: LineClassifier, cues: list[list[str]] | None = None
) -> list[list[str]]:
    """CRFsuite attributes for each line: its own, and the lines before and after it.
    `cues`: the lines' line_cues without wording, when already made."""
    if cues is None:
        own = [line_cues(line, classifier) for line in lines]
    else:
        squeezed = (
            line.replace("\u00a0", "").replace(" ", "").replace("\u3000", "") for line in lines
        )
        own = [c + _wording(s) for c, s in zip(cues, squeezed, strict=True)]
    keep = ("len=", "end=", "rule=", "dateline", "credit", "byline", "source_tag", "dash_start",
            "has_period", "column_tag", "quote_start", "no_clause_punct")  # fmt: skip
    features = []
    for i, feats in enumerate(own):
        row = ["bias", *feats]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(lines):
                row += [f"{offset}:{f}" for f in own[j] if f.startswith(keep)]
            else:
                row.append(f"{offset}:none")
        if i == 0:
            row.append("page_start")
        if i == len(lines) - 1:
            row.append("page_end")
        # A line right after an unfinished long line is most likely its continuation.
        if i and _ending(lines[i - 1]) in ("open", "continuing") and len(lines[i - 1]) > 30:
            row.append("after_unfinished")
        # A headline is a whole line without clause punctuation after a finished line:
        # these cues matter together, which a linear CRF sees only as a conjunction.
        shape = f"{_bucket(len(lines[i]))}|{_ending(lines[i])}|{'no_clause_punct' in feats}"
        before = _ending(lines[i - 1]) if i else "none"
        row += [f"shape={shape}", f"before|shape={before}|{shape}"]
        # A short line between long ones stands out: a headline or a subhead.
        if 0 < i < len(lines) - 1:
            shorter = len(lines[i]) * 3 < min(len(lines[i - 1]), len(lines[i + 1]))
            row.append(f"short_between={shorter}")
        features.append(row)
    return features


@dataclass(frozen=True)
class LineModel:
    tagger: pycrfsuite.Tagger
    classifier: LineClassifier

    def labels(self, lines: list[str]) -> tuple[list[str], list[tuple[float, float, float]]]:
        """The best label sequence, and for each heading line its marginal probabilities of
        being a kicker, a title and a subtitle (zeros for other lines): the roles of a
        heading stack are decided together from them (pipeline/segment/articles.py)."""
        if not lines:
            return [], []
        labels = self.tagger.tag(page_features(lines, self.classifier))
        roles = [
            tuple(self.tagger.marginal(role, k) for role in HEADINGS)
            if label in HEADINGS
            else (0.0, 0.0, 0.0)
            for k, label in enumerate(labels)
        ]
        return labels, roles

    def heading_roles(
        self, lines: list[str], labels: list[str], cues: list[list[str]] | None = None
    ) -> list[tuple[float, float, float]]:
        """For each line another model labels a heading, the CRF's marginal chances of it
        being a kicker, a title and a subtitle (zeros for other lines)."""
        self.tagger.set(page_features(lines, self.classifier, cues))
        return [
            tuple(self.tagger.marginal(role, k) for role in HEADINGS)
            if label in HEADINGS
            else (0.0, 0.0, 0.0)
            for k, label in enumerate(labels)
        ]


def load_line_model(model_dir: Path, classifier: LineClassifier) -> LineModel:
    path = model_dir / MODEL_FILE
    if not path.is_file():
        raise LineModelError(f"{path}: line model not found; build it with `make train-segment`")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return LineModel(tagger, classifier)
