"""Write the trained tagger as an ONNX graph (the same shape as LAC's own file) for fast,
torch-free prediction with onnxruntime: char ids -> emissions of every head, side by side."""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from pipeline.ner_training.network import IMPOSSIBLE, bio_allowed, bio_can_start

OPSET = 13


def _rzn_to_zrh(array: np.ndarray) -> np.ndarray:
    r, z, n = np.split(array, 3, axis=0)
    return np.concatenate([z, r, n], axis=0)


def _gru_inputs(state: dict[str, np.ndarray], layer: int) -> list[np.ndarray]:
    """ONNX GRU W, R, B for one bidirectional layer from torch's nn.GRU weights."""
    w, r, b = [], [], []
    for suffix in ("", "_reverse"):
        w.append(_rzn_to_zrh(state[f"gru.weight_ih_l{layer}{suffix}"]))
        r.append(_rzn_to_zrh(state[f"gru.weight_hh_l{layer}{suffix}"]))
        b.append(
            np.concatenate(
                [
                    _rzn_to_zrh(state[f"gru.bias_ih_l{layer}{suffix}"]),
                    _rzn_to_zrh(state[f"gru.bias_hh_l{layer}{suffix}"]),
                ]
            )
        )
    return [np.stack(w), np.stack(r), np.stack(b)]


def _embedding_nodes(state: dict[str, np.ndarray], lexicon: bool):
    """(inputs, nodes, initializers besides `embedding`) up to `embedded` (B, L, E): the
    char embedding, plus the sum of the dictionary feature embeddings with `lexicon`."""
    inputs = [
        helper.make_tensor_value_info("token_ids", TensorProto.INT64, ["batch", "chars"]),
        helper.make_tensor_value_info("length", TensorProto.INT64, ["batch"]),
    ]
    initializers: dict[str, np.ndarray] = {}
    if not lexicon:
        return (
            inputs,
            [helper.make_node("Gather", ["embedding", "token_ids"], ["embedded"])],
            initializers,
        )
    initializers = {"lexicon_table": state["lexicon.weight"], "sum_axis": np.array([2])}
    inputs.append(
        helper.make_tensor_value_info("lexicon", TensorProto.INT64, ["batch", "chars", "types"])
    )
    nodes = [
        helper.make_node("Gather", ["embedding", "token_ids"], ["embedded_chars"]),
        helper.make_node("Gather", ["lexicon_table", "lexicon"], ["lexicon_vectors"]),
        helper.make_node("ReduceSum", ["lexicon_vectors", "sum_axis"], ["lexicon_sum"], keepdims=0),
        helper.make_node("Add", ["embedded_chars", "lexicon_sum"], ["embedded"]),
    ]
    return inputs, nodes, initializers


def _gru_nodes(state: dict[str, np.ndarray], hidden: int):
    """(nodes, initializers besides `flat`) from `embedded` (B, L, E) to `encoded`
    (B, L, 2H): two bidirectional GRU layers, time-major inside."""
    initializers = {}
    nodes = [
        helper.make_node("Transpose", ["embedded"], ["x0"], perm=[1, 0, 2]),
        helper.make_node("Cast", ["length"], ["lengths32"], to=TensorProto.INT32),
    ]
    for layer in range(2):
        w, r, b = _gru_inputs(state, layer)
        initializers |= {f"w{layer}": w, f"r{layer}": r, f"b{layer}": b}
        nodes += [
            helper.make_node(
                "GRU",
                [f"x{layer}", f"w{layer}", f"r{layer}", f"b{layer}", "lengths32"],
                [f"y{layer}"],
                direction="bidirectional",
                hidden_size=hidden,
                linear_before_reset=1,
            ),
            # (L, 2, B, H) -> (L, B, 2, H) -> (L, B, 2H)
            helper.make_node("Transpose", [f"y{layer}"], [f"yt{layer}"], perm=[0, 2, 1, 3]),
            helper.make_node("Reshape", [f"yt{layer}", "flat"], [f"x{layer + 1}"]),
        ]
    nodes.append(helper.make_node("Transpose", ["x2"], ["encoded"], perm=[1, 0, 2]))
    return nodes, initializers


