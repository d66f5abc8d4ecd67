"""The labelled answers' sentence vectors, worked out once and kept beside them (decision 0950).

Run from the repository root, after `make setup`, whenever labelled.jsonl or the sentence model
changes:  .venv/bin/python tests/data/themes/vectors.py

Writes labelled-vectors.npz: the model's name, and for each answer of labelled.jsonl a hash of
its text and its vector, as 16-bit floats (half the size; within 1e-4 of the model's own). The
labelled set's test puts the vectors whose text and model still match into the sentence cache
before it evaluates, so that CI does not work them out again on one core each run (about eight
minutes for 3,990 answers); any answer without one is worked out as usual. The same module checks,
quickly and in every run, that the file covers labelled.jsonl and that a sample of its vectors
is what the model gives (tests/survey/test_theme_labelled_set.py).
"""

import hashlib
import json
import os
import sys
from pathlib import Path

import django
import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
LABELLED = HERE / "labelled.jsonl"
VECTORS = HERE / "labelled-vectors.npz"


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def labelled_texts() -> list[str]:
    with open(LABELLED, encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def stored() -> tuple[str, dict[str, np.ndarray]]:
    """The model the file was made with, and its vectors by text_hash (float32)."""
    with np.load(VECTORS) as data:
        rows = zip(data["hashes"].tolist(), data["vectors"].astype(np.float32), strict=True)
        return str(data["model"]), dict(rows)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from survey.theming.sentences import MODEL, SentenceModel

    texts = labelled_texts()
    vectors = SentenceModel(ROOT / "var" / "sentence-model").embed(texts)
    np.savez_compressed(
        VECTORS,
        model=np.array(MODEL),
        hashes=np.array([text_hash(text) for text in texts]),
        vectors=vectors.astype(np.float16),
    )
    print(f"Wrote {VECTORS}: {len(texts)} answers, {MODEL}")


if __name__ == "__main__":
    main()
