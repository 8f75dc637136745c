"""Turn a clean labelled page into what text extracted from a printed page looks like, with
the labels carried along: masthead and 刊号 lines, column breaks inside sentences, `>>>2版`
pointers and `■` teasers, a title printed after its body, bylines moved to the end, source
tags in another paper's style, and a repeated copy of an article's body.

Used to train the line model and to test splitting on noisy pages; every choice is drawn
from a seeded `random.Random`, so a page and a seed always give the same noisy page.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from pipeline.lexicons import read_words
from pipeline.segment.gold import GoldPage, line_labels
from pipeline.segment.labels import (
    BODY,
    CREDIT,
    FURNITURE,
    HEADINGS,
    KICKER,
    POINTER,
    START,
    SUBTITLE,
    TEASER,
    TITLE,
)
from pipeline.text import CJK

WEEKDAYS = "一二三四五六日"
SECTIONS = read_words("sections.txt")
# Source tags in other styles (本报讯, 新华社电), swapped in for 本报X地X月X日电.
DATELINE_RE = re.compile(rf"^本报[{CJK}]{{2,8}}\d{{1,2}}月\d{{1,2}}日电")
OTHER_TAGS = ("本报讯", "本报记者报道", "新华社电", "据新华社", "中新社电")


@dataclass(frozen=True)
class NoiseSettings:
    """Chances per page (masthead, pointers, teasers, late title, repeated copy) and per
    line (column break, moved byline, swapped source tag)."""

    masthead: float = 0.7
    column_break: float = 0.25
    pointers: float = 0.3
    teasers: float = 0.3
    late_title: float = 0.15
    byline_to_end: float = 0.3
    other_source_tag: float = 0.15
    repeated_copy: float = 0.1
    # Headings printed without 人民日报's dashes (引题—— / ——副题), as other papers print
    # them; drawn last and only when above 0, so the other draws stay as they were.
    plain_headings: float = 0.0


@dataclass(frozen=True)
class NoisyPage:
    text: str
    lines: list[tuple[str, str]]  # (line, label), in page order


def _masthead(page: GoldPage, rng: random.Random) -> list[tuple[str, str]]:
    paper = page.paper or "本报"
    lines = [(paper, FURNITURE)]
    if rng.random() < 0.6:
        issn = f"CN{rng.randint(10, 65)}-{rng.randint(1, 999):04d}"
        post = f"{rng.randint(1, 80)}-{rng.randint(1, 99)}"
        lines.append((f"国内统一刊号：{issn}  邮发代号：{post}", FURNITURE))
    if page.date:
        year, month, day = (int(x) for x in page.date.split("-"))
        weekday = WEEKDAYS[rng.randrange(7)]
        lines.append((f"{year}年{month}月{day}日 星期{weekday}", FURNITURE))
    if page.page_no:
        lines.append((f"第{page.page_no}版 {rng.choice(SECTIONS)}", FURNITURE))
    if rng.random() < 0.5:  # the section name on a line of its own
        lines.append((rng.choice(SECTIONS), FURNITURE))
    rng.shuffle(lines)
    return lines


def _break_line(text: str, label: str, rng: random.Random) -> list[tuple[str, str]]:
    """A long line cut once or twice at random points, as a column break prints it."""
    if len(text) < 20:
        return [(text, label)]
    cuts = sorted(rng.sample(range(5, len(text) - 4), k=min(rng.choice((1, 1, 2)), len(text) - 9)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [(p.strip(), label if k == 0 else BODY) for k, p in enumerate(pieces) if p.strip()]


def _articles(lines: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Lines grouped by article: a new one opens at each heading block or start line."""
    groups: list[list[tuple[str, str]]] = []
    for line, label in lines:
        opens = (
            not groups
            or (label in HEADINGS and groups[-1][-1][1] not in HEADINGS)
            or (label == START and any(lab in (START, BODY) for _, lab in groups[-1]))
        )
        if opens:
            groups.append([])
        groups[-1].append((line, label))
    return groups


def noisy_page(page: GoldPage, rng: random.Random, settings: NoiseSettings) -> NoisyPage:
    lines = line_labels(page)
    titles = [line for line, label in lines if label == TITLE]
    articles = _articles(lines)
    out: list[tuple[str, str]] = _masthead(page, rng) if rng.random() < settings.masthead else []
    boundaries = [len(out)]  # where an article ends: a pointer may be printed there
    late = rng.random() < settings.late_title
    for k, article in enumerate(articles):
        headings = [x for x in article if x[1] in HEADINGS]
        rest = [x for x in article if x[1] not in HEADINGS]
        if rng.random() < settings.byline_to_end:  # 联谊报 prints bylines after the body
            rest = [x for x in rest if x[1] != CREDIT] + [x for x in rest if x[1] == CREDIT]
        noisy = []
        for line, label in rest:
            if (
                label == START
                and DATELINE_RE.match(line)
                and rng.random() < settings.other_source_tag
            ):
                line = DATELINE_RE.sub(rng.choice(OTHER_TAGS) + " ", line, count=1)
            if label in (START, BODY) and rng.random() < settings.column_break:
                noisy += _break_line(line, label, rng)
            else:
                noisy.append((line, label))
        # A title printed after its body: only where the article above has a body to end.
        if late and k > 0 and headings and rng.random() < 0.5:
            out += noisy + headings
        else:
            out += headings + noisy
        if rng.random() < settings.repeated_copy and len(noisy) > 1:
            out += [(line, START if i == 0 else BODY) for i, (line, _) in enumerate(noisy[:3])]
        boundaries.append(len(out))
    if titles and rng.random() < settings.pointers:
        # Jump lines sit between articles or at the foot of the page (>>>2版·要闻).
        for position in sorted(rng.sample(boundaries, k=min(len(boundaries), rng.randint(1, 3))),
                               reverse=True):  # fmt: skip
            pointer = f">>>{rng.randint(2, 20)}版·{rng.choice(SECTIONS)}"
            out.insert(position, (pointer, POINTER))
    if titles and rng.random() < settings.teasers:
        teasers = [(f"■ {rng.choice(titles)}", TEASER) for _ in range(rng.randint(1, 3))]
        position = rng.choice((0, len(out)))
        out[position:position] = teasers
    if settings.plain_headings and rng.random() < settings.plain_headings:
        out = _plain_headings(out)
    text = "\n\n".join(line for line, _ in out) + "\n"
    return NoisyPage(text=text, lines=out)


def _plain_headings(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    plain = []
    for line, label in lines:
        if label == SUBTITLE and line.startswith("——"):
            line = line.lstrip("—").strip() or line
        elif label == KICKER and line.endswith("——"):
            line = line.rstrip("—").strip() or line
        plain.append((line, label))
    return plain
