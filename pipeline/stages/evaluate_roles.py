"""DVC stage evaluate_roles: role links on the seeds against the hand-checked list."""

import logging
from pathlib import Path

from pipeline.io import read_table, write_json
from pipeline.params import load_params
from pipeline.paths import METRICS_DIR, OUTPUTS_DIR, ROOT
from pipeline.roles.evaluate import evaluate_links, read_gold_links
from pipeline.schemas import RoleTable

log = logging.getLogger(__name__)


def main(out: Path = OUTPUTS_DIR, metrics: Path = METRICS_DIR) -> None:
    params = load_params()
    results = {
        "seed_links": evaluate_links(
            read_table(out / "roles.parquet", RoleTable),
            read_gold_links(ROOT / params.data.seed_roles_gold),
        ),
    }
    for name, scores in results.items():
        log.info(
            "%s: P %.4f R %.4f F1 %.4f", name, *(scores[k] for k in ("precision", "recall", "f1"))
        )
    write_json(results, metrics / "roles.json")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
