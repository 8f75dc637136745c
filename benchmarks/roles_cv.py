"""Cross-validated ROLE tagger scores on CLUENER train minus the held-back share.

    .venv/bin/python benchmarks/roles_cv.py [--folds 3]

The held-back share is never read. Trains the CRF on all folds but one and scores the
`position` spans of that fold (exact span P/R/F1), with the settings in params.yaml; this
shows how far a single dev split's figure is from the expected one.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pipeline.ner.evaluate import prf
from pipeline.params import load_params
from pipeline.roles.examples import cluener_examples
from pipeline.roles.tagger import RoleTagger, train_role_tagger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    params = load_params()
    settings = params.train_roles
    examples = cluener_examples(params, "rest")
    tp = fp = fn = 0
    for fold in range(args.folds):
        dev = examples[fold :: args.folds]
        train = [e for i, e in enumerate(examples) if i % args.folds != fold]
        with tempfile.TemporaryDirectory() as folder:
            train_role_tagger(
                train, settings.c1, settings.c2, settings.max_iterations, Path(folder)
            )
            tagger = RoleTagger(Path(folder))
            for example in dev:
                found = set(tagger.spans(example.text, example.words, example.entities))
                gold = set(example.roles)
                tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
        print(f"after fold {fold}: {prf(tp, fp, fn)}", flush=True)
    print(f"pooled over {args.folds} folds: {prf(tp, fp, fn)}")


if __name__ == "__main__":
    main()
