"""`pipeline.load()`: the spaCy pipeline that gives a text what the extract stage writes
for it: entities, ROLE spans and role links (docs/api.md).

    from pipeline import load
    nlp = load()
    nlp("市政协委员、晶睿电子科技公司董事长张峰说。")._.role_links
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline.models.folder import models_folder
from pipeline.params import load_params
from pipeline.paths import NER_SUBDIR, PKUSEG_SUBDIR, ROOT, in_checkout
from pipeline.spacy_components import char_chinese


def checkout_settings() -> dict[str, Any]:
    """zhnews_roles' settings from the checkout's params.yaml (extract, tokenize, ner and
    the divisions gazetteer); none outside a checkout, where the component's defaults hold
    (params.yaml's values when the package was built)."""
    if not in_checkout():
        return {}
    params = load_params()
    return {
        "backend": params.ner.backend,
        "identifier": params.ner.hanlp_identifier,
        "task": params.ner.hanlp_task,
        "divisions_dir": str(ROOT / params.data.admin_divisions),
        "home_regions": params.extract.home_regions,
        "home_places": params.extract.home_places,
        "min_name_chars": params.extract.min_name_chars,
        "max_name_chars": params.extract.max_name_chars,
        "sentence_end_chars": params.tokenize.sentence_end_chars,
        "max_chunk_chars": params.tokenize.max_chunk_chars,
    }


def load(models_dir: str | Path | None = None, paper: str | None = None) -> Language:
    """Char-segmented spaCy Chinese with zhnews_roles: each Doc gets the extract stage's
    mentions (doc.ents, doc.spans["roles"]) and role links (doc._.role_links) of its text.

    models_dir: a folder with ner/ and pkuseg/; default $ZHNEWS_MODELS, else the
    checkout's models/. paper: the paper the texts come from (its home region places a bare
    省政协: 联谊报 -> 浙江省); default none."""
    folder = models_folder(models_dir)
    nlp = char_chinese()
    nlp.add_pipe(
        "zhnews_roles",
        config={
            **checkout_settings(),
            "model_dir": str(folder / NER_SUBDIR),
            "pkuseg_dir": str(folder / PKUSEG_SUBDIR),
            "paper": paper or "",
        },
    )
    return nlp
