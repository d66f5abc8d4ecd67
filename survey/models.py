"""The survey and its questions, drafts kept on the server, responses, answers and moderation."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Consultation, Sector, Theme

# The questions whose answers are the respondent's own details, copied onto the response: what
# they typed about themselves, shown as typed (never translated), and erased on request.
PERSONAL_KEYS = frozenset({"name", "email", "organisation"})


def _languages():
    """The portal's languages, read when needed so that the migrations do not carry their names."""
    return settings.LANGUAGES


class Survey(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="surveys")
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "slug"], name="unique_survey_slug"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)

    class Meta:
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="unique_section_order")
        ]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"
        ONE_CHOICE = "one_choice", "One choice"
        SEVERAL_CHOICES = "several_choices", "Several choices"
        RATING = "rating", "Rating of each item on a scale"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    key = models.SlugField(
        max_length=60,
        help_text="Stable name used in exports and to fill the respondent profile "
        "(respondent_type, organisation, sector, place, quote_ok, contact_ok, name, email).",
    )
    text = models.CharField(max_length=500)
    hint = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    required = models.BooleanField(default=True)
    max_length = models.PositiveIntegerField(
        default=2000, help_text="For text questions: the most characters an answer may have."
    )
    scale_labels = models.JSONField(
        default=list,
        blank=True,
        help_text='For ratings: the points of the scale, lowest first, e.g. ["Not important", …].',
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="questions")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="questions")

    class Meta:
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="unique_question_order"),
        ]

    def __str__(self):
        return self.text


