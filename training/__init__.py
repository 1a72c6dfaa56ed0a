"""Corpus, fine-tuning and evaluation for framescope."""
