"""The learned suggester: TF-IDF over words and character n-grams, keyword hits and the
respondent's own choices, one linear classifier per theme, each with its own threshold chosen on
answers it did not learn from (inner cross-validation; beyond EXACT_UP_TO, answers held out); a
theme with too few confirmed examples, or whose model does no better than its keywords, keeps
the keywords (docs/decisions/0870-learned-theme-suggestions.md).

Nothing here touches the database: it learns from Examples and answers for one text, so the
management command, the Celery task, the admin and the benchmark share it."""

import io
import re
from dataclasses import dataclass, field

import joblib
import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from scipy.special import expit
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as STOP_WORDS
from sklearn.feature_extraction.text import (
    CountVectorizer,
    HashingVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import KFold
from sklearn.preprocessing import normalize

from survey.theming.keywords import KeywordMatcher
from survey.theming.sentences import DIMENSIONS, sentence_vectors
from survey.theming.vectors import word_vectors

# A theme needs this many confirmed examples before its model is trusted (decision 0870): with
# three inner folds that is at least six in each fold to choose and check a threshold on.
MIN_EXAMPLES = 20
INNER_FOLDS = 3
# Words in any of the portal's scripts: \w alone stops at the vowel signs of Gujarati and
# Gurmukhi and at Arabic diacritics, which are marks, not letters.
TOKEN = r"(?u)[\w\u0300-\u036f\u064b-\u065f\u0670\u0a00-\u0aff]{2,}"
THRESHOLDS = np.linspace(0.05, 0.95, 37)
# Closed answers and keyword hits are one column each beside thousands of n-grams, on the scale
# of a TF-IDF value (1 and 3 were tried on made-up data; 1 did as well and overfits less).
EVIDENCE_WEIGHT = 1.0
# What the words mean (survey/theming/vectors.py, _meaning): the answer's mean word vector and
# its closenesses to each theme's keywords, weighted 2 (1 and 2 were compared on the first 390
# labelled answers only; the 1,200 added later were never used to choose, decision 0871).
MEANING_WEIGHT = 2.0
# What the answer says as a whole (survey/theming/sentences.py): its sentence vector and its
# closeness to the nearest of each theme's keywords, weighted 3 (of 1.5, 2, 2.5, 3 and 4, compared
# on the first 390 labelled answers only, as above; decisions 0873, 0876).
SENTENCE_WEIGHT = 3.0
# Up to this many examples each theme's classifier is solved exactly (liblinear); beyond,
# where exact solving costs minutes, by stochastic gradient descent (decision 0871). A real
# consultation has hundreds to a few thousand confirmed answers; 100,000 is the benchmark's.
EXACT_UP_TO = 5_000
# On that path each theme's C is the one of these that does best on its inner folds (decision
# 0872): themes differ in how many examples they have and how consistent their words are. A
# decade apart, solved to a tolerance of 1e-3: as good as five values to 1e-4, in 55% of the
# time (decision 0875).
C_GRID = (1.0, 10.0, 100.0)
TOLERANCE = 1e-3
ALPHA = 1e-4  # regularisation: generic, chosen on made-up data, never on the labelled set
# Passes over the data for gradient descent: 200,000 examples seen in all, within 2 to 30 passes,
# the average of its steps taken over the second half only. On the labelled set (this path forced),
# macro F1 rises from 64,000 seen (0.783) to 128,000 (0.793), then levels (213,000: 0.795); the
# average from halfway does as well as from the start (0.784, 0.783) for 40% less work a step
# while it is not kept (decision 0879).
UPDATES, MIN_EPOCHS, MAX_EPOCHS = 200_000, 2, 30
# Beyond the exact solver, thresholds and figures are chosen on this many examples (at most a
# third) that the model leaves out: 10,000 pin an F1 down to about a hundredth (decision 0879).
HELD_OUT = 10_000
# The columns a learner's features have. A learner stored by code whose features differ cannot
# score an answer: suggestions come from keywords until the next training (decision 0872).
# 4: all-mpnet-base-v2's 768-number sentence vectors (decision 0876).
FEATURES_VERSION = 4
# From this many texts the character n-grams are made once per distinct word (_char_counts).
BY_WORDS_FROM = 1_000


@dataclass(frozen=True)
class Example:
    """One response as the suggester sees it: its written text, the themes the respondent
    pointed to in closed questions (slug -> reasons in words), and the confirmed themes."""

    text: str
    chosen: dict = field(default_factory=dict)
    themes: frozenset = frozenset()


@dataclass
class ThemeScore:
    """A theme's cross-validated figures for the learned model and for its keywords."""

    slug: str
    positives: int
    threshold: float | None = None
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    keyword_precision: float = 0.0
    keyword_recall: float = 0.0
    keyword_f1: float = 0.0
    uses_model: bool = False
    c: float | None = None  # the inverse regularisation chosen for its model

    @property
    def suggester_f1(self) -> float:
        """The F1 of what is actually used for this theme."""
        return self.f1 if self.uses_model else self.keyword_f1


@dataclass(frozen=True)
class Scored:
    """One theme's verdict on one text."""

    slug: str
    suggested: bool
    confidence: float | None  # the model's probability; None where keywords decide
    threshold: float | None
    reasons: tuple[str, ...]


def prf(predicted: np.ndarray, actual: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of boolean arrays; 0 where undefined."""
    tp = int(np.sum(predicted & actual))
    p = tp / int(predicted.sum()) if predicted.any() else 0.0
    r = tp / int(actual.sum()) if actual.any() else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def keyword_predict(examples, slugs, hits) -> np.ndarray:
    """What the keyword suggester says: a theme when its keywords occur (hits: one
    KeywordMatcher.find per example) or the respondent chose it (decision 0860)."""
    return np.array(
        [
            [slug in e.chosen or slug in found for slug in slugs]
            for e, found in zip(examples, hits, strict=True)
        ],
        dtype=bool,
    ).reshape(len(examples), len(slugs))


def keyword_phrases(keywords: list[str]) -> list[str]:
    """A theme's keywords as the phrases whose meaning is compared with answers': stems without
    their * ("manufactur*" is "manufactur")."""
    return [keyword.rstrip("*") for keyword in keywords]


def _idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency of each column, as scikit-learn's TF-IDF has it."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)


def _weighted(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """counts with each column times its idf (no diagonal matrix of 100,000 words built)."""
    weighted = counts.copy()
    weighted.data *= idf[weighted.indices]
    return weighted


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear counts times idf, each row of unit length."""
    sublinear = counts.copy()
    sublinear.data = np.log1p(sublinear.data)
    return normalize(_weighted(sublinear, idf), copy=False).astype(np.float32)


def _dense_csr(values: np.ndarray) -> sparse.csr_matrix:
    """A dense block as CSR, as sparse.csr_matrix(values) gives it, built directly: scipy's own
    conversion takes 4 to 8 s for 100,000 answers' sentence vectors, this under one (0879)."""
    rows, columns = values.shape
    indptr = np.arange(0, rows * columns + 1, columns, dtype=np.int64)
    indices = np.tile(np.arange(columns, dtype=np.int32), rows)
    out = sparse.csr_matrix((values.flatten(), indices, indptr), shape=values.shape)
    out.eliminate_zeros()
    return out


def _lower_words(text: str) -> list[str]:
    """A text's words as the character n-grams see them: lowercased, split at white space."""
    return text.lower().split()


def logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _best_threshold(probs: np.ndarray, actual: np.ndarray) -> float:
    scores = [prf(probs >= t, actual)[2] for t in THRESHOLDS]
    best = max(scores)
    # Of equally good thresholds, the middle one: the least tied to this sample.
    ties = [t for t, s in zip(THRESHOLDS, scores, strict=True) if s == best]
    return float(ties[len(ties) // 2])


def _honest_figures(probs, actual, folds) -> tuple[float, float, float]:
    """Precision, recall and F1 of out-of-fold probabilities, each fold judged at the threshold
    chosen on the other folds (a threshold never judged on the answers it was chosen on)."""
    predicted = np.zeros(len(actual), dtype=bool)
    for k, (_, test) in enumerate(folds):
        others = np.concatenate([f[1] for i, f in enumerate(folds) if i != k])
        predicted[test] = probs[test] >= _best_threshold(probs[others], actual[others])
    return prf(predicted, actual)


class ThemeLearner:
    """Fit on Examples; then suggest for one text with confidence and reasons."""

    def __init__(self, *, slugs: list[str], keywords: dict[str, list[str]], char_features=2**18):
        self.slugs = list(slugs)
        self.keywords = {slug: list(keywords.get(slug, [])) for slug in self.slugs}
        self.matcher = KeywordMatcher(self.keywords)
        self.char_features = char_features
        self.features_version = FEATURES_VERSION
        self.scores: dict[str, ThemeScore] = {}
        self.models: dict[str, SGDClassifier] = {}
        self.n_examples = 0

    # ----- features ---------------------------------------------------------------------------

    def features(self, examples, hits=None, *, fit: bool = False) -> sparse.csr_matrix:
        """Word and character n-gram TF-IDF, then per theme: its keywords occur, the respondent
        chose it; then what the words mean (_meaning) and what the answer says as a whole
        (_whole). With fit, the vocabularies are learnt from these examples first."""
        texts = [e.text for e in examples]
        hits = hits if hits is not None else [self.matcher.find(t) for t in texts]
        if fit:
            self._vectorisers(len(texts))
        counts = self._char_counts(texts)
        blocks = [
            self.words.fit_transform(texts) if fit else self.words.transform(texts),
            self.char_idf.fit_transform(counts) if fit else self.char_idf.transform(counts),
        ]
        self._n_words, self._n_chars = blocks[0].shape[1], blocks[1].shape[1]
        meaning, concepts = self._meaning(texts, fit)
        dense = map(_dense_csr, (self._evidence(examples, hits), meaning))
        return sparse.hstack([*blocks, *dense, concepts, self._whole(texts, fit)], format="csr")

    def _evidence(self, examples, hits) -> np.ndarray:
        """Per theme: how many of its keywords occur (log), then whether the respondent chose it."""
        shape = (len(examples), len(self.slugs))
        found = [[len(found.get(slug, ())) for slug in self.slugs] for found in hits]
        chosen = [[slug in example.chosen for slug in self.slugs] for example in examples]
        columns = np.log1p(np.array(found, np.float32).reshape(shape)), np.reshape(chosen, shape)
        return EVIDENCE_WEIGHT * np.hstack(columns, dtype=np.float32)

    def _vectorisers(self, n_texts: int) -> None:
        self.words = TfidfVectorizer(
            token_pattern=TOKEN, ngram_range=(1, 2), min_df=2 if n_texts >= 50 else 1,
            sublinear_tf=True, dtype=np.float32,
        )  # fmt: skip
        # Hashed, so that no vocabulary of millions of n-grams is built and kept: the slowest
        # part of training 100,000 answers (decision 0871).
        self.chars = HashingVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), n_features=self.char_features,
            alternate_sign=False, norm=None, dtype=np.float32,
        )  # fmt: skip
        self.char_idf = TfidfTransformer(sublinear_tf=True)

    def _char_counts(self, texts: list[str]) -> sparse.csr_matrix:
        """Hashed character n-gram counts, exactly as self.chars.transform(texts) gives them.
        Its n-grams (char_wb) never cross a space, so a text's counts are the sum of its
        words': for many texts each distinct word is taken apart once, and the texts' word
        counts multiplied by the words' n-gram counts, in C. The n-grams are made in Python:
        on 100,000 answers 24 s of one core, by words 5 s (decision 0879)."""
        if len(texts) < BY_WORDS_FROM:
            return self.chars.transform(texts)
        words = CountVectorizer(analyzer=_lower_words, dtype=np.float32)
        per_text = words.fit_transform(texts)
        counts = (per_text @ self.chars.transform(words.get_feature_names_out())).tocsr()
        counts.sort_indices()
        return counts

    def _meaning(self, texts, fit: bool) -> tuple[np.ndarray, sparse.csr_matrix]:
        """What the words mean (decisions 0871, 0872): the text's mean word vector, each word
        weighted by its rarity among the training answers; its closeness (cosine) to each
        theme's keywords as a whole and to the theme's keyword closest to one of its words;
        and, apart, its words' concepts, as TF-IDF."""
        vectors = word_vectors()
        counts = vectors.counts(texts)
        concepts = vectors.concepts(counts)
        if fit:
            self.vectors_source = vectors.source
            self.centroids = vectors.mean([" ".join(self.keywords[s]) for s in self.slugs])
            self._keyword_vectors(vectors)
            self.word_idf, self.concept_idf = _idf(counts), _idf(concepts)
        means = vectors.mean(texts, counts=_weighted(counts, self.word_idf))
        closest = self._closest_keyword(counts, vectors.matrix)
        meaning = MEANING_WEIGHT * np.hstack([means, means @ self.centroids.T, closest])
        return meaning, _tfidf(concepts, self.concept_idf)

    def _whole(self, texts, fit: bool) -> sparse.csr_matrix:
        """What each answer says as a whole (decision 0873): its sentence vector, then per theme
        its closeness (cosine) to the nearest of the theme's keywords, as sentence vectors."""
        if fit:
            self.keyword_sentences = [
                sentence_vectors(keyword_phrases(self.keywords[s])) for s in self.slugs
            ]
        whole = sentence_vectors(texts)
        closest = [
            (whole @ rows.T).max(axis=1) if len(rows) else np.zeros(len(texts), np.float32)
            for rows in self.keyword_sentences
        ]
        return _dense_csr(SENTENCE_WEIGHT * np.column_stack([whole, *closest]))

    def _keyword_vectors(self, vectors) -> None:
        """Each keyword's vector (its words' mean; stems without their *), and per theme the
        rows of its keywords that have one."""
        phrases = [
            (j, k) for j, s in enumerate(self.slugs) for k in keyword_phrases(self.keywords[s])
        ]
        found = vectors.mean([phrase for _, phrase in phrases])
        known = np.linalg.norm(found, axis=1) > 0
        self.keyword_vectors = found[known]
        owners = np.array([j for j, _ in phrases], dtype=int)[known]
        self.keyword_rows = [np.flatnonzero(owners == j) for j in range(len(self.slugs))]

    def _closest_keyword(self, counts: sparse.csr_matrix, matrix: np.ndarray) -> np.ndarray:
        """Per text and theme, how close (cosine) the text's word closest to any of the theme's
        keywords is to it: "grandmother" to "elderly", though no keyword names her."""
        out = np.zeros((counts.shape[0], len(self.slugs)), dtype=np.float32)
        used = np.unique(counts.indices)
        starts = counts.indptr[:-1][np.diff(counts.indptr) > 0]  # texts with known words
        if not len(used):
            return out
        closeness = matrix[used] @ self.keyword_vectors.T  # each word met × each keyword
        position = np.searchsorted(used, counts.indices)
        for j, rows in enumerate(self.keyword_rows):
            if len(rows):
                per_word = closeness[:, rows].max(axis=1)[position]
                out[np.diff(counts.indptr) > 0, j] = np.maximum.reduceat(per_word, starts)
        return out

    # ----- fitting ----------------------------------------------------------------------------

    @staticmethod
    def _classifier(n: int, c: float | None = None):
        """With c, the exact solver at that C; without, gradient descent sized for n examples.
        Logistic loss, so each suggestion has a probability to show. Balanced weights: most
        themes are in a minority of answers, and a missed theme costs a moderator more than a
        suggestion they untick."""
        if c is not None:
            # The dual problem: with fewer answers than n-gram columns it has fewer unknowns,
            # and reaches the same optimum 5-10 times sooner than the primal (decision 0872).
            return LogisticRegression(
                C=c, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000,
                tol=TOLERANCE,
            )  # fmt: skip
        epochs = int(np.clip(np.ceil(UPDATES / n), MIN_EPOCHS, MAX_EPOCHS))
        return SGDClassifier(
            loss="log_loss", alpha=ALPHA, class_weight="balanced", tol=None, max_iter=epochs,
            average=epochs * n // 2, random_state=0,
        )  # fmt: skip

    def fit(self, examples: list[Example], *, seed: int = 0) -> "ThemeLearner":
        """Learn every theme that has enough examples, choose its threshold on examples its
        model did not learn from, and keep the model only where it beats the keywords there."""
        self.n_examples = len(examples)
        hits = [self.matcher.find(e.text) for e in examples]
        Y = np.array([[slug in e.themes for slug in self.slugs] for e in examples], dtype=bool)
        Y = Y.reshape(len(examples), len(self.slugs))
        self.models, self.scores = {}, self._keyword_scores(examples, hits, Y)
        learnable = [
            j for j, slug in enumerate(self.slugs)
            if MIN_EXAMPLES <= self.scores[slug].positives <= len(examples) - MIN_EXAMPLES
        ]  # fmt: skip
        if not learnable:
            return self
        X = self.features(examples, hits, fit=True)
        plan = self._exactly if len(examples) <= EXACT_UP_TO else self._by_descent
        learn = plan(X, Y, seed)
        del X  # the plan keeps what it needs: on 100,000 answers a gigabyte
        # Themes in parallel threads: both solvers release the GIL, and the data is shared.
        fitted = Parallel(n_jobs=-1, prefer="threads")(delayed(learn)(j) for j in learnable)
        chosen = zip(learnable, fitted, strict=True)
        self.models = {self.slugs[j]: model for j, model in chosen if model is not None}
        return self

    def _exactly(self, X, Y, seed: int):
        """Up to EXACT_UP_TO examples: each theme's C and threshold are chosen on inner folds
        of all of them (_fit_theme), and its model is fitted on all of them."""
        folds = list(KFold(INNER_FOLDS, shuffle=True, random_state=seed).split(Y))

        def learn(j):
            score = self.scores[self.slugs[j]]
            self._fit_theme(X, Y[:, j], folds, score)
            return self._classifier(len(Y), score.c).fit(X, Y[:, j]) if score.uses_model else None

        return learn

    def _by_descent(self, X, Y, seed: int):
        """Beyond: each theme's model is fitted once, on all but HELD_OUT examples (at most a
        third), and judged and its threshold chosen on those it left out. Inner folds would
        cost three more fits a theme of as many steps each (decision 0879)."""
        order = np.random.default_rng(seed).permutation(len(Y))
        held = np.sort(order[: min(HELD_OUT, len(Y) // 3)])
        kept = np.sort(order[len(held) :])
        X_kept, X_held = X[kept], X[held]
        folds = list(KFold(INNER_FOLDS, shuffle=True, random_state=seed).split(held))

        def learn(j):
            score = self.scores[self.slugs[j]]
            model = self._classifier(len(kept)).fit(X_kept, Y[kept, j])
            self._judge(score, model.predict_proba(X_held)[:, 1], Y[held, j], folds)
            return model if score.uses_model else None

        return learn

    def _keyword_scores(self, examples, hits, Y) -> dict[str, ThemeScore]:
        kw = keyword_predict(examples, self.slugs, hits)
        scores = {}
        for j, slug in enumerate(self.slugs):
            score = scores[slug] = ThemeScore(slug=slug, positives=int(Y[:, j].sum()))
            score.keyword_precision, score.keyword_recall, score.keyword_f1 = prf(kw[:, j], Y[:, j])
        return scores

    def macro_f1(self) -> float:
        """The macro F1 of what is used, theme by theme: the model or the keywords."""
        return float(np.mean([score.suggester_f1 for score in self.scores.values()]))

    def _fit_theme(self, X, y, folds, score: ThemeScore) -> None:
        """For each C of C_GRID, out-of-fold probabilities and their honest figures (_judge).
        The C with the best F1 is kept (of equal ones the smallest, the most regularised)."""
        best = None
        for c in C_GRID:
            probs = np.zeros(len(y))
            for train, test in folds:
                model = self._classifier(len(train), c).fit(X[train], y[train])
                probs[test] = model.predict_proba(X[test])[:, 1]
            figures = _honest_figures(probs, y, folds)
            if best is None or figures[2] > best[1][2]:
                best = (c, figures, probs)
        score.c, _, probs = best
        self._judge(score, probs, y, folds)

    @staticmethod
    def _judge(score: ThemeScore, probs, y, folds) -> None:
        """A theme's figures on probabilities its model did not learn from, each fold judged at
        the threshold chosen on the other folds; its threshold, the one that maximises F1 on all
        of them; and whether it does better than the keywords."""
        score.precision, score.recall, score.f1 = _honest_figures(probs, y, folds)
        score.threshold = _best_threshold(probs, y)
        score.uses_model = score.f1 > score.keyword_f1

    # ----- suggesting -------------------------------------------------------------------------

    def predict(self, examples) -> np.ndarray:
        """Suggested or not, per example and theme (rows, columns in self.slugs)."""
        hits = [self.matcher.find(e.text) for e in examples]
        out = keyword_predict(examples, self.slugs, hits)
        if self.models:
            X = self.features(examples, hits)
            for j, slug in enumerate(self.slugs):
                if slug in self.models:
                    probs = self.models[slug].predict_proba(X)[:, 1]
                    out[:, j] = probs >= self.scores[slug].threshold
        return out

    def margins(self, examples) -> list[float | None]:
        """Per example, the smallest gap between a learnt theme's confidence and its threshold,
        in log-odds (thresholds differ by theme, and 0.01 against a threshold of 0.05 is far
        surer than 0.5 against 0.55): how close the suggester is to changing its mind. None
        without a learnt theme."""
        if not self.models:
            return [None] * len(examples)
        X = self.features(examples)
        gaps = np.column_stack(
            [
                np.abs(logit(model.predict_proba(X)[:, 1]) - logit(self.scores[slug].threshold))
                for slug, model in self.models.items()
            ]
        )
        return [float(gap) for gap in gaps.min(axis=1)]

    def score_one(self, example: Example) -> list[Scored]:
        """Every theme's verdict on one response, with its confidence and why."""
        found = self.matcher.find(example.text)
        if self.models:
            row = self.features([example], [found]).getrow(0)
            position = {column: k for k, column in enumerate(row.indices.tolist())}
            pieces = self._pieces(example.text, position)
        results = []
        for j, slug in enumerate(self.slugs):
            model = self.models.get(slug)
            if model is None:
                matched = found.get(slug, [])
                reasons = list(example.chosen.get(slug, ()))
                if matched:
                    reasons.append("matched " + ", ".join(f"“{w}”" for w in matched))
                results.append(Scored(slug, bool(reasons), None, None, tuple(reasons)))
                continue
            # Each feature's part in the decision: their sum and the intercept are what
            # predict_proba turns into a probability (both solvers: the logistic of it), without
            # its checks, which cost more than the sum for one answer (decision 0879).
            parts = row.data * model.coef_[0][row.indices]
            confidence = float(expit(parts.sum() + model.intercept_[0]))
            threshold = self.scores[slug].threshold
            reasons = self._explain(parts, row, position, j, example, found.get(slug, []), pieces)
            results.append(Scored(slug, confidence >= threshold, confidence, threshold, reasons))
        return results

    def _explain(self, parts, row, position, j, example, matched, pieces, top=4) -> tuple:
        """The answers and words that pushed this theme up most: each feature's weight times
        its value (parts, in the order of row's columns; position: column -> its place there),
        n-grams added up onto the words they come from (pieces, from _pieces)."""

        def at(column: int) -> float:
            return float(parts[position[column]]) if column in position else 0.0

        n = len(self.slugs)
        base = self._n_words + self._n_chars
        reasons: list[tuple[float, str]] = []
        if at(base + n + j) > 0:
            reasons += [(np.inf, reason) for reason in example.chosen.get(self.slugs[j], ())]
        if at(base + j) > 0:
            listed = ", ".join(f"“{w}”" for w in matched)
            reasons.append((at(base + j), f"matched {listed}"))
        # After the mean word vector: closeness to the keywords as a whole, to the closest one.
        closeness = base + 2 * n + self.centroids.shape[1] + j
        meaning = at(closeness) + at(closeness + n)
        if meaning > 0:
            reasons.append((meaning, "close in meaning to its keywords"))
        whole = float(parts[row.indices >= row.shape[1] - DIMENSIONS - n].sum())
        if whole > 0:
            reasons.append((whole, "what the answer says as a whole"))
        words: dict[str, float] = {}
        for term, positions, owners in pieces:
            if self.slugs[j] not in owners:  # a word its keywords name is said as the keyword
                words[term] = words.get(term, 0.0) + float(parts[positions].sum())
        # Words that say nothing alone ("in", "for the") are not a reason a moderator can use.
        said = {k: v for k, v in words.items() if v > 0 and not set(k.split()) <= STOP_WORDS}
        ranked = sorted(((v, k) for k, v in said.items()), reverse=True)
        reasons += [(v, f"“{k}”") for v, k in ranked[:top]]
        reasons.sort(key=lambda pair: -pair[0])
        return tuple(reason for _, reason in reasons)

    def _pieces(self, text: str, position: dict) -> list[tuple[str, np.ndarray, dict]]:
        """Once a response, for every theme's explanation: each word n-gram of text that is a
        feature, and each word with its hashed character n-grams, as places among the answer's
        columns (position: column -> place); with the themes whose keywords name it."""
        pieces = [([index], term) for term, index in self._terms_in(text)]
        tokens = sorted(set(re.findall(TOKEN, text.lower())))
        if tokens:
            grams = self.chars.transform(tokens)  # each word's own character n-grams, hashed
            columns = (grams.indices + self._n_words).tolist()
            spans = zip(grams.indptr[:-1], grams.indptr[1:], strict=True)
            pieces += [(columns[a:b], t) for t, (a, b) in zip(tokens, spans, strict=True)]
        named = {term: self.matcher.find(term) for _, term in pieces}
        return [
            (
                term,
                np.array([position[c] for c in columns if c in position], dtype=int),
                named[term],
            )
            for columns, term in pieces
        ]

    def _terms_in(self, text: str):
        """The word n-grams of text that are features, with their column."""
        vocabulary = self.words.vocabulary_
        for term in set(self.words.build_analyzer()(text)):
            if term in vocabulary:
                yield term, vocabulary[term]

    # ----- storing ----------------------------------------------------------------------------

    def usable(self) -> bool:
        """Whether this (stored) learner's features are the ones this code makes."""
        return getattr(self, "features_version", 1) == FEATURES_VERSION

    def dumps(self) -> bytes:
        buffer = io.BytesIO()
        joblib.dump(self, buffer, compress=3)
        return buffer.getvalue()

    @staticmethod
    def loads(data: bytes) -> "ThemeLearner":
        return joblib.load(io.BytesIO(bytes(data)))
