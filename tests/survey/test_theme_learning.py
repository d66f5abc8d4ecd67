"""The learned theme suggester: it learns words no keyword lists, chooses each theme's threshold by
cross-validation, falls back to keywords until a theme has enough confirmed examples, explains
each suggestion, is stored only when no worse, trains in a Celery task after N confirmations and
nightly, and is measured by themes_evaluate."""

import json
import random
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from scipy import sparse

from portal import roles
from portal.models import Theme
from portal.seed import FOUNDATIONS, GRAND_CHALLENGES
from survey.models import Response, ThemeModel, ThemeSuggestionDecision
from survey.theming import sentences
from survey.theming import services as theming
from survey.theming.learn import (
    C_GRID,
    MIN_EXAMPLES,
    UPDATES,
    Example,
    ThemeLearner,
    _best_threshold,
)
from survey.theming.sentences import sentence_vectors
from survey.theming.suggest import learner_current, response_themes_suggest
from survey.theming.vectors import word_vectors
from tests.survey.factories import UserFactory, response_make

SLUGS = [slug for slug, *_ in FOUNDATIONS + GRAND_CHALLENGES]
KEYWORDS = {slug: words.split("\n") for slug, _, _, words in FOUNDATIONS + GRAND_CHALLENGES}
# Words no theme lists as a keyword, which moderators nonetheless code to a theme.
CUES = {
    "people": ["payslip", "rota", "shifts", "overtime"],
    "clean-growth": ["kilowatt", "compost", "heat network", "thermostat"],
}
FILLER = ["we", "think", "the", "county", "should", "really", "look", "at", "this", "soon"]


def made_up(count: int, seed: int = 0) -> list[Example]:
    """Answers coded to People or Clean Growth (or neither) by words that are not keywords."""
    rng = random.Random(seed)
    examples = []
    for n in range(count):
        slug = ["people", "clean-growth", None][n % 3]
        words = rng.sample(FILLER, 5) + ([rng.choice(CUES[slug])] if slug else [])
        rng.shuffle(words)
        # Half those coded People rated People highest themselves.
        chosen = (
            {"people": ("Respondent rated People highest",)} if slug == "people" and n % 2 else {}
        )
        examples.append(
            Example(text=" ".join(words), chosen=chosen, themes=frozenset([slug] if slug else []))
        )
    return examples


def learner() -> ThemeLearner:
    return ThemeLearner(slugs=SLUGS, keywords=KEYWORDS)


def test_the_model_learns_words_that_no_keyword_lists():
    fitted = learner().fit(made_up(90))
    people = fitted.scores["people"]
    assert people.uses_model and people.f1 > 0.8 > people.keyword_f1
    verdicts = {s.slug: s for s in fitted.score_one(Example(text="more overtime on the rota"))}
    assert verdicts["people"].suggested and verdicts["people"].confidence > 0.5
    assert not verdicts["clean-growth"].suggested


def test_the_threshold_is_the_one_that_gives_the_best_f1_on_held_out_predictions():
    probs = np.array([0.9, 0.8, 0.35, 0.3, 0.2, 0.1])
    actual = np.array([True, True, True, False, False, False])
    assert 0.3 < _best_threshold(probs, actual) <= 0.35
    fitted = learner().fit(made_up(90))
    assert 0.05 <= fitted.scores["people"].threshold <= 0.95


def test_each_theme_s_c_is_chosen_on_its_inner_folds_while_the_solver_is_exact(monkeypatch):
    fitted = learner().fit(made_up(90))
    assert fitted.scores["people"].c in C_GRID and fitted.scores["clean-growth"].c in C_GRID
    assert fitted.scores["people"].c == fitted.models["people"].C
    # Beyond the exact solver, gradient descent has one setting, and no C is chosen.
    monkeypatch.setattr("survey.theming.learn.EXACT_UP_TO", 50)
    assert learner().fit(made_up(90)).scores["people"].c is None


