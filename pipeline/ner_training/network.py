"""The zhnews tagger in torch: LAC's pretrained char encoder with one CRF head per label
scheme (MSRA, CLUENER, Resume, Weibo, People's Daily 2014) and LAC's own output layer.

Each corpus annotates a different label set, so each trains only its own head: a corpus
without titles never teaches the ROLE head that a title is O. LAC's output layer is kept
and trained to reproduce LAC's own tags (distillation), so fine-tuning on 1998 news does not
wipe out what LAC learned of today's names.
"""

from __future__ import annotations

import torch
from torch import nn

from pipeline.ner_training.lac_weights import LacWeights

IMPOSSIBLE = -10_000.0


def bio_allowed(tags: list[str]) -> torch.Tensor:
    """(n, n) bool: may tag j follow tag i? I-X only after B-X or I-X."""
    n = len(tags)
    allowed = torch.ones(n, n, dtype=torch.bool)
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            for i, before in enumerate(tags):
                allowed[i, j] = before[2:] == tag[2:] and before[:2] in ("B-", "I-")
    return allowed


def bio_can_start(tags: list[str]) -> torch.Tensor:
    return torch.tensor([not tag.startswith("I-") for tag in tags])


class CRF(nn.Module):
    """Linear-chain CRF over batch-first emissions, with BIO constraints built in."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__()
        n = len(tags)
        self.transitions = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))
        self.register_buffer("penalty", (~bio_allowed(tags)).float() * IMPOSSIBLE)
        self.register_buffer("start_penalty", (~bio_can_start(tags)).float() * IMPOSSIBLE)

    def scores(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(transitions, start, end) with the BIO constraints applied."""
        return self.transitions + self.penalty, self.start + self.start_penalty, self.end

    def _forward(
        self,
        emissions: torch.Tensor,
        mask: torch.Tensor,
        allowed: torch.Tensor | None = None,
        tags: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """(log of the summed scores of every path (B,), or of the paths that use only the
        `allowed` (B, L, T) tags at each position; the score of the path `tags` (B, L) when
        given). mask (B, L) is a prefix mask."""
        trans, start, end = self.scores()
        if allowed is not None:
            emissions = emissions + (~allowed).float() * IMPOSSIBLE
        batch = torch.arange(emissions.shape[0])
        score = None if tags is None else start[tags[:, 0]] + emissions[batch, 0, tags[:, 0]]
        alpha = start + emissions[:, 0]
        for i in range(1, emissions.shape[1]):
            on = mask[:, i]
            if tags is not None:
                step = trans[tags[:, i - 1], tags[:, i]] + emissions[batch, i, tags[:, i]]
                score = score + step * on
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans + emissions[:, i].unsqueeze(1), 1)
            alpha = torch.where(on.unsqueeze(1), nxt, alpha)
        if tags is not None:
            score = score + end[tags[batch, mask.sum(1) - 1]]
        return torch.logsumexp(alpha + end, 1), score

    def log_partition(
        self, emissions: torch.Tensor, mask: torch.Tensor, allowed: torch.Tensor | None = None
    ) -> torch.Tensor:
        """log of the summed scores of every path (B,), or of the allowed paths."""
        return self._forward(emissions, mask, allowed)[0]

    def partial_nll(
        self, emissions: torch.Tensor, allowed: torch.Tensor, mask: torch.Tensor
    ) -> torch.Tensor:
        """Summed negative log-likelihood of the paths that agree with a partial annotation:
        where a corpus did not annotate a label, every tag of it is allowed."""
        return (
            self.log_partition(emissions, mask) - self.log_partition(emissions, mask, allowed)
        ).sum()

    def nll(self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Summed negative log-likelihood of `tags` (B, L); mask (B, L) is a prefix mask."""
        log_z, score = self._forward(emissions, mask, tags=tags)
        return (log_z - score).sum()

    @torch.no_grad()
    def decode(self, emissions: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
        trans, start, end = self.scores()
        best = start + emissions[:, 0]
        pointers = []
        for i in range(1, emissions.shape[1]):
            candidates = best.unsqueeze(2) + trans
            top, arg = candidates.max(1)
            on = mask[:, i].unsqueeze(1)
            best = torch.where(on, top + emissions[:, i], best)
            pointers.append(torch.where(on, arg, torch.arange(best.shape[1])))
        best = best + end
        lengths = mask.sum(1).tolist()
        paths = []
        last = best.argmax(1).tolist()
        for b, length in enumerate(lengths):
            path = [last[b]]
            for i in range(length - 2, -1, -1):
                path.append(int(pointers[i][b, path[-1]]))
            paths.append(path[::-1])
        return paths


class CharTagger(nn.Module):
    """Char embedding -> 2 BiGRU layers (LAC's) -> one linear + CRF per scheme, and LAC's
    own linear layer (`lac`)."""

    def __init__(
        self,
        n_chars: int,
        schemes: dict[str, list[str]],
        n_lac_tags: int,
        n_lexicon_features: int = 0,
        embed: int = 128,
        hidden: int = 128,
        dropout: float = 0.1,
    ) -> None:
        super().__init__()
        self.embedding = nn.Embedding(n_chars, embed)
        # Dictionary features are added to the char embedding; zero at the start, so the
        # untrained model is exactly LAC.
        self.lexicon = nn.Embedding(max(n_lexicon_features, 1), embed)
        nn.init.zeros_(self.lexicon.weight)
        self.gru = nn.GRU(embed, hidden, num_layers=2, bidirectional=True, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.heads = nn.ModuleDict(
            {name: nn.Linear(2 * hidden, len(t)) for name, t in schemes.items()}
        )
        self.crfs = nn.ModuleDict({name: CRF(tags) for name, tags in schemes.items()})
        self.lac = nn.Linear(2 * hidden, n_lac_tags)

    @classmethod
    def from_lac(
        cls,
        lac: LacWeights,
        schemes: dict[str, list[str]],
        dropout: float,
        n_lexicon_features: int = 0,
    ) -> CharTagger:
        model = cls(
            len(lac.embedding), schemes, len(lac.output_bias), n_lexicon_features, dropout=dropout
        )
        with torch.no_grad():
            model.embedding.weight.copy_(torch.from_numpy(lac.embedding))
            for name, array in lac.gru.items():
                getattr(model.gru, name).copy_(torch.from_numpy(array))
            model.lac.weight.copy_(torch.from_numpy(lac.output_weight))
            model.lac.bias.copy_(torch.from_numpy(lac.output_bias))
        return model

    def encode(
        self, ids: torch.Tensor, lengths: torch.Tensor, lexicon: torch.Tensor | None = None
    ) -> torch.Tensor:
        """(B, L) char ids and (B, L, K) dictionary feature ids -> (B, L, 2H)."""
        embedded = self.embedding(ids)
        if lexicon is not None:
            embedded = embedded + self.lexicon(lexicon).sum(2)
        packed = nn.utils.rnn.pack_padded_sequence(
            self.dropout(embedded), lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        out, _ = self.gru(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        return self.dropout(out)
