"""DVC stage train_roles: CLUENER train (minus the held-back share) -> models/roles/."""

import logging

from pipeline.ner.model import load_ner_from_params
from pipeline.params import load_params
from pipeline.paths import NER_DIR, PKUSEG_DIR, ROLES_DIR, ROOT
from pipeline.roles.cluener import read_cluener, split_heldback
from pipeline.roles.examples import role_examples
from pipeline.roles.tagger import train_role_tagger
from pipeline.tokenize.nlp import build_nlp


def main() -> None:
    params = load_params()
    settings = params.train_roles
    rows = read_cluener(ROOT / params.data.cluener_train)
    rest, _ = split_heldback(rows, settings.heldback_share, settings.seed)
    nlp = build_nlp(PKUSEG_DIR, params.tokenize.sentence_end_chars)
    examples = role_examples(rest, nlp, load_ner_from_params(params.ner, NER_DIR))
    train_role_tagger(examples, settings.c1, settings.c2, settings.max_iterations, ROLES_DIR)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