def test_beyond_the_exact_solver_each_model_is_fitted_once_and_judged_on_answers_it_left_out(
    monkeypatch,
):
    from sklearn.linear_model import SGDClassifier

    monkeypatch.setattr("survey.theming.learn.EXACT_UP_TO", 50)
    monkeypatch.setattr("survey.theming.learn.HELD_OUT", 24)
    rows_fitted = []
    real_fit = SGDClassifier.fit
    monkeypatch.setattr(
        SGDClassifier,
        "fit",
        lambda self, X, y: rows_fitted.append(X.shape[0]) or real_fit(self, X, y),
    )
    examples = made_up(120)
    fitted = learner().fit(examples)
    assert rows_fitted == [96, 96]  # People and Clean Growth, each once, 24 of 120 left out
    people = fitted.scores["people"]
    held = np.sort(np.random.default_rng(0).permutation(120)[:24])
    probs = fitted.models["people"].predict_proba(fitted.features([examples[i] for i in held]))
    actual = np.array(["people" in examples[i].themes for i in held])
    assert people.threshold == _best_threshold(probs[:, 1], actual)
    assert people.uses_model and people.f1 > people.keyword_f1


def test_gradient_descent_sees_a_set_number_of_answers_and_averages_the_second_half():
    # Beyond the exact solver: about UPDATES answers seen, in 2 to 30 passes (decision 0879).
    for n, passes in [(6_667, 30), (20_000, 10), (100_000, 2), (1_000_000, 2)]:
        model = ThemeLearner._classifier(n)
        assert model.max_iter == passes and model.average == passes * n // 2
    assert 30 * 6_667 >= UPDATES > 29 * 6_667


def test_many_answers_character_n_grams_made_word_by_word_are_the_same_counts(monkeypatch):
    fitted = learner()
    fitted._vectorisers(0)
    odd = ["İstanbul  ÜBER\tdouble  spaces", "", "   ", "a", "ਪੰਜਾਬੀ ਭਾਸ਼ਾ", "اردو زبان", "x y x"]
    texts = [e.text for e in made_up(30)] + odd
    direct = fitted._char_counts(texts)
    monkeypatch.setattr("survey.theming.learn.BY_WORDS_FROM", 4)
    by_words = fitted._char_counts(texts)
    assert by_words.shape == direct.shape and (by_words != direct).nnz == 0
    assert np.array_equal(by_words.indices, direct.indices) and by_words.dtype == direct.dtype


def test_a_dense_block_is_the_csr_matrix_scipy_makes_of_it_and_is_left_as_it_was():
    from survey.theming.learn import _dense_csr

    values = np.random.default_rng(0).normal(size=(40, 9)).astype(np.float32)
    values[::3, 2] = values[7] = 0
    before = values.copy()
    built, scipy_s = _dense_csr(values), sparse.csr_matrix(values)
    assert built.nnz == scipy_s.nnz and (built != scipy_s).nnz == 0
    assert np.array_equal(built.indptr, scipy_s.indptr)
    assert np.array_equal(built.indices, scipy_s.indices)
    assert np.array_equal(values, before)


def test_a_theme_with_too_few_examples_keeps_its_keywords():
    examples = made_up(90)
    few = [Example(text="solar panels and electric buses", themes=frozenset(["clean-growth"]))]
    fitted = learner().fit([e for e in examples if "clean-growth" not in e.themes] + few)
    assert fitted.scores["clean-growth"].positives < MIN_EXAMPLES
    assert "clean-growth" not in fitted.models and "people" in fitted.models
    verdicts = {s.slug: s for s in fitted.score_one(Example(text="Solar on every roof"))}
    assert verdicts["clean-growth"].suggested
    assert verdicts["clean-growth"].confidence is None
    assert verdicts["clean-growth"].reasons == ("matched “solar”",)


def test_a_suggestion_names_the_words_and_own_choices_that_led_to_it():
    fitted = learner().fit(made_up(90))
    example = Example(
        text="The rota means nobody sees the county",
        chosen={"people": ("Respondent rated People highest",)},
    )
    people = {s.slug: s for s in fitted.score_one(example)}["people"]
    assert people.reasons[0] == "Respondent rated People highest"
    assert "“rota”" in people.reasons
    assert "“county”" not in people.reasons[:2]
    assert not {"“the”", "“nobody”"} & set(people.reasons)  # words that say nothing alone


