"""`python -m pipeline.dashboard [--outputs DIR] [--port 8050]`: serve the dashboard."""

import argparse
import logging
from pathlib import Path

from pipeline.dashboard.app import build_app
from pipeline.paths import OUTPUTS_DIR


def main() -> None:
    parser = argparse.ArgumentParser(description="zhnews dashboard over the output tables")
    parser.add_argument("--outputs", type=Path, default=OUTPUTS_DIR, help="folder of *.parquet")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    build_app(args.outputs).run(host=args.host, port=args.port, debug=False)


if __name__ == "__main__":
    main()
