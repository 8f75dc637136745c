"""The project's span convention for names written by surname (tests/data/ner/
MODERN_CONVENTIONS.md): a surname with 某, 先生, 女士, 老师, 总 … after it, or 小/老 before
it, is one PERSON span (`王某`, `李先生`, `小朱`, `老王`), as readers and LAC write it.

MSRA and People's Daily 1998 tag only the surname (`王/B-PER 某/O`). `extend_surname`
widens a predicted span at run time, and a one-character PERSON that is still alone after
it is never reported (hygiene.py); pipeline/ner_corpora/relabel.py relabels the corpora the
same way when they are read, so every head learns the project's convention.
"""

from __future__ import annotations

from functools import cache

from pipeline.lexicons import surnames

# Longest first: 某某 before 某, 老师 before 老.
NAME_SUFFIXES = tuple(
    sorted(
        ("某", "某某", "先生", "女士", "小姐", "大爷", "大妈", "阿姨", "老师", "师傅", "总", "老",
         "哥", "姐", "大娘", "大叔", "大哥", "大姐"),
        key=len,
        reverse=True,
    )
)  # fmt: skip
NAME_PREFIXES = ("小", "老")
NOT_PREFIXES = frozenset(("大小", "古老", "养老", "长老", "元老"))
# A one-character suffix that begins a longer word is not a suffix: 李总理, 王总书记,
# 张老人, 刘哥们. Measured on MSRA train: these are the words that follow a surname there.
WORD_AFTER_SUFFIX = {
    "总": frozenset("理统书经裁编监工部司长参领队教指会局结体共额数计台"),
    "老": frozenset("人汉太伯爷头板乡家年大"),
    "哥": frozenset("们儿"),
    "姐": frozenset("妹们儿"),
}


def _suffix_at(text: str, end: int) -> str | None:
    for suffix in NAME_SUFFIXES:
        if text.startswith(suffix, end):
            after = text[end + len(suffix) : end + len(suffix) + 1]
            if after and after in WORD_AFTER_SUFFIX.get(suffix, ()):
                continue
            return suffix
    return None


def extend_surname(text: str, start: int, end: int, free=None) -> tuple[int, int]:
    """A surname span [start, end) of one character (two for 欧阳) widened over a name
    suffix after it and 小/老 before it; `free(i)` says whether character i may join (not
    part of another span). Any other span is returned as it is."""
    if end - start != 1 and not (end - start == 2 and text[start:end] in _compound()):
        return start, end
    free = free or (lambda i: True)
    suffix = _suffix_at(text, end)
    if suffix and all(free(i) for i in range(end, end + len(suffix))):
        end += len(suffix)
    # 小/老 after a character that makes a word with it is no prefix (大小王, 古老).
    if (
        start > 0
        and text[start - 1] in NAME_PREFIXES
        and free(start - 1)
        and text[max(start - 2, 0) : start] not in NOT_PREFIXES
    ):
        start -= 1
    return start, end


@cache
def _compound() -> frozenset[str]:
    return frozenset(w for w in surnames() if len(w) == 2)
