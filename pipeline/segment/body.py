"""Assemble an article body from its lines, repairing column breaks.

Printed columns cut sentences mid-line (为了提升 / 缙云烧饼的小香葱品质): a line that does
not end a sentence is joined to the next one with no separator. Short unclosed lines after
a finished sentence are in-article subheads (联心,委员工作“活”起来) and stay paragraphs.
Paragraphs are joined with a newline.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.params import SegmentParams
from pipeline.segment.lines import CONTINUING_CHARS, Piece, is_closed

# The longest text that a column break is seen to repeat on both sides.
MAX_BREAK_OVERLAP = 6


@dataclass(frozen=True)
class Body:
    text: str
    # Each input piece with the part it was used as: "body", or "break_overlap" for text
    # dropped because a column break printed it twice (灵活就业 / 就业和新就业…).
    parts: list[tuple[Piece, str]]


def _is_subhead(lines: list[Piece], index: int, params: SegmentParams) -> bool:
    text = lines[index].text
    return (
        index + 1 < len(lines)
        and len(text) <= params.max_subhead_chars
        and not is_closed(text)
        and text[-1] not in CONTINUING_CHARS
        and "、" not in text  # an enumeration is running text, not a subhead
        and (index == 0 or is_closed(lines[index - 1].text))
    )


def _break_overlap(before: str, after: str, params: SegmentParams) -> int:
    """Length of text that ends `before` and starts `after` again, or 0."""
    longest = min(MAX_BREAK_OVERLAP, len(before), len(after) - 1)
    for size in range(longest, params.min_break_overlap_chars - 1, -1):
        if size > 0 and before.endswith(after[:size]):
            return size
    return 0


def assemble_body(lines: list[Piece], params: SegmentParams) -> Body:
    paragraphs: list[str] = []
    parts: list[tuple[Piece, str]] = []
    joins_next = False
    for index, line in enumerate(lines):
        piece = line
        if joins_next and paragraphs:
            overlap = _break_overlap(lines[index - 1].text, line.text, params)
            if overlap:
                parts.append((line.head(overlap), "break_overlap"))
                piece = line.tail(overlap)
            paragraphs[-1] += piece.text
        else:
            paragraphs.append(piece.text)
        parts.append((piece, "body"))
        subhead = _is_subhead(lines, index, params)
        joins_next = not subhead and not is_closed(line.text)
    return Body(text="\n".join(paragraphs), parts=parts)
