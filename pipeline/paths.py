"""Repo-relative paths; no other module builds paths to project folders."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAMS_FILE = ROOT / "params.yaml"
SEEDS_DIR = ROOT / "seeds"
MODELS_DIR = ROOT / "models"
PKUSEG_DIR = MODELS_DIR / "pkuseg"
LAC_DIR = MODELS_DIR / "lac"
NER_DIR = MODELS_DIR / "ner"
OUTPUTS_DIR = ROOT / "outputs"
METRICS_DIR = OUTPUTS_DIR / "metrics"
LEXICONS_DIR = Path(__file__).resolve().parent / "lexicons"
# The divisions gazetteer ships in the package (params.yaml data.admin_divisions names it).
DIVISIONS_DIR = LEXICONS_DIR / "admin_divisions"
# A models folder's parts, by the name they have under it (models/ner, models/pkuseg).
NER_SUBDIR = "ner"
PKUSEG_SUBDIR = "pkuseg"


def in_checkout() -> bool:
    """Whether `pipeline` runs from a repository checkout (an editable install or
    PYTHONPATH) rather than from an installed wheel, which has no params.yaml beside it."""
    return PARAMS_FILE.is_file()
