"""Named-entity prediction: the backends, the ONNX runtime of the trained tagger and the
hygiene rules. Nothing here imports training (pipeline/ner_training), the labelled corpora
(pipeline/ner_corpora) or the scorers (pipeline/ner_evaluation.py)."""
