"""DVC stage train_segment (frozen; `make train-segment` runs it): labelled pages -> the
line model in models/segment/ (about 2 minutes on one core)."""

import logging
from pathlib import Path

from pipeline.lexicons import read_words
from pipeline.params import load_params
from pipeline.paths import ROOT
from pipeline.segment.gold import labelled_page_files, read_gold_pages
from pipeline.segment.line_model import train_line_model, training_sequences
from pipeline.segment.lines import LineClassifier
from pipeline.segment.noise import NoiseSettings

log = logging.getLogger(__name__)


def main(model_dir: Path | None = None) -> None:
    params = load_params()
    settings = params.train_segment
    files = [
        ROOT / params.data.renminribao_pages,
        *labelled_page_files(ROOT / settings.labelled_dir),
    ]
    # Dev pages choose and report; only the train split (the default of a user's own
    # labelled pages) is learnt from.
    pages = [page for path in files for page in read_gold_pages(path, split="train")]
    log.info("%d labelled train pages from %d files", len(pages), len(files))
    classifier = LineClassifier.build(params.segment, read_words("sections.txt"))
    sequences = training_sequences(pages, NoiseSettings(), settings.noisy_copies, settings.seed)
    train_line_model(
        sequences,
        classifier,
        settings.c1,
        settings.c2,
        settings.max_iterations,
        model_dir or ROOT / params.segment.line_model,
        [
            path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
            for path in files
        ],
    )


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
