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
