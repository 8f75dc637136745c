"""Predict with the trained tagger (models/ner/): onnxruntime for the network, numpy Viterbi
for each head's CRF. No torch at prediction time: loading is fast and memory small."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.ner.labels import bio_spans

GRAPH_FILE = "tagger.onnx"
META_FILE = "tagger.json"
# Longest piece handed to the network at once; a longer text is cut (after a clause end
# where one is near) and the pieces' spans are shifted back.
MAX_PIECE_CHARS = 256
PIECE_ENDS = frozenset("。！？；!?;\n，,、 \u3000")
# Characters per onnxruntime call: batches of similar-length pieces up to this size.
BATCH_CHARS = 2_048


LAC_HEAD = "lac"


class TaggerMissingError(FileNotFoundError):
    pass


class CharIds:
    """Text -> embedding rows: LAC's normalisation (q2b), then its single-char vocabulary;
    any other character is the OOV row. One id per character, so offsets hold."""

    def __init__(self, chars: tuple[str, ...], q2b: dict[str, str]) -> None:
        index = {char: i for i, char in enumerate(chars)}
        self.oov = len(chars)
        # Fold the normalisation into one lookup table.
        self.table = dict(index)
        for source, target in q2b.items():
            self.table[source] = index.get(target, self.oov)

    def __call__(self, text: str) -> np.ndarray:
        get, oov = self.table.get, self.oov
        return np.fromiter((get(c, oov) for c in text), dtype=np.int64, count=len(text))


def lac_bio(lac_tag: str) -> str:
    """LAC writes `v-B` / `PER-I` (and `O`); the rest of zhnews writes B-v / I-PER."""
    label, _, position = lac_tag.rpartition("-")
    return f"{position}-{label}" if position in ("B", "I") and label else "O"


@dataclass(frozen=True)
class Head:
    """One CRF head: its slice of the emissions, tags, and CRF scores (BIO rules applied)."""

    name: str
    offset: int
    tags: tuple[str, ...]
    transitions: np.ndarray
    start: np.ndarray
    end: np.ndarray


def viterbi(emissions: np.ndarray, lengths: np.ndarray, head: Head) -> np.ndarray:
    """Best tag paths (B, L) for a batch; positions past a row's length are meaningless."""
    n_rows, n_steps, n_tags = emissions.shape
    score = head.start + emissions[:, 0]
    pointers = np.empty((max(n_steps - 1, 0), n_rows, n_tags), dtype=np.int64)
    identity = np.arange(n_tags)
    for i in range(1, n_steps):
        candidates = score[:, :, None] + head.transitions
        best = candidates.argmax(1)
        moved = np.take_along_axis(candidates, best[:, None, :], 1)[:, 0] + emissions[:, i]
        active = (i < lengths)[:, None]
        score = np.where(active, moved, score)
        pointers[i - 1] = np.where(active, best, identity)
    paths = np.empty((n_rows, n_steps), dtype=np.int64)
    current = (score + head.end).argmax(1)
    rows = np.arange(n_rows)
    for i in range(n_steps - 1, 0, -1):
        paths[:, i] = current
        current = pointers[i - 1][rows, current]
    paths[:, 0] = current
    return paths


def pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of at most `limit` chars, cut after a clause end when one lies
    in the last half of the window."""
    out, start = [], 0
    while len(text) - start > limit:
        cut = start + limit
        for i in range(start + limit, start + limit // 2, -1):
            if text[i - 1] in PIECE_ENDS:
                cut = i
                break
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


class CharTaggerRuntime:
    """The tagger in models/ner/: `spans(texts, head)` gives native-label char spans."""

    def __init__(self, model_dir: Path, threads: int = 1) -> None:
        graph, meta_path = model_dir / GRAPH_FILE, model_dir / META_FILE
        if not graph.is_file() or not meta_path.is_file():
            raise TaggerMissingError(
                f"{model_dir}: no NER model ({GRAPH_FILE}, {META_FILE}); it ships in git, or "
                "train it with `make train-ner`"
            )
        import onnxruntime

        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.meta = meta
        self.char_ids = CharIds(tuple(meta["chars"]), meta["q2b"])
        self.lexicon = None
        if meta.get("lexicon"):
            from pipeline.ner.lexicon_features import LexiconMatcher, read_gazetteers

            self.lexicon = LexiconMatcher(read_gazetteers(model_dir))
        self.heads = {
            name: Head(
                name,
                head["offset"],
                tuple(head["tags"]),
                np.array(head["transitions"], dtype=np.float32),
                np.array(head["start"], dtype=np.float32),
                np.array(head["end"], dtype=np.float32),
            )
            for name, head in meta["heads"].items()
            if "transitions" in head
        }
        # LAC's own layer (kept by distillation): its word segmentation and POS (v = verb).
        lac = meta["heads"].get(LAC_HEAD)
        self.lac_tags = tuple(lac_bio(tag) for tag in lac["tags"]) if lac else None
        self.lac_offset = lac["offset"] if lac else None
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(graph), options, providers=["CPUExecutionProvider"]
        )

    def emissions(self, texts: list[str]) -> np.ndarray:
        """(B, L, all heads' tags) for texts of at most MAX_PIECE_CHARS."""
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        width = int(lengths.max())
        batch = np.zeros((len(texts), width), dtype=np.int64)
        for row, text in enumerate(texts):
            batch[row, : len(text)] = self.char_ids(text)
        feeds = {"token_ids": batch, "length": lengths}
        if self.lexicon is not None:
            features = np.zeros((len(texts), width, len(self.lexicon.automata)), dtype=np.int64)
            for row, text in enumerate(texts):
                features[row, : len(text)] = self.lexicon(text)
            feeds["lexicon"] = features
        return self.session.run(None, feeds)[0]

    def _lac_words(self, emissions, lengths, chosen, found) -> None:
        """LAC's words with their POS tags, from the argmax of LAC's layer (LAC's own CRF
        transitions are small next to its emissions)."""
        if self.lac_tags is None:
            raise TaggerMissingError("this model has no LAC layer")
        tags = emissions[:, :, self.lac_offset : self.lac_offset + len(self.lac_tags)].argmax(2)
        for (t, s, _), row, n in zip(chosen, tags, lengths, strict=True):
            for b, e, label in bio_spans([self.lac_tags[k] for k in row[:n]], native=True):
                found[t].add((s + b, s + e, label))

    def spans(
        self, texts: list[str], heads: tuple[str, ...]
    ) -> dict[str, list[set[tuple[int, int, str]]]]:
        """Per head, the native-label spans of each text (offsets into the text); the head
        `lac` gives LAC's words and POS tags."""
        work = [(t, s, e) for t, text in enumerate(texts) if text for s, e in pieces(text)]
        work.sort(key=lambda item: item[2] - item[1])
        found = {h: [set() for _ in texts] for h in heads}
        start = 0
        while start < len(work):
            # Sorted by length: grow the batch while its padded size stays under the cap.
            end = start + 1
            while (
                end < len(work) and (work[end][2] - work[end][1]) * (end - start + 1) <= BATCH_CHARS
            ):
                end += 1
            chosen = work[start:end]
            emissions = self.emissions([texts[t][s:e] for t, s, e in chosen])
            lengths = np.array([e - s for _, s, e in chosen])
            if LAC_HEAD in heads:
                self._lac_words(emissions, lengths, chosen, found[LAC_HEAD])
            for name in heads:
                if name == LAC_HEAD:
                    continue
                head = self.heads[name]
                sliced = emissions[:, :, head.offset : head.offset + len(head.tags)]
                paths = viterbi(sliced, lengths, head)
                for (t, s, _), path, n in zip(chosen, paths, lengths, strict=True):
                    for b, e, label in bio_spans([head.tags[k] for k in path[:n]], native=True):
                        found[name][t].add((s + b, s + e, label))
            start = end
        return found
