"""The issue's measure on tests/data/themes/labelled.jsonl: a module of its own, so that the
longest test of the suite starts first on a worker of its own (tests/conftest.py).

The answers' sentence vectors come from tests/data/themes/labelled-vectors.npz, worked out once
by tests/data/themes/vectors.py (decision 0950): the model is checked against torch's own output
in test_theme_learning.py, and the file against the model here."""

import json

import numpy as np
import pytest
from django.core.management import call_command

from survey.theming.sentences import MODEL, sentence_model, sentence_vectors_keep
from tests.data.themes import vectors as labelled_vectors

REMAKE = "run .venv/bin/python tests/data/themes/vectors.py"


def _keep_stored_vectors() -> int:
    """Puts the stored vectors of the labelled answers into the sentence cache; how many."""
    model, rows = labelled_vectors.stored()
    if model != MODEL:
        return 0
    texts = [t for t in labelled_vectors.labelled_texts() if labelled_vectors.text_hash(t) in rows]
    if texts:
        found = np.vstack([rows[labelled_vectors.text_hash(t)] for t in texts])
        sentence_vectors_keep(texts, found)
    return len(texts)


def test_the_stored_vectors_are_the_models_for_every_labelled_answer():
    model, rows = labelled_vectors.stored()
    texts = labelled_vectors.labelled_texts()
    missing = [t for t in texts if labelled_vectors.text_hash(t) not in rows]
    assert model == MODEL and not missing, f"{len(missing)} answers without a vector: {REMAKE}"
    sample = texts[:: len(texts) // 6][:6]
    live = sentence_model().embed(sample)
    kept = np.vstack([rows[labelled_vectors.text_hash(t)] for t in sample])
    assert np.abs(live - kept).max() < 1e-3, f"the stored vectors are not the model's: {REMAKE}"


@pytest.mark.slow(minutes=13)
@pytest.mark.django_db
def test_on_the_labelled_set_the_suggester_beats_the_keywords_on_every_theme(llep, capsys):
    """Issue 18's measure (decisions 0874-0878): 0.806 macro F1 on 3,990 answers against the
    keywords' 0.617 when written; the issue asks for 0.80."""
    assert _keep_stored_vectors() == 3990
    call_command("themes_evaluate", labelled="tests/data/themes/labelled.jsonl")
    result = json.loads(capsys.readouterr().out)
    assert result["examples"] == 3990
    assert result["suggester"]["macro_f1"] >= 0.80 > result["keywords"]["macro_f1"] + 0.1
    assert result["beats_keywords_on_every_theme"]
