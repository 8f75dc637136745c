"""DVC stage train_roles: CLUENER train (minus the held-back share) -> models/roles/."""

import logging

from pipeline.params import load_params
from pipeline.paths import ROLES_DIR
from pipeline.roles.examples import cluener_examples
from pipeline.roles.tagger import train_role_tagger


def main() -> None:
    params = load_params()
    settings = params.train_roles
    examples = cluener_examples(params, "rest")
    train_role_tagger(examples, settings.c1, settings.c2, settings.max_iterations, ROLES_DIR)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
