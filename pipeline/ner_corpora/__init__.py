"""Readers of the labelled NER corpora (training and gold files), in char BIO with each
corpus's own labels, and their relabelling to the project's name convention."""
