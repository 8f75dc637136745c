"""The gazetteers of the tagger's dictionary features (pipeline/ner/lexicon_features.py),
built from ../shared/data at training time and written beside the model."""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.ner.lexicon_features import LEXICON_DIR, LEXICON_TYPES

MIN_WORD_CHARS = 2


@dataclass(frozen=True)
class GazetteerFiles:
    """The sources in ../shared/data (see each folder's PROVENANCE.md)."""

    hanlp_dictionaries: Path
    admin_divisions: Path
    thuocl: Path
    titles: Path  # the project's own title lexicon (pipeline/lexicons/titles.txt)


def _gz_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return handle.read().replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _csv_names(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value, *(s for v in value.values() for s in _json_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def build_gazetteers(files: GazetteerFiles) -> dict[str, list[str]]:
    """Words per lexicon type, sorted, at least two characters each."""
    hanlp = files.hanlp_dictionaries
    person = [line.split()[0] for line in _gz_lines(hanlp / "person_names.txt.gz") if line.strip()]
    person += [line.strip() for line in _gz_lines(hanlp / "transliterated_person_names_nrf.txt.gz")]
    person += [line.split("\t")[0] for line in (files.thuocl / "THUOCL_lishimingren.txt")
               .read_text(encoding="utf-8-sig").splitlines()]  # fmt: skip
    org = [
        line.split()[0] for line in _gz_lines(hanlp / "organization_names.txt.gz") if line.strip()
    ]
    place = [line.strip() for line in _gz_lines(hanlp / "place_names_national.txt.gz")]
    place += [line.split("\t")[0] for line in _gz_lines(files.thuocl / "THUOCL_diming.txt.gz")]
    divisions = files.admin_divisions
    for name in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv.gz"):
        place += _csv_names(divisions / name)
    place += _json_strings(json.loads((divisions / "HK-MO-TW.json").read_text(encoding="utf-8")))
    title = []
    for line in _gz_lines(hanlp / "CoreNatureDictionary.txt.gz"):
        cells = line.split("\t")
        if "nnt" in cells[1::2]:
            title.append(cells[0])
    title += [
        word
        for line in files.titles.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
        for word in line.split()
    ]
    words = {"person": person, "org": org, "place": place, "title": title}
    return {
        kind: sorted({w.strip() for w in words[kind] if len(w.strip()) >= MIN_WORD_CHARS})
        for kind in LEXICON_TYPES
    }


def write_gazetteers(gazetteers: dict[str, list[str]], model_dir: Path) -> None:
    folder = model_dir / LEXICON_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for kind in LEXICON_TYPES:
        (folder / f"{kind}.txt").write_text("\n".join(gazetteers[kind]) + "\n", encoding="utf-8")
