"""Sample sentences of 人民日报 dev pages for hand annotation (NER gold of modern news).

The pages are `split: dev` pages of data.renminribao_pages that no other gold of the
project uses (not the role-link gold pages, not evaluate_roles' page sets), so the
sentences are text nobody shaped a rule or a model on. Sentences are body paragraphs cut
at 。！？, 12-160 characters; a seeded shuffle picks them, at most 4 per page, half from
sentences holding a title word (so names and posts are not rare) and half at random.

    python benchmarks/sample_modern_sentences.py --n 480 --out tests/data/ner/modern_rmrb
writes <out>.dev.txt and <out>.test.txt (two thirds / one third by page), one sentence a
line as `page_id<TAB>sentence`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SENTENCE_RE = re.compile(r"[^。！？]+[。！？]”?")
TITLE_HINT = re.compile(
    r"书记|主席|部长|市长|省长|县长|主任|总理|大使|记者|董事长|总经理|院长|校长|教授|委员|代表|局长|厅长|会长"
)


def used_pages() -> set[str]:
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    used = {p for s in params["evaluate_roles"]["page_sets"].values() for p in s["pages"]}
    gold = ROOT.parent / "shared/data/renminribao_pages/roles_gold"
    for name in ("dev.jsonl", "test.jsonl"):
        for line in (gold / name).read_text(encoding="utf-8").splitlines():
            used.add(json.loads(line)["file"])
    return used


def page_sentences(page: dict) -> list[str]:
    out = []
    for article in page["articles"]:
        start, end = article["span"]
        for line in page["text"][start:end].split("\n"):
            line = line.strip()
            if len(line) < 30:  # headings and credits are not body paragraphs
                continue
            out += [m.group().strip() for m in SENTENCE_RE.finditer(line)]
    return [s for s in out if 12 <= len(s) <= 160]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=480)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", default="tests/data/ner/modern_rmrb")
    args = parser.parse_args()
    skip = used_pages()
    path = ROOT.parent / "shared/data/renminribao_pages/pages.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        pages = [p for p in map(json.loads, f) if p["split"] == "dev" and p["page_id"] not in skip]
    rng = random.Random(args.seed)
    rng.shuffle(pages)
    picked: list[tuple[str, str]] = []
    for page in pages:
        if len(picked) >= args.n:
            break
        sentences = page_sentences(page)
        hinted = [s for s in sentences if TITLE_HINT.search(s)]
        choice = rng.sample(hinted, min(2, len(hinted)))
        rest = [s for s in sentences if s not in choice]
        choice += rng.sample(rest, min(2, len(rest)))
        picked += [(page["page_id"], s) for s in choice]
    picked = picked[: args.n]
    page_ids = sorted({p for p, _ in picked})
    rng.shuffle(page_ids)
    test_pages = set(page_ids[: len(page_ids) // 3])
    for part, keep in (("dev", lambda p: p not in test_pages), ("test", lambda p: p in test_pages)):
        rows = [f"{p}\t{s}" for p, s in picked if keep(p)]
        Path(f"{args.out}.{part}.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(part, len(rows), "sentences")


if __name__ == "__main__":
    main()
