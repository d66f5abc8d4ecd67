"""The shared core: Consultation, Sector, Theme, Document, and the outbox of emails to send."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import get_language_info

from portal import languages


class Consultation(models.Model):
    """One consultation, such as the LLEP's 2018 one on its Local Industrial Strategy Prospectus."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    is_current = models.BooleanField(
        default=False, help_text="The consultation the public pages show. Only one is current."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_consultation",
            )
        ]

    def __str__(self):
        return self.title


class Sector(models.Model):
    """A sector the board agreed to include in the prospectus."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sectors")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80, help_text="Used in tables and charts.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "slug"], name="unique_sector_slug")
        ]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """A foundation of productivity or a Grand Challenge of the national Industrial Strategy."""

    class Kind(models.TextChoices):
        FOUNDATION = "foundation", "Foundation of productivity"
        GRAND_CHALLENGE = "grand_challenge", "Grand Challenge"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    aim = models.CharField(
        max_length=300, help_text="The aim, as the Industrial Strategy words it."
    )
    keywords = models.TextField(
        blank=True,
        help_text="Words and phrases, one a line, that suggest a response speaks to this theme; "
        "a trailing * stands for any ending (apprentice* finds apprenticeships).",
    )
    # Language code -> keywords one a line, for answers written in the portal's other languages.
    keywords_translated = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order"]

    def __str__(self):
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        """Every keyword, English first, then each other language's: an answer is matched
        against all of them, whatever language the interface was in when it was written."""
        texts = [self.keywords, *self.keywords_translated.values()]
        return [line.strip() for text in texts for line in str(text).splitlines() if line.strip()]


# The portal's languages other than English (settings.LANGUAGES), named in English, whose
# keywords a theme may list.
KEYWORD_LANGUAGES = [
    (code, get_language_info(code)["name"])
    for code, _ in settings.LANGUAGES
    if code != settings.LANGUAGE_CODE
]


class Document(models.Model):
    """A download listed on the downloads page."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="documents/", blank=True)
    url = models.URLField(blank=True, help_text="Where the document is published, if not uploaded.")
    size_bytes = models.PositiveIntegerField(help_text="Shown to people as, for example, 1.25 MB.")
    file_format = models.CharField(max_length=20, default="PDF")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "order"]

    def __str__(self):
        return self.title

    @property
    def size_display(self) -> str:
        from portal.selectors import file_size_display

        return file_size_display(self.size_bytes)

    def get_absolute_url(self):
        return reverse("portal:document", args=[self.pk])


class PageText(models.Model):
    """One passage of an information page's wording (a paragraph, heading or list item), kept as
    data so that staff translate it beside the English. Its markup is only [label](target)
    links and {name} values the page gives; everything else is shown as typed
    (portal/pagetext.py, docs/decisions/0911)."""

    page = models.SlugField(max_length=40)
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(
        help_text="Links are written [label](target), where target is https://…, mailto:…, "
        "or a page such as portal:leicester; {name} shows a value the page fills in."
    )

    class Meta:
        ordering = ["page", "order"]
        verbose_name = "page text"
        constraints = [models.UniqueConstraint(fields=["page", "key"], name="unique_page_text_key")]

    def __str__(self):
        return f"{self.page}: {self.key}"


class OutboundEmail(models.Model):
    """An email the portal must send. Recorded in the same transaction as what caused it, sent by
    a Celery task after commit, and retried by a periodic task until it has gone.

    Most are written when recorded. One on a hot path (a booking confirmation) names instead the
    function that writes it and that function's arguments, and is written by the worker just
    before it is sent; if by then it no longer applies (the booking was cancelled), it is
    dropped, not sent."""

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    write_with = models.CharField(
        max_length=200,
        blank=True,
        help_text="Dotted path of the function that writes this email when it is sent.",
    )
    write_args = models.JSONField(default=dict, blank=True)
    # [{"filename": ..., "mimetype": ..., "content": str}]; text attachments such as .ics only.
    attachments = models.JSONField(default=list, blank=True)
    dedupe_key = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text="Set for mail that must go once only, such as a reminder.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    dropped_at = models.DateTimeField(
        null=True, blank=True, help_text="Not sent: it no longer applied when its turn came."
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outbound email"

    def __str__(self):
        return f"{self.subject} to {self.to}"


class Language(models.Model):
    """A language the public pages may be read in besides English (settings.LANGUAGES): whether
    its translation has been checked by a qualified translator, and whether it is offered."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (not yet checked)"
        CHECKED = "checked", "Checked by a qualified translator"

    code = models.CharField(
        max_length=10, primary_key=True, choices=[(c, n) for c, n in settings.LANGUAGES[1:]]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    offered = models.BooleanField(
        default=False,
        help_text="Offered to the public: named in the language switcher, its pages answer at "
        "their own addresses. Off, its addresses lead to the English pages.",
    )

    class Meta:
        ordering = ["code"]

    def clean(self):
        # The demo seed offers drafts, saying so on every page; staff offer checked ones only.
        if self.offered and self.status != self.Status.CHECKED:
            raise ValidationError(
                {
                    "offered": "Only a translation checked by a qualified translator can be "
                    "offered. Mark it checked first, or leave it off."
                }
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Now for this process's next page, and again once the change is committed.
        languages.forget()
        transaction.on_commit(languages.forget)

    def __str__(self):
        local = dict(settings.LANGUAGES).get(self.code, self.code)
        return f"{languages.ENGLISH_NAMES.get(self.code, self.code)} ({local})"
