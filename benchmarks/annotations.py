"""Turn hand-written entity lists into offset gold for the modern NER set.

Input: JSON lines `{"page_id", "text", "entities": [["李先生", "PERSON"], …]}` with the
entities in reading order. Output: `{"page_id", "text", "entities": [{"start", "end",
"label", "text"}]}`. Each string is searched after the end of the one before it; a string
not found, an unknown label or an overlap is an error naming the file and line.

    python benchmarks/annotations.py IN.jsonl [IN2.jsonl …] --out OUT.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

LABELS = {"PERSON", "ORG", "PLACE", "ROLE"}


def with_offsets(text: str, entities: list[list[str]], where: str) -> list[dict]:
    out, cursor = [], 0
    for surface, label in entities:
        if label not in LABELS:
            raise ValueError(f"{where}: unknown label {label!r}")
        start = text.find(surface, cursor)
        if start < 0:
            raise ValueError(f"{where}: {surface!r} not found after offset {cursor}")
        out.append({"start": start, "end": start + len(surface), "label": label, "text": surface})
        cursor = start + len(surface)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rows = []
    for path in args.inputs:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
                entities = with_offsets(record["text"], record["entities"], where)
            except (ValueError, KeyError) as error:
                sys.exit(f"{where}: {error}")
            rows.append(
                {"page_id": record["page_id"], "text": record["text"], "entities": entities}
            )
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    tmp.replace(args.out)
    print(f"{args.out}: {len(rows)} sentences, {sum(len(r['entities']) for r in rows)} entities")


if __name__ == "__main__":
    main()
