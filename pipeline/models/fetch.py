"""Fetch the pkuseg `default` model from its PyPI wheel into models/pkuseg/, checksummed.

spacy-pkuseg ships no weights and its named models download from GitHub, which is not
reachable here; the pkuseg 0.0.25 wheel on PyPI carries the `default` model. pip is the only
network client used, through the package registry it is configured for.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from pipeline.params import FetchModelsParams

log = logging.getLogger(__name__)

WHEEL_MODEL_DIR = "pkuseg/models/default/"


class ModelFetchError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_is_complete(target: Path, params: FetchModelsParams) -> bool:
    return all(
        (target / name).is_file() and sha256(target / name) == expected
        for name, expected in params.pkuseg_files.items()
    )


def download_wheel(params: FetchModelsParams, folder: Path) -> Path:
    """pip download of the cp37 manylinux wheel: only a wheel, never an sdist build."""
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--python-version", "3.7", "--implementation", "cp", "--abi", "cp37m",
        "--platform", "manylinux1_x86_64", "--dest", str(folder), params.pkuseg_requirement,
    ]  # fmt: skip
    log.info("downloading %s with pip", params.pkuseg_requirement)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wheel = folder / params.pkuseg_wheel
    if result.returncode != 0 or not wheel.is_file():
        raise ModelFetchError(
            f"pip could not download {params.pkuseg_requirement}:\n{result.stderr.strip()}"
        )
    if sha256(wheel) != params.pkuseg_wheel_sha256:
        raise ModelFetchError(f"{wheel.name}: checksum differs from params.yaml")
    return wheel


def extract_model(wheel: Path, params: FetchModelsParams, target: Path) -> None:
    """Unpack the model files into a sibling temp folder, verify, then swap it in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        with zipfile.ZipFile(wheel) as archive:
            for name, expected in params.pkuseg_files.items():
                with (
                    archive.open(WHEEL_MODEL_DIR + name) as src,
                    (staging / name).open("wb") as dst,
                ):
                    shutil.copyfileobj(src, dst)
                if sha256(staging / name) != expected:
                    raise ModelFetchError(f"{wheel.name}: {name} checksum differs from params.yaml")
        staging.chmod(0o755)  # mkdtemp makes the folder private
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def fetch_pkuseg(params: FetchModelsParams, target: Path) -> None:
    if model_is_complete(target, params):
        log.info("%s: pkuseg model present, checksums match", target)
        return
    with tempfile.TemporaryDirectory() as folder:
        extract_model(download_wheel(params, Path(folder)), params, target)
    log.info("%s: pkuseg model installed", target)
