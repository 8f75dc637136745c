"""Training the NER model (models/ner/) from LAC and the labelled corpora: the DVC stage
train_ner only. Prediction (pipeline/ner) never imports it."""
