"""Person hygiene before anything is linked or counted: the NER model's PERSON spans made fit
to be people. A foreign name split in two is one name (艾力更·依明 + 巴海); a verb or function
word is no name (谈到, 时隔); a name run on into a verb pkuseg splits off is cut back (周强|作
报告); a single character is never a person. Within an article a name cut short is the same
person as the full name written elsewhere (晋美旺 -> 晋美旺措)."""

from __future__ import annotations

from dataclasses import replace

from pipeline.records import Found
from pipeline.roles.words import function_words

PERSON = "PERSON"
NAME_DOTS = "·•・"


def _joined(text: str, spans: list[Found]) -> list[Found]:
    """PERSON spans written right after one another, or joined by a name's dot, are one."""
    out: list[Found] = []
    for span in spans:
        last = out[-1] if out else None
        if (
            last is not None
            and last.label == PERSON == span.label
            and (last.end == span.start or text[last.end : span.start] in tuple(NAME_DOTS))
        ):
            out[-1] = replace(last, end=span.end, text=text[last.start : span.end])
        else:
            out.append(span)
    return out


def _trimmed(span: Found, token_starts: set[int]) -> Found:
    """A name run on into a one-character verb that pkuseg splits off (周强作报告)."""
    last = span.end - 1
    if (
        len(span.text) >= 3
        and last in token_starts
        and span.text[-1] in function_words()
        and span.text[-1] not in NAME_DOTS
    ):
        return replace(span, end=last, text=span.text[:-1])
    return span


def is_person_text(text: str) -> bool:
    """Two characters or more, not a verb or function word, not ending in one (时表示)."""
    words = function_words()
    return len(text) >= 2 and text not in words and not (len(text) >= 3 and text[-2:] in words)


def clean_people(text: str, spans: list[Found], token_starts: set[int]) -> list[Found]:
    """The model's spans of one sentence with its PERSON spans made fit to be people."""
    cleaned = []
    for span in _joined(text, sorted(spans, key=lambda s: (s.start, s.end))):
        if span.label == PERSON:
            span = _trimmed(span, token_starts)
            if not is_person_text(span.text):
                continue
        cleaned.append(span)
    return cleaned


def _bare(name: str) -> str:
    return "".join(c for c in name if c not in NAME_DOTS)


def _is_short_form(name: str, other: str) -> bool:
    """`name` is `other` cut short (晋美旺 of 晋美旺措) or a foreign name's last part
    (班达里 of 比迪亚·德维·班达里)."""
    bare, full = _bare(name), _bare(other)
    if len(bare) < 2 or len(full) <= len(bare):
        return False
    cut = len(full) - len(bare) <= 2 and full.startswith(bare)
    last_part = any(other.endswith(dot + name) for dot in NAME_DOTS)
    return cut or last_part


def full_names(names: set[str]) -> dict[str, str]:
    """Name -> the one longer name of the same text it is a short form of (晋美旺 ->
    晋美旺措, 艾力更依明 -> 艾力更·依明巴海, 班达里 -> 比迪亚·德维·班达里); other names map
    to themselves."""
    mapping = {}
    for name in names:
        longer = {other for other in names if _is_short_form(name, other)}
        mapping[name] = longer.pop() if len(longer) == 1 else name
    return mapping
