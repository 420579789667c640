"""Exclusion sets: the documents to drop from a training set, each with its reasons."""