def test_a_confidence_is_the_model_s_own_probability_with_either_solver(monkeypatch):
    example = Example(text="more overtime on the rota, and solar on the roof")
    for exact_up_to in (5_000, 50):  # liblinear, then gradient descent
        monkeypatch.setattr("survey.theming.learn.EXACT_UP_TO", exact_up_to)
        fitted = learner().fit(made_up(90))
        x = fitted.features([example])
        for scored in fitted.score_one(example):
            if scored.slug in fitted.models:
                own = fitted.models[scored.slug].predict_proba(x)[0, 1]
                assert scored.confidence == pytest.approx(own, abs=1e-9)


def test_the_model_survives_being_stored_and_read_back():
    fitted = learner().fit(made_up(60))
    again = ThemeLearner.loads(fitted.dumps())
    example = Example(text="compost and kilowatt")
    assert again.score_one(example) == fitted.score_one(example)


def test_answers_in_other_scripts_are_words_to_the_model():
    examples = [
        Example(text=f"{word} {filler}", themes=frozenset([] if n % 2 else ["people"]))
        for n, (word, filler) in enumerate(zip(["ਨੌਕਰੀਆਂ", "ਮੌਸਮ"] * 30, FILLER * 6, strict=True))
    ]
    fitted = learner().fit(examples)
    assert "ਨੌਕਰੀਆਂ" in fitted.words.vocabulary_  # whole, vowel signs and all
    assert {s.slug for s in fitted.score_one(Example(text="ਨੌਕਰੀਆਂ")) if s.suggested} == {"people"}


# ----- stored, trained by the task, shown in the admin --------------------------------------


@pytest.fixture
def moderator(client, survey):
    user = UserFactory(role=roles.MODERATORS)
    client.force_login(user)
    return user


@pytest.fixture
def confirm(survey, moderator, client):
    """Store a response with the given text and confirm themes for it through the admin."""

    def _confirm(text: str, slugs: list[str]):
        data = {
            "challenges": text,
            "foundations": dict.fromkeys(KEYWORDS.keys() & {s for s, *_ in FOUNDATIONS}, 1),
            "grand_challenges": [],
            "priorities": "",
            "interventions": "",
            "quote_ok": ["no"],
            "contact_ok": ["no"],
        }
        response = response_make(survey=survey, data=data)
        themes = Theme.objects.filter(slug__in=slugs).values_list("pk", flat=True)
        page = client.post(
            reverse("admin:survey_response_change", args=[response.pk]),
            {"status": "approved", "themes": list(themes), "note": ""},
        )
        assert page.status_code == 302
        return response

    return _confirm


def test_saving_themes_records_each_suggestion_accepted_or_rejected(confirm):
    response = confirm("Apprenticeships and broadband", ["people"])
    decisions = {
        d.theme.slug: d.accepted for d in ThemeSuggestionDecision.objects.filter(response=response)
    }
    assert decisions == {"people": True, "infrastructure": False}
    response.refresh_from_db()
    assert response.themes_confirmed_at is not None


@pytest.mark.django_db
def test_enough_confirmations_train_a_model_in_the_task_and_the_admin_shows_it(
    confirm, settings, client, survey, django_capture_on_commit_callbacks
):
    settings.THEMES_RETRAIN_EVERY = 60
    examples = made_up(60)
    for example in examples[:59]:
        confirm(example.text, sorted(example.themes))
    assert not ThemeModel.objects.exists()  # not yet: 59 confirmations
    with django_capture_on_commit_callbacks(execute=True):
        confirm(examples[59].text, sorted(examples[59].themes))  # the 60th queues the task
    model = ThemeModel.objects.get()
    assert model.state == ThemeModel.State.CURRENT and model.n_examples == 60
    assert model.scores["people"]["uses_model"] and model.scores["people"]["f1"] > 0.8
    # The pending responses were scored by how unsure it is, for the moderators' list.
    pending = response_make(survey=survey, data={"challenges": "the rota again"})
    theming.margins_score(consultation_id=survey.consultation_id)
    pending.refresh_from_db()
    assert pending.theme_margin is not None
    # A suggestion now comes from the model, with its confidence and the words behind it.
    page = client.get(reverse("admin:survey_response_change", args=[pending.pk]))
    html = page.content.decode()
    assert "confident, learnt from moderators" in html and "“rota”" in html
    # The model's page shows each theme's cross-validated figures and acceptance rate.
    page = client.get(reverse("admin:survey_thememodel_change", args=[model.pk]))
    html = page.content.decode()
    assert "Precision" in html and "Recall" in html and "Suggestions accepted" in html
    assert "learnt model" in html
    # The list of responses offers the pending ones, least sure first.
    page = client.get(reverse("admin:survey_response_changelist"))
    # The margin column, the 11th (after the language column).
    assert "?status__exact=pending&amp;o=11" in page.content.decode()
    # Sorted so, it is in that order: no note that it is not.
    page = client.get(reverse("admin:survey_response_changelist") + "?status__exact=pending&o=11")
    assert "has a suggester's margin yet" not in page.content.decode()


