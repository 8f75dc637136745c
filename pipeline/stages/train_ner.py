"""DVC stage train_ner (frozen; `make train-ner` runs it): LAC + shared corpora -> models/ner/."""

import logging
from pathlib import Path

from pipeline.ner.datasets import CorpusFiles
from pipeline.ner.lexicon_features import GazetteerFiles
from pipeline.ner.train import train_tagger
from pipeline.params import load_params
from pipeline.paths import LAC_DIR, LEXICONS_DIR, NER_DIR, ROOT


def main(model_dir: Path = NER_DIR) -> None:
    params = load_params()
    data = params.data
    corpora = CorpusFiles(
        msra_train=ROOT / data.msra_train,
        cluener_train=ROOT / data.cluener_train,
        resume_train=ROOT / data.resume_train,
        weibo_train=ROOT / data.weibo_train,
        pd2014=ROOT / data.pd2014,
        renminribao_pages=ROOT / data.renminribao_pages,
    )
    gazetteers = GazetteerFiles(
        hanlp_dictionaries=ROOT / data.hanlp_dictionaries,
        admin_divisions=ROOT / data.admin_divisions,
        thuocl=ROOT / data.thuocl,
        titles=LEXICONS_DIR / "titles.txt",
    )
    train_tagger(LAC_DIR, corpora, gazetteers, params.cluener_split, params.train_ner, model_dir)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()
