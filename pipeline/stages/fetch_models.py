"""DVC stage fetch_models: the pkuseg model into models/pkuseg/."""

import logging

from pipeline.models.fetch import fetch_pkuseg
from pipeline.params import load_params
from pipeline.paths import PKUSEG_DIR


def main() -> None:
    fetch_pkuseg(load_params().fetch_models, PKUSEG_DIR)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