@pytest.mark.django_db
def test_a_model_stored_by_code_with_other_features_gives_way_to_keywords(survey):
    stored = learner().fit(made_up(90))
    stored.features_version = 1  # as 0871's code stored it
    ThemeModel.objects.create(
        consultation_id=survey.consultation_id, version=1, trained_at=timezone.now(),
        state=ThemeModel.State.CURRENT, estimator=stored.dumps(),
    )  # fmt: skip
    assert learner_current(consultation_id=survey.consultation_id) == (None, None)
    response = response_make(survey=survey, data={"challenges": "Solar on every roof"})
    suggestions = response_themes_suggest(response=response)
    assert "clean-growth" in {s.theme.slug for s in suggestions}
    assert {s.source for s in suggestions} == {"keywords"}


@pytest.mark.django_db
def test_a_worse_or_failed_model_never_replaces_the_current_one(confirm, survey):
    for example in made_up(60):
        confirm(example.text, sorted(example.themes))
    cid = survey.consultation_id
    first = theming.themes_train(consultation_id=cid)
    assert first.state == ThemeModel.State.CURRENT

    def boom(examples):
        raise RuntimeError("out of memory")

    failed = theming.themes_train(consultation_id=cid, learner_fit=boom)
    assert failed.state == ThemeModel.State.FAILED and "out of memory" in failed.note
    # Moderators change their minds: People is now coded at random, so the model is worse.
    for n, response in enumerate(Response.objects.order_by("pk")):
        response.themes.set(Theme.objects.filter(slug="people") if n % 2 else [])
    worse = theming.themes_train(consultation_id=cid)
    assert worse.state == ThemeModel.State.REJECTED and worse.estimator is None
    assert "current model stays" in worse.note
    first.refresh_from_db()
    assert first.state == ThemeModel.State.CURRENT and first.estimator


@pytest.mark.django_db
def test_the_nightly_task_trains_every_consultation_with_confirmations(
    confirm, django_capture_on_commit_callbacks
):
    from survey.tasks import themes_train_nightly

    confirm("Apprenticeships and broadband", ["people"])
    assert themes_train_nightly.delay().get() == 1
    assert ThemeModel.objects.count() == 1


def test_the_beat_schedule_trains_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["themes-train-nightly"]
    assert entry["task"] == "survey.tasks.themes_train_nightly"


def test_theming_tasks_go_to_their_own_queue_so_mail_never_waits_behind_a_training(settings):
    from portal.celery import app

    def queue(task: str) -> str:
        return app.amqp.router.route({}, task)["queue"].name

    app.loader.import_default_modules()  # the tasks, as a worker finds them
    theming = [name for name in app.tasks if name.startswith("survey.tasks.themes_")]
    assert len(theming) == 4
    assert {queue(name) for name in theming} == {settings.THEMES_QUEUE}
    for other in ("portal.tasks.email_drain", "portal.tasks.email_retry_unsent"):
        assert queue(other) == settings.CELERY_TASK_DEFAULT_QUEUE != settings.THEMES_QUEUE


# ----- themes_evaluate --------------------------------------------------------------------------


@pytest.mark.django_db
def test_themes_evaluate_prints_per_theme_figures_beside_the_keywords(llep, tmp_path, capsys):
    path = tmp_path / "labelled.jsonl"
    path.write_text(
        "\n".join(json.dumps({"text": e.text, "themes": sorted(e.themes)}) for e in made_up(90))
    )
    call_command("themes_evaluate", labelled=str(path))
    result = json.loads(capsys.readouterr().out)
    assert result["folds"] == 5 and result["examples"] == 90
    assert set(result["suggester"]["themes"]) == set(SLUGS)
    people = result["suggester"]["themes"]["people"]
    assert people["f1"] > result["keywords"]["themes"]["people"]["f1"]
    assert {"precision", "recall", "f1"} <= people.keys()
    assert result["suggester"]["macro_f1"] > result["keywords"]["macro_f1"]


