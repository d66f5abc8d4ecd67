"""How good the suggester is on a labelled file: a k-fold cross-validation in which each fold's
suggester is trained from nothing on the other folds (vocabularies, models and thresholds alike),
scored beside the keyword suggester on the same folds."""

import json
from pathlib import Path

import numpy as np
from sklearn.model_selection import KFold

from survey.theming.learn import Example, ThemeLearner, keyword_predict, prf


def labelled_read(path: Path | str, *, slugs: list[str]) -> list[Example]:
    """One JSON object a line: {"text": ..., "themes": [slug, ...]}, optionally "chosen":
    [slug, ...] for the themes the respondent picked in closed questions. Raises ValueError,
    naming the line, on anything else."""
    known, examples = set(slugs), []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, themes = row["text"], set(row["themes"])
                chosen = {slug: [f"Respondent chose {slug}"] for slug in row.get("chosen", [])}
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"line {number}: not a labelled answer ({error})") from error
            if not isinstance(text, str) or not themes <= known or not set(chosen) <= known:
                raise ValueError(f"line {number}: unknown theme or text not a string")
            examples.append(Example(text=text, chosen=chosen, themes=frozenset(themes)))
    return examples


def _figures(predicted: np.ndarray, actual: np.ndarray, slugs: list[str]) -> dict:
    themes = {}
    for j, slug in enumerate(slugs):
        p, r, f = prf(predicted[:, j], actual[:, j])
        themes[slug] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    micro = prf(predicted.ravel(), actual.ravel())[2]
    macro = float(np.mean([t["f1"] for t in themes.values()]))
    return {"themes": themes, "micro_f1": round(micro, 3), "macro_f1": round(macro, 3)}


def suggester_evaluate(
    *, examples: list[Example], slugs: list[str], keywords: dict, folds: int = 5, seed: int = 0
) -> dict:
    """Per theme precision, recall and F1, and micro and macro F1, of the suggester and of the
    keywords, on the same folds (predictions of all folds pooled)."""
    actual = np.array([[s in e.themes for s in slugs] for e in examples], dtype=bool)
    learned = np.zeros_like(actual)
    keyword = np.zeros_like(actual)
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(examples):
        learner = ThemeLearner(slugs=slugs, keywords=keywords)
        learner.fit([examples[i] for i in train], seed=seed)
        held = [examples[i] for i in test]
        learned[test] = learner.predict(held)
        keyword[test] = keyword_predict(held, slugs, [learner.matcher.find(e.text) for e in held])
    suggester, keywords_only = _figures(learned, actual, slugs), _figures(keyword, actual, slugs)
    return {
        "examples": len(examples),
        "folds": folds,
        "suggester": suggester,
        "keywords": keywords_only,
        "beats_keywords_on_every_theme": all(
            suggester["themes"][s]["f1"] > keywords_only["themes"][s]["f1"] for s in slugs
        ),
    }