class Choice(models.Model):
    """An option of a choice question, or an item rated in a rating question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField()
    value = models.SlugField(max_length=60)
    label = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="choices")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="choices")

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="unique_choice_value")
        ]

    def __str__(self):
        return self.label


class Draft(models.Model):
    """Answers in progress, kept on the server so that a person can save and come back later."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # {question key: value}; text as str, choices as [values], ratings as {item value: score}.
    data = models.JSONField(default=dict, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    last_section = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    # A response sent from a draft carries this as its submission key (sending twice makes one
    # response), which is also how the draft it came from is found again.
    SUBMISSION_KEY_PREFIX = "draft:"

    def __str__(self):
        return f"Draft {self.token}"

    @property
    def submission_key(self) -> str:
        return f"{self.SUBMISSION_KEY_PREFIX}{self.token}"


class Response(models.Model):
    """A completed response, online or entered by staff from an email or paper form."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        EMAIL = "email", _("Email")
        PAPER = "paper", _("Paper")

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    class RespondentType(models.TextChoices):
        BUSINESS = "business", _("Business")
        EDUCATION = "education", _("University or college")
        PUBLIC_SECTOR = "public_sector", _("Public sector")
        VOLUNTARY = "voluntary", _("Voluntary or community")
        INDIVIDUAL = "individual", _("Individual")

    class Place(models.TextChoices):
        LEICESTER = "leicester", "Leicester"
        BLABY = "blaby", "Blaby"
        CHARNWOOD = "charnwood", "Charnwood"
        HARBOROUGH = "harborough", "Harborough"
        HINCKLEY_BOSWORTH = "hinckley_bosworth", "Hinckley and Bosworth"
        MELTON = "melton", "Melton"
        NW_LEICESTERSHIRE = "nw_leicestershire", "North West Leicestershire"
        OADBY_WIGSTON = "oadby_wigston", "Oadby and Wigston"
        OUTSIDE = "outside", "Outside Leicester and Leicestershire"

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    reference = models.CharField(max_length=20, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    is_late = models.BooleanField(default=False, help_text="Received after the survey closed.")
    is_synthetic = models.BooleanField(
        default=False, help_text="Made up by seed_llep --responses for demonstrations."
    )
    submitted_at = models.DateTimeField()
    language = models.CharField(
        max_length=10,
        choices=_languages,
        default=settings.LANGUAGE_CODE,
        # Also the database's default, so rows written by raw SQL (synthetic, bench) are English.
        db_default=settings.LANGUAGE_CODE,
        help_text="The language the response was given in.",
    )
    # The respondent profile, copied from the answers when the response is stored.
    respondent_type = models.CharField(max_length=20, choices=RespondentType.choices, blank=True)
    place = models.CharField(max_length=20, choices=Place.choices, blank=True)
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    organisation = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    quote_ok = models.BooleanField(
        default=False, help_text="Agreed to be quoted, without their name, in the prospectus."
    )
    contact_ok = models.BooleanField(default=False)
    notify_results = models.BooleanField(
        "email when the results are published",
        default=False,
        # Also in the database: rows written by hand (synthetic responses, benchmarks' floors)
        # need not name it.
        db_default=False,
        help_text="Asked to be emailed once when the results are published.",
    )
    # Staff themes: confirmed by a moderator, they decide where the response counts as evidence.
    themes = models.ManyToManyField(Theme, blank=True, related_name="responses")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member who entered an email, paper or late response.",
    )
    # A double click or a resent form carries the same key and makes no second response.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # Set when a moderator saves the response's themes on its page: from then on it is an
    # example the suggester learns from (docs/decisions/0870-learned-theme-suggestions.md).
    themes_confirmed_at = models.DateTimeField(null=True, blank=True)
    # How close the suggester is to changing its mind about this response: the smallest gap
    # between a theme's confidence and its threshold. Small is unsure; None is not yet scored.
    theme_margin = models.FloatField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"]),
            models.Index(fields=["channel"]),
            models.Index(fields=["respondent_type"]),
            models.Index(fields=["place"]),
            models.Index(fields=["is_late"]),
            models.Index(fields=["language"]),
            models.Index(fields=["submitted_at"]),
            models.Index(fields=["status", "theme_margin"]),
        ]
        permissions = [
            ("moderate_response", "Can moderate and theme responses"),
            ("export_responses", "Can export responses"),
        ]

    def __str__(self):
        return self.reference

    def get_admin_url(self):
        return reverse("admin:survey_response_change", args=[self.pk])

    @property
    def language_name(self) -> str:
        """The language it was given in, named in English ("Gujarati")."""
        from survey.english import language_name

        return language_name(self.language)


class Answer(models.Model):
    """One answer: the text of a text question, one chosen option, or the score given to one
    rated item. Rows rather than JSON so that the evidence is counted by the database."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(blank=True)
    # A moderator's English translation of a free-text answer given in another language; the
    # original text is kept as given (docs/decisions/0912).
    text_in_english = models.TextField(
        blank=True,
        db_default="",  # the one-INSERT answer writer (services._answers_insert) leaves it out
        verbose_name="English translation",
        help_text="Leave empty for English.",
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question", "pk"]
        indexes = [models.Index(fields=["question", "choice"])]
        constraints = [
            # One row per response and chosen option or rated item, so the evidence can count rows
            # instead of distinct responses. On PostgreSQL the index also carries the score, so
            # the prospectus's counts of choices and ratings read the index alone.
            models.UniqueConstraint(
                fields=["choice", "response"],
                include=["score"],
                condition=models.Q(choice__isnull=False),
                name="one_answer_per_choice",
            )
        ]

    def __str__(self):
        return f"{self.question.key}: {self.text or self.choice or self.score}"


class ModerationEvent(models.Model):
    """Who moderated what and when: every status change and theming of a response."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="moderation_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    themes = models.CharField(max_length=500, blank=True, help_text="Theme names after the change.")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.action} {self.response_id} by {self.user_id}"


class ThemeModel(models.Model):
    """One training of the theme suggester for a consultation: what it learnt from, its figures
    per theme on responses its model did not learn from, and the fitted model itself. One is
    current; a model that failed or scored worse is kept, with why, and never becomes current."""

    class State(models.TextChoices):
        CURRENT = "current", "Current"
        SUPERSEDED = "superseded", "Replaced by a later model"
        REJECTED = "rejected", "Not used: no better than the current model"
        FAILED = "failed", "Training failed"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="theme_models"
    )
    version = models.PositiveIntegerField()
    trained_at = models.DateTimeField()
    seconds = models.FloatField(default=0, help_text="How long training took.")
    n_examples = models.PositiveIntegerField("examples learnt from", default=0)
    state = models.CharField(max_length=12, choices=State.choices)
    # slug -> {"positives", "precision", "recall", "f1", "keyword_f1", "threshold", "uses_model"}
    scores = models.JSONField(default=dict, blank=True)
    macro_f1 = models.FloatField(
        "macro F1",
        default=0,
        help_text="On responses its model did not learn from (cross-validated; beyond 5,000 "
        "examples, a held-out set), averaged over the themes.",
    )
    note = models.TextField(blank=True)
    estimator = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["consultation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "version"], name="one_theme_model_per_version"
            ),
            models.UniqueConstraint(
                fields=["consultation"],
                condition=models.Q(state="current"),
                name="one_current_theme_model",
            ),
        ]

    def __str__(self):
        return f"Theme suggester version {self.version}"


class ThemeSuggestionDecision(models.Model):
    """A moderator's verdict on one suggested theme for one response: accepted (left ticked)
    or rejected (unticked). What each theme's acceptance rate is counted from."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="suggestion_decisions"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField()
    source = models.CharField(max_length=10, help_text="model or keywords")
    confidence = models.FloatField(null=True, blank=True)
    model_version = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "theme"], name="one_decision_per_theme")
        ]

    def __str__(self):
        return (
            f"{'Accepted' if self.accepted else 'Rejected'} {self.theme_id} on {self.response_id}"
        )
