"""DVC stage train_segment (frozen; `make train-segment` runs it): labelled pages -> the
line CRF and the line tagger in models/segment/ (times in docs/segment.md)."""

import logging
import random
from pathlib import Path

from pipeline.params import load_params
from pipeline.paths import ROOT
from pipeline.segment.gold import labelled_page_files, read_gold_pages
from pipeline.segment.lines import line_classifier
from pipeline.segment.noise import NoiseSettings, noisy_page
from pipeline.segment.training import (
    TaggerSettings,
    train_line_model,
    train_tagger,
    training_sequences,
    write_meta,
)

log = logging.getLogger(__name__)


def main(model_dir: Path | None = None, models: tuple[str, ...] = ("crf", "tagger")) -> None:
    params = load_params()
    settings = params.train_segment
    model_dir = model_dir or ROOT / params.segment.line_model
    files = [
        ROOT / params.data.renminribao_pages,
        *labelled_page_files(ROOT / settings.labelled_dir),
    ]
    # Only the train split (the default of a user's own labelled pages) is learnt from;
    # the tagger's epoch is chosen on the dev split, clean and with noise.
    pages = [page for path in files for page in read_gold_pages(path, split="train")]
    dev = [page for path in files for page in read_gold_pages(path, split="dev")]
    log.info("%d labelled train pages, %d dev pages, %d files", len(pages), len(dev), len(files))
    classifier = line_classifier(params.segment)
    sequences = training_sequences(pages, NoiseSettings(), settings.noisy_copies, settings.seed)
    meta: dict = {
        "sources": [
            path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
            for path in files
        ],
        "n_sequences": len(sequences),
        "n_lines": sum(len(s) for s in sequences),
    }
    if "crf" in models:
        meta |= train_line_model(
            sequences, classifier, settings.c1, settings.c2, settings.max_iterations, model_dir
        )
    if "tagger" in models:
        tagger_settings = TaggerSettings(**settings.tagger)
        noise = NoiseSettings(plain_headings=tagger_settings.plain_headings)
        sequences = training_sequences(pages, noise, settings.noisy_copies, settings.seed)
        rng = random.Random(settings.seed + 1)
        dev_sequences = training_sequences(dev, NoiseSettings(), 0, 0) + [
            noisy_page(page, rng, NoiseSettings()).lines for page in dev
        ]
        meta |= train_tagger(sequences, dev_sequences, classifier, tagger_settings, model_dir)
    write_meta(model_dir, meta)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