def tagger_graph(
    state: dict[str, np.ndarray],
    output_weight: np.ndarray,
    output_bias: np.ndarray,
    lexicon: bool = False,
) -> onnx.ModelProto:
    """token_ids (B, L) int64, length (B,) int64 and, with `lexicon`, dictionary feature
    ids (B, L, T) int64 -> emissions (B, L, K).

    `output_weight` (K, 2H) / `output_bias` (K,) are the heads' linear layers stacked.
    """
    hidden = state["gru.weight_hh_l0"].shape[1]
    inputs, nodes, lexicon_initializers = _embedding_nodes(state, lexicon)
    gru_nodes, gru_initializers = _gru_nodes(state, hidden)
    initializers = {
        "embedding": state["embedding.weight"],
        "out_w": output_weight.T.copy(),
        "out_b": output_bias,
        "flat": np.array([0, 0, 2 * hidden], dtype=np.int64),
        **lexicon_initializers,
        **gru_initializers,
    }
    nodes += [
        *gru_nodes,
        helper.make_node("MatMul", ["encoded", "out_w"], ["scores"]),
        helper.make_node("Add", ["scores", "out_b"], ["emissions"]),
    ]
    graph = helper.make_graph(
        nodes,
        "zhnews_char_tagger",
        inputs,
        [helper.make_tensor_value_info("emissions", TensorProto.FLOAT, ["batch", "chars", "tags"])],
        [
            numpy_helper.from_array(np.ascontiguousarray(array), name)
            for name, array in initializers.items()
        ],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="zhnews"
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def tagger_files(
    state: dict[str, np.ndarray],
    heads: dict[str, tuple[str, ...]],
    chars: tuple[str, ...],
    q2b: dict[str, str],
    extra: dict,
    lexicon: bool = False,
) -> tuple[onnx.ModelProto, dict]:
    """(graph, meta) for models/ner/: every head's linear layer stacked in one output (LAC's
    own layer first, as `lac`), with each head's slice, tags and CRF scores in the meta."""
    weights, biases, meta_heads, offset = [], [], {}, 0
    for name, tags in heads.items():
        prefix = "lac" if name == "lac" else f"heads.{name}"
        weights.append(state[f"{prefix}.weight"])
        biases.append(state[f"{prefix}.bias"])
        entry = {"offset": offset, "tags": list(tags)}
        if name != "lac":
            penalty = (~bio_allowed(list(tags))).numpy() * IMPOSSIBLE
            start_penalty = (~bio_can_start(list(tags))).numpy() * IMPOSSIBLE
            entry |= {
                "transitions": (state[f"crfs.{name}.transitions"] + penalty).tolist(),
                "start": (state[f"crfs.{name}.start"] + start_penalty).tolist(),
                "end": state[f"crfs.{name}.end"].tolist(),
            }
        meta_heads[name] = entry
        offset += len(tags)
    graph = tagger_graph(state, np.concatenate(weights), np.concatenate(biases), lexicon)
    meta = {
        "chars": list(chars),
        "q2b": dict(sorted(q2b.items())),
        "heads": meta_heads,
        "lexicon": lexicon,
        **extra,
    }
    return graph, meta


def read_tagger_state(graph: onnx.ModelProto, meta: dict) -> dict[str, np.ndarray]:
    """The torch state (CharTagger names) of a tagger written by `tagger_files`: its
    inverse, so a shipped model can be the starting point of the next training."""
    arrays = {t.name: numpy_helper.to_array(t) for t in graph.graph.initializer}
    state = {"embedding.weight": arrays["embedding"]}
    if "lexicon_table" in arrays:
        state["lexicon.weight"] = arrays["lexicon_table"]
    for layer in range(2):
        w, r, b = arrays[f"w{layer}"], arrays[f"r{layer}"], arrays[f"b{layer}"]
        hidden3 = r.shape[1]
        for direction, suffix in enumerate(("", "_reverse")):
            state[f"gru.weight_ih_l{layer}{suffix}"] = _zrh_to_rzn(w[direction])
            state[f"gru.weight_hh_l{layer}{suffix}"] = _zrh_to_rzn(r[direction])
            state[f"gru.bias_ih_l{layer}{suffix}"] = _zrh_to_rzn(b[direction][:hidden3])
            state[f"gru.bias_hh_l{layer}{suffix}"] = _zrh_to_rzn(b[direction][hidden3:])
    weight, bias = arrays["out_w"].T, arrays["out_b"]
    for name, entry in meta["heads"].items():
        rows = slice(entry["offset"], entry["offset"] + len(entry["tags"]))
        prefix = "lac" if name == "lac" else f"heads.{name}"
        state[f"{prefix}.weight"] = weight[rows].copy()
        state[f"{prefix}.bias"] = bias[rows].copy()
        if name != "lac":
            tags = list(entry["tags"])
            penalty = (~bio_allowed(tags)).numpy() * IMPOSSIBLE
            start_penalty = (~bio_can_start(tags)).numpy() * IMPOSSIBLE
            state[f"crfs.{name}.transitions"] = np.array(entry["transitions"]) - penalty
            state[f"crfs.{name}.start"] = np.array(entry["start"]) - start_penalty
            state[f"crfs.{name}.end"] = np.array(entry["end"])
    return {k: np.asarray(v, dtype=np.float32) for k, v in state.items()}


def _zrh_to_rzn(array: np.ndarray) -> np.ndarray:
    z, r, h = np.split(array, 3, axis=0)
    return np.concatenate([r, z, h], axis=0)
