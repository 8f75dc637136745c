"""The one factory for the Chinese spaCy pipeline: pkuseg from a local folder, never a hub."""

from __future__ import annotations

import tempfile
from pathlib import Path

from spacy.lang.zh import Chinese
from spacy.language import Language

from pipeline.lexicons import user_dictionary_words


class ModelMissingError(FileNotFoundError):
    pass


def build_nlp(pkuseg_dir: Path, sentence_end_chars: str) -> Language:
    """spaCy Chinese with pkuseg segmentation, the zhnews user dictionary and a sentencizer."""
    if not (pkuseg_dir / "weights.npz").is_file() or not (pkuseg_dir / "features.pkl").is_file():
        raise ModelMissingError(
            f"{pkuseg_dir}: no pkuseg model (features.pkl, weights.npz); "
            "run `dvc repro fetch_models`"
        )
    nlp = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    with tempfile.TemporaryDirectory() as folder:
        user_dict = Path(folder) / "user_dict.txt"
        user_dict.write_text("\n".join(user_dictionary_words()) + "\n", encoding="utf-8")
        # Always a path: a model *name* makes spacy-pkuseg download from GitHub.
        nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_dir), pkuseg_user_dict=str(user_dict))
    nlp.add_pipe("sentencizer", config={"punct_chars": list(sentence_end_chars)})
    return nlp
