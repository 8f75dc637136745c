"""Train the NER model (models/ner/) from LAC's pretrained encoder and the shared corpora,
seeded; the finished model replaces the folder only once training succeeded."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np
import onnx

from pipeline.ner.runtime import GRAPH_FILE, META_FILE
from pipeline.ner.schemes import SCHEMES, ZHNEWS
from pipeline.ner_training.gazetteers import GazetteerFiles, build_gazetteers, write_gazetteers
from pipeline.ner_training.lac_weights import TRANSITIONS_FILE, read_lac
from pipeline.ner_training.loop import fit
from pipeline.ner_training.onnx_export import read_tagger_state, tagger_files
from pipeline.ner_training.training_data import CorpusFiles, training_split, unlabelled_news
from pipeline.params import CluenerSplitParams, TrainNerParams
from pipeline.paths import ROOT

log = logging.getLogger(__name__)
LABELS = ("PERSON", "ORG", "PLACE", "ROLE")


def weighted_mean(weights: dict[str, float]):
    """The epoch-selection score: the weighted mean of the named dev F1 scores."""

    def select(scores: dict[str, dict]) -> float:
        total = sum(weights.values())
        return sum(w * scores[name]["overall"]["f1"] for name, w in weights.items()) / total

    return select


def check_labels(settings: TrainNerParams) -> None:
    heads = {*SCHEMES, *(["zhnews"] if settings.zhnews_head else [])}
    wrong = {label: head for label, head in settings.labels.items() if head not in heads}
    if set(settings.labels) != set(LABELS) or wrong:
        raise ValueError(
            f"params.yaml train_ner.labels must name a head for each of {LABELS} "
            f"among {sorted(heads)}; got {settings.labels}"
        )


def train_tagger(
    lac_dir: Path,
    files: CorpusFiles,
    gazetteer_files: GazetteerFiles,
    split: CluenerSplitParams,
    settings: TrainNerParams,
    model_dir: Path,
    work_dir: Path | None = None,
) -> dict:
    """Fit, export (ONNX graph, meta, gazetteers, training.json) and install into
    `model_dir`, again after every epoch that beats the best dev score so far (so a run
    stopped early leaves its best model). `work_dir` keeps LAC's tags and a checkpoint to
    resume from. Returns the training summary."""
    check_labels(settings)
    lac = read_lac(lac_dir)
    transitions = np.load(lac_dir / TRANSITIONS_FILE)
    data = training_split(files, settings.dev_share, settings.seed, split, settings.name_convention)
    unlabelled = unlabelled_news(files.renminribao_pages, settings.unlabelled_chars, settings.seed)
    gazetteers = build_gazetteers(gazetteer_files) if settings.lexicon else None
    log.info(
        "training on %s sentences (+%d unlabelled); dev %s",
        {k: len(v) for k, v in data.train.items()},
        len(unlabelled),
        {k: len(v) for k, v in data.dev.items()},
    )
    heads = {"lac": lac.tags, **{name: SCHEMES[name].tags for name in data.train}}
    if settings.zhnews_head:
        heads["zhnews"] = ZHNEWS.tags
    summary = {
        "params": asdict(settings),
        "cluener_split": asdict(split),
        "n_train_sentences": {k: len(v) for k, v in data.train.items()},
        "n_dev_sentences": {k: len(v) for k, v in data.dev.items()},
        "n_unlabelled_texts": len(unlabelled),
    }

    def install(model, history: list[dict]) -> None:
        state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
        graph, meta = tagger_files(
            state, heads, lac.chars, lac.q2b, {"labels": dict(settings.labels)},
            gazetteers is not None,
        )  # fmt: skip
        best = max(history, key=lambda r: r["selection"])["epoch"]
        write_model(graph, meta, gazetteers, {**summary, "history": history, "best_epoch": best},
                    model_dir)  # fmt: skip
        log.info("installed the epoch-%d model in %s", best, model_dir)

    init_state = None
    if settings.init_from:
        init_state = starting_weights(Path(settings.init_from), lac.chars)
        summary["init_from"] = settings.init_from
    model, history = fit(
        lac, transitions, data.train, data.dev, unlabelled, settings,
        weighted_mean(settings.select_weights), gazetteers, work_dir, install, init_state,
    )  # fmt: skip
    install(model, history)
    return {**summary, "history": history}


def starting_weights(model_dir: Path, chars: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The weights of a trained tagger folder (models/ner_v2) to continue training from."""
    if not model_dir.is_absolute():
        model_dir = ROOT / model_dir
    graph_file, meta_file = model_dir / GRAPH_FILE, model_dir / META_FILE
    if not graph_file.is_file() or not meta_file.is_file():
        raise FileNotFoundError(f"{model_dir}: train_ner.init_from names no tagger folder")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    if tuple(meta["chars"]) != chars:
        raise ValueError(f"{model_dir}: its character vocabulary is not LAC's")
    return read_tagger_state(onnx.load(str(graph_file)), meta)


def write_model(graph, meta: dict, gazetteers, summary: dict, model_dir: Path) -> None:
    """Replace `model_dir` with the model's files, written to a temporary folder first."""
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".ner-", dir=model_dir.parent) as folder:
        work = Path(folder) / "model"
        work.mkdir()
        onnx.save(graph, str(work / GRAPH_FILE))
        (work / META_FILE).write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
        if gazetteers is not None:
            write_gazetteers(gazetteers, work)
        (work / "training.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        if model_dir.exists():
            shutil.rmtree(model_dir)
        work.rename(model_dir)
