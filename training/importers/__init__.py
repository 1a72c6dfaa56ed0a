"""Importers: read labeled data that users already hold into the corpus record format (training.corpus.Article)."""
