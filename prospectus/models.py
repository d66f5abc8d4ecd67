"""The prospectus text staff edit, its four or five ambitions, the quotes and evidence tables staff
choose for it, and the PDF exports (drafts for its writers, the board's of record)."""

from django.conf import settings
from django.db import models

from portal.models import Consultation, Sector, Theme

# What the seed's draft texts begin with (prospectus/seed.py): a prospectus PDF that still prints
# it cannot be approved, nor results published on it (results/services.py, decision 0960).
PLACEHOLDER = "[Draft for staff to edit]"


class Prospectus(models.Model):
    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="prospectus"
    )
    title = models.CharField(max_length=300)
    foreword = models.TextField(blank=True)
    introduction = models.TextField(blank=True)
    summary = models.TextField(
        blank=True,
        help_text="The executive summary's opening paragraphs, beside the figures the portal "
        "computes from the evidence.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "prospectuses"
        permissions = [("view_evidence", "Can read the evidence on the board page")]

    def __str__(self):
        return self.title


class Ambition(models.Model):
    prospectus = models.ForeignKey(Prospectus, on_delete=models.CASCADE, related_name="ambitions")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    in_a_line = models.CharField(
        "In a line",
        max_length=200,
        blank=True,
        help_text="The ambition in one line, for the executive summary.",
    )
    statement = models.TextField()
    sectors = models.ManyToManyField(Sector, blank=True, related_name="ambitions")
    themes = models.ManyToManyField(Theme, blank=True, related_name="ambitions")

    class Meta:
        ordering = ["prospectus", "order"]
        constraints = [
            models.UniqueConstraint(fields=["prospectus", "order"], name="unique_ambition_order")
        ]

    def __str__(self):
        return self.title


class KeyMessage(models.Model):
    """What staff say the consultation heard about one foundation or Grand Challenge: the
    executive summary prints it beside that theme's figures."""

    prospectus = models.ForeignKey(
        Prospectus, on_delete=models.CASCADE, related_name="key_messages"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=600)

    class Meta:
        ordering = ["theme__kind", "theme__order"]
        constraints = [
            models.UniqueConstraint(fields=["prospectus", "theme"], name="one_message_per_theme")
        ]

    def __str__(self):
        return f"{self.theme}: {self.text[:60]}"


class FeaturedQuote(models.Model):
    """An answer or a round-table note a moderator chose to quote, optionally under an ambition.
    Featured quotes come before any automatic pick; an answer can only be featured when its
    author agreed to be quoted. Its words are the answer's or note's public text: a redaction is
    made once, on the answer or note (results.Redaction), for the PDF and the public alike."""

    answer = models.OneToOneField(
        "survey.Answer", null=True, blank=True, on_delete=models.CASCADE, related_name="featured"
    )
    note = models.OneToOneField(
        "events.RoundTableNote",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="featured",
    )
    ambition = models.ForeignKey(
        Ambition,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="featured_quotes",
        help_text="Quote it under this ambition; left blank, it leads its sector's chapter.",
    )
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    featured_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer__isnull=False, note__isnull=True)
                | models.Q(answer__isnull=True, note__isnull=False),
                name="featured_answer_or_note",
            )
        ]

    def __str__(self):
        return f"Featured quote {self.pk}"


class EvidenceTable(models.Model):
    """Evidence staff bring from elsewhere (GVA per head, jobs by sector): a table parsed from a
    CSV, its source and date, optionally charted, printed in the chapter it is attached to."""

    prospectus = models.ForeignKey(
        Prospectus, on_delete=models.CASCADE, related_name="evidence_tables"
    )
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=300, help_text="Who published the figures.")
    source_date = models.DateField("Date of the figures")
    sector = models.ForeignKey(
        Sector,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The sector chapter it belongs to; blank: The evidence in figures.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    chart_column = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Chart this column (numbered from 2, the first is the label) as bars.",
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Export(models.Model):
    """One PDF of the prospectus, generated by a Celery task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    prospectus = models.ForeignKey(Prospectus, on_delete=models.CASCADE, related_name="exports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Relative to PRIVATE_STORAGE_ROOT; never under a public URL.
    file_path = models.CharField(max_length=500, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    response_count = models.PositiveIntegerField(null=True, blank=True)
    note_count = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    # A draft is for the people who write the prospectus: marked DRAFT on every page, never of
    # record. Only an export the board asks for (add_export) is not a draft.
    draft = models.BooleanField(default=False)
    # The parts of the prospectus that still held PLACEHOLDER when this PDF was rendered, named as
    # staff know them ([] for none); None for a PDF rendered before the portal looked.
    placeholders = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        permissions = [("build_draft", "Can build a draft PDF of the prospectus")]
        constraints = [
            # At most one export queued or rendering per prospectus: pressing twice starts one.
            models.UniqueConstraint(
                fields=["prospectus"],
                condition=models.Q(status__in=["queued", "rendering"]),
                name="one_running_export",
            )
        ]

    def __str__(self):
        return f"Export {self.pk} ({self.status})"
