"""HanLP's char BiLSTM-CRF tagger with its CRF fixed, importable by module path.

hanlp 2.1.5 builds the CRF of RNNNamedEntityRecognizer without batch_first=True while it
feeds batch-first tensors: the loss falls but F1 stays near 0. hanlp.load() re-imports a
saved component by its class path, so the fix must live in an importable module.
"""

from __future__ import annotations

from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer


class CharNerTagger(RNNNamedEntityRecognizer):
    def build_model(self, *args, **kwargs):
        model = super().build_model(*args, **kwargs)
        if getattr(model, "crf", None) is not None:
            model.crf.batch_first = True
        return model
