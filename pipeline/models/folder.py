"""The models folder prediction reads (ner/ and pkuseg/): the one given, else
$ZHNEWS_MODELS, else the checkout's models/. A folder that lacks a model is an error naming
the folder, the model and the command that makes it."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.paths import MODELS_DIR, NER_SUBDIR, PKUSEG_SUBDIR, in_checkout

MODELS_ENV = "ZHNEWS_MODELS"
# Each part of a models folder: the files prediction opens, and how to get them.
PARTS = {
    NER_SUBDIR: (
        ("tagger.onnx", "tagger.json"),
        "it is committed in a zhnews checkout (models/ner), or `make train-ner` trains it",
    ),
    PKUSEG_SUBDIR: (
        ("features.pkl", "weights.npz"),
        "`dvc repro fetch_models` in a zhnews checkout downloads it (pip, checksummed)",
    ),
}


class ModelsFolderError(FileNotFoundError):
    pass


def models_folder(
    models_dir: str | Path | None = None, parts: tuple[str, ...] = tuple(PARTS)
) -> Path:
    """The models folder, checked to hold the parts named: `models_dir` when given, else
    $ZHNEWS_MODELS when set, else the checkout's models/."""
    if models_dir is not None and str(models_dir):
        folder, source = Path(models_dir), "the folder given"
    elif os.environ.get(MODELS_ENV):
        folder, source = Path(os.environ[MODELS_ENV]), f"${MODELS_ENV}"
    elif in_checkout():
        folder, source = MODELS_DIR, "the checkout's models folder"
    else:
        raise ModelsFolderError(
            "no models folder: pass one (pipeline.load('path/to/models')) or set "
            f"${MODELS_ENV} to a folder with {' and '.join(f'{p}/' for p in PARTS)} "
            "(a zhnews checkout's models/ after `dvc repro fetch_models`)"
        )
    if not folder.is_dir():
        raise ModelsFolderError(f"{folder} ({source}): not a folder")
    for part in parts:
        files, remedy = PARTS[part]
        missing = [name for name in files if not (folder / part / name).is_file()]
        if missing:
            raise ModelsFolderError(
                f"{folder} ({source}): no {part} model "
                f"({', '.join(f'{part}/{name}' for name in missing)} missing); {remedy}"
            )
    return folder.resolve()


def part_dir(configured: str, part: str) -> Path:
    """A component's folder for one model: the one configured, else the models folder's."""
    return Path(configured) if configured else models_folder(parts=(part,)) / part
