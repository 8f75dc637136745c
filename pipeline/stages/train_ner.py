"""DVC stage train_ner (frozen; `make train-ner` runs it): LAC + shared corpora -> models/ner/.

    python -m pipeline.stages.train_ner [--model-dir DIR] [--work-dir DIR]

`--model-dir` writes a candidate elsewhere (models/ner_v3_candidate); `--work-dir` (default
build/train_ner) keeps LAC's cached tags and the per-epoch checkpoint a rerun resumes from.
"""

import argparse
import logging
from pathlib import Path

from pipeline.ner_training.gazetteers import GazetteerFiles
from pipeline.ner_training.trainer import train_tagger
from pipeline.ner_training.training_data import CorpusFiles
from pipeline.params import load_params
from pipeline.paths import LAC_DIR, LEXICONS_DIR, NER_DIR, ROOT

WORK_DIR = ROOT / "build" / "train_ner"


def main(model_dir: Path = NER_DIR, work_dir: Path | None = WORK_DIR) -> None:
    params = load_params()
    data = params.data
    corpora = CorpusFiles(
        msra_train=ROOT / data.msra_train,
        cluener_train=ROOT / data.cluener_train,
        resume_train=ROOT / data.resume_train,
        weibo_train=ROOT / data.weibo_train,
        pd2014=ROOT / data.pd2014,
        renminribao_pages=ROOT / data.renminribao_pages,
        weibo_dev=ROOT / data.weibo_dev,
    )
    gazetteers = GazetteerFiles(
        hanlp_dictionaries=ROOT / data.hanlp_dictionaries,
        admin_divisions=ROOT / data.admin_divisions,
        thuocl=ROOT / data.thuocl,
        titles=LEXICONS_DIR / "titles.txt",
    )
    train_tagger(
        LAC_DIR, corpora, gazetteers, params.cluener_split, params.train_ner, model_dir, work_dir
    )


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, default=NER_DIR)
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR)
    args = parser.parse_args()
    main(args.model_dir, args.work_dir)