@pytest.mark.django_db
def test_themes_evaluate_names_a_bad_line(llep, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine", "themes": ["people"]}\n{"text": "x", "themes": ["nope"]}\n')
    with pytest.raises(CommandError, match="line 2"):
        call_command("themes_evaluate", labelled=str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("themes_evaluate", labelled=str(tmp_path / "missing.jsonl"))


def test_a_suggestion_says_when_the_meaning_of_the_words_led_to_it():
    examples = [
        Example(text=text, themes=frozenset(["future-of-mobility"] if n % 2 == 0 else []))
        for n, text in enumerate(
            ["electric buses to the villages", "a cake for the school fair"] * 15
            + ["more trams and trains please", "the pub quiz was fun"] * 15
        )
    ]
    fitted = learner().fit(examples)
    verdict = {s.slug: s for s in fitted.score_one(Example(text="a new tram to the station"))}
    mobility = verdict["future-of-mobility"]
    assert mobility.suggested and "close in meaning to its keywords" in mobility.reasons


def test_an_answer_is_as_close_to_a_theme_as_its_word_closest_to_one_of_the_keywords():
    fitted = learner().fit(made_up(90))
    counts = word_vectors().counts(["my grandmother", "", "more trams"])
    closest = fitted._closest_keyword(counts, word_vectors().matrix)
    # No keyword names either word.
    assert SLUGS[closest[0].argmax()] == "ageing-society" and closest[0].max() > 0.5
    assert SLUGS[closest[2].argmax()] == "future-of-mobility" and closest[2].max() > 0.7
    assert not closest[1].any()  # no words, no closeness


# ----- what an answer says as a whole (decision 0873) -----------------------------------------


def test_answers_that_mean_the_same_are_close_though_they_share_no_word():
    care, bus, nan = sentence_vectors(
        ["older people need more social care", "the electric bus to town", "my nan's carers"]
    )
    assert nan @ care > 0.25 > 0.15 > nan @ bus
    assert np.allclose(np.linalg.norm([care, bus, nan], axis=1), 1, atol=1e-5)


def test_the_sentence_model_gives_the_vectors_its_reference_implementation_gives():
    """tests/data/themes/sentence-reference.json: all-mpnet-base-v2 run by torch and Hugging
    Face's transformers, outside the project (decision 0876), on a short answer, a longer one and
    one cut at the model's 384 word pieces."""
    reference = json.loads(Path("tests/data/themes/sentence-reference.json").read_text())
    answers = reference["answers"]
    ours = sentences.sentence_model().embed([answer["text"] for answer in answers])
    expected = np.array([answer["vector"] for answer in answers], dtype=np.float32)
    assert [a["word_pieces"] for a in answers][-1] == sentences.MAX_TOKENS
    assert np.abs(ours - expected).max() < 1e-5


def test_an_answer_s_sentence_vector_is_worked_out_once_and_kept(monkeypatch):
    first = sentence_vectors(["warehouses full of robots and nobody to maintain them"])
    monkeypatch.setattr(sentences, "sentence_model", lambda: pytest.fail("worked out again"))
    again = sentence_vectors(["warehouses full of robots and nobody to maintain them"])
    assert np.array_equal(first, again) and first.shape == (1, sentences.DIMENSIONS)


def test_vectors_worked_out_before_a_task_is_stopped_are_kept_for_the_next(monkeypatch):
    """A first training of thousands of answers may reach its task's time limit while working
    out their vectors (decision 0876): what it worked out is kept as it goes."""
    texts = ["a stopped task's first answer", "a stopped task's second", "and its third one"]
    model = sentences.sentence_model()
    embed, calls = model.embed, []

    def stopped_after_one_chunk(chunk):
        calls.append(chunk)
        if len(calls) > 1:
            raise TimeoutError("the task's time limit")
        return embed(chunk)

    monkeypatch.setattr(sentences, "KEEP_EVERY", 2)
    monkeypatch.setattr(model, "embed", stopped_after_one_chunk)
    with pytest.raises(TimeoutError):
        sentence_vectors(texts)
    monkeypatch.setattr(model, "embed", lambda chunk: pytest.fail(f"worked out again: {chunk}"))
    assert sentence_vectors(calls[0]).shape == (2, sentences.DIMENSIONS)


def test_a_suggestion_says_when_what_the_answer_says_as_a_whole_led_to_it():
    care = ["my mum waits weeks for a carer", "grandad cannot get a home visit", "nan is lonely"]
    other = ["the pub quiz was fun", "a cake for the school fair", "the football was rained off"]
    examples = [
        Example(text=f"{text} {n}", themes=frozenset(["ageing-society"] if text in care else []))
        for n in range(10)
        for text in care + other
    ]
    fitted = learner().fit(examples)
    ageing = {s.slug: s for s in fitted.score_one(Example(text="dad needs help to get dressed"))}
    assert ageing["ageing-society"].suggested
    assert "what the answer says as a whole" in ageing["ageing-society"].reasons


@pytest.mark.django_db
def test_the_beat_works_out_what_new_responses_say_before_a_moderator_opens_one(
    survey, settings, monkeypatch
):
    from survey.tasks import themes_sentences_recent
    from survey.theming.evidence import responses_texts

    entry = settings.CELERY_BEAT_SCHEDULE["themes-sentences-recent"]
    assert entry["task"] == "survey.tasks.themes_sentences_recent"
    new = response_make(survey=survey, data={"challenges": "Robots and nobody to maintain them"})
    old = response_make(survey=survey, data={"challenges": "An old answer nobody has opened"})
    Response.objects.filter(pk=new.pk).update(submitted_at=timezone.now())
    assert themes_sentences_recent.delay().get() == 1
    texts = responses_texts(response_ids=[new.pk, old.pk])
    monkeypatch.setattr(sentences, "sentence_model", lambda: pytest.fail("not kept"))
    assert sentence_vectors([texts[new.pk]]).shape == (1, sentences.DIMENSIONS)
    with pytest.raises(pytest.fail.Exception):
        sentence_vectors([texts[old.pk]])  # too old for the beat: worked out when first met


@pytest.mark.django_db
def test_the_beat_works_out_a_keyword_phrase_staff_added_before_the_next_training(
    llep, monkeypatch
):
    from survey.tasks import themes_sentences_recent

    # What the beat asks the sentence model for, only recorded: a made-up vector kept in the
    # shared cache would reach every other test.
    asked = []
    monkeypatch.setattr(theming, "sentence_vectors", asked.extend)
    theme = Theme.objects.get(slug="ageing-society")
    theme.keywords += "\nmemory caf*"
    theme.save()
    themes_sentences_recent.delay().get()
    assert "memory caf" in asked and "dementia" in asked


def test_check_deploy_refuses_a_server_without_the_word_vectors_or_sentence_model(
    settings, tmp_path
):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from survey.checks import theme_suggester_files

    assert theme_suggester_files(None) == []  # as `make setup` left them
    settings.THEMES_SENTENCE_MODEL = tmp_path
    (error,) = theme_suggester_files(None)
    assert error.id == "survey.E001" and str(tmp_path) in error.msg and "make setup" in error.hint
    with pytest.raises(SystemCheckError, match="survey.E001"):
        call_command("check", deploy=True)


@pytest.mark.django_db
def test_sorting_by_a_margin_no_response_has_yet_says_so(client, survey, moderator):
    """Before the suggester has learnt anything the margins are all blank, and a list "sorted"
    by them is in the order it came: a user trial took that order for the suggester's."""
    response_make(survey=survey, data={"challenges": "the rota again"})
    client.force_login(moderator)
    page = client.get(
        reverse("admin:survey_response_changelist") + "?status__exact=pending&o=-11.2"
    )
    html = page.content.decode()
    assert "No pending response has a suggester&#x27;s margin yet" in html or (
        "No pending response has a suggester's margin yet" in html
    )
    plain = client.get(reverse("admin:survey_response_changelist")).content.decode()
    assert "margin yet" not in plain  # said only when sorting by it
