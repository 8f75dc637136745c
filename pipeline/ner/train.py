"""Train the char BiLSTM-CRF NER model on the MSRA training split, seeded."""

from __future__ import annotations

import json
import logging
import random
import shutil
import tempfile
from pathlib import Path

from pipeline.ner.corpus import read_bio, split_dev, write_bio
from pipeline.params import TrainNerParams

log = logging.getLogger(__name__)


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train_char_ner(train_file: Path, params: TrainNerParams, model_dir: Path) -> dict:
    """Fit on `train_file` minus a held-out dev share; the finished model replaces
    `model_dir` only once training succeeded. Returns the training summary."""
    from pipeline.ner.hanlp_tagger import CharNerTagger

    sentences = read_bio(train_file)
    train, dev = split_dev(sentences, params.dev_share, params.seed)
    log.info("%s: %d sentences for training, %d held out for dev", train_file, len(train), len(dev))
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".ner-", dir=model_dir.parent) as folder:
        work = Path(folder)
        write_bio(train, work / "train.tsv")
        write_bio(dev, work / "dev.tsv")
        seed_everything(params.seed)
        tagger = CharNerTagger()
        tagger.fit(
            str(work / "train.tsv"),
            str(work / "dev.tsv"),
            str(work / "model"),
            epochs=params.epochs,
            embed=params.embed,
            rnn_hidden=params.rnn_hidden,
            batch_size=params.batch_size,
            lr=params.lr,
            patience=params.patience,
            crf=True,
            tagging_scheme="BIO",
            devices=-1,
            # HanLP seeds torch itself and draws a random seed when given none.
            seed=params.seed,
            verbose=params.verbose,
        )
        summary = {
            "train_file": train_file.name,
            "n_train_sentences": len(train),
            "n_dev_sentences": len(dev),
            "params": {k: getattr(params, k) for k in params.__dataclass_fields__},
        }
        (work / "model" / "training.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        # HanLP's own training log holds machine-specific paths and timings.
        (work / "model" / "train.log").unlink(missing_ok=True)
        if model_dir.exists():
            shutil.rmtree(model_dir)
        (work / "model").rename(model_dir)
    return summary
