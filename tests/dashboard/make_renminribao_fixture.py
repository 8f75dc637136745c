"""Write the 人民日报 pages the dashboard's browser tests read (tests/data/renminribao_pages).

    python tests/dashboard/make_renminribao_fixture.py [../shared/data/renminribao_pages/pages.jsonl.gz]

Three dev-split pages of two dates (many titled people, several articles each), as .txt
files with a manifest giving their paper, date and page number, so the tests cover a
multi-page, multi-date corpus of another paper than the seeds'.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

from pipeline.paths import ROOT

PAGE_IDS = ("renminribao_20191012_01", "renminribao_20191012_04", "renminribao_20200106_15")
TARGET = ROOT / "tests/data/renminribao_pages"


def main(source: Path) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    rows = []
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            page = json.loads(line)
            if page["page_id"] not in PAGE_IDS:
                continue
            (TARGET / f"{page['page_id']}.txt").write_text(page["text"], encoding="utf-8")
            rows.append([f"{page['page_id']}.txt", page["paper"], page["date"], page["page"]])
    with (TARGET / "manifest.csv").open("w", encoding="utf-8", newline="") as manifest:
        writer = csv.writer(manifest)
        writer.writerow(["path", "paper", "date", "page_no"])
        writer.writerows(sorted(rows))


if __name__ == "__main__":
    default = ROOT.parent / "shared/data/renminribao_pages/pages.jsonl.gz"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
