"""DVC stage train_ner (frozen; `make train-ner` runs it): MSRA train -> models/ner/."""

import logging

from pipeline.ner.train import train_char_ner
from pipeline.params import load_params
from pipeline.paths import NER_DIR, ROOT


def main() -> None:
    params = load_params()
    train_char_ner(ROOT / params.data.msra_train, params.train_ner, NER_DIR)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
