"""Publishing the results: the approved prospectus, the published/unpublished state, which
responses are cleared for publication, and the redacted published text of answers and notes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from events.models import RoundTableNote
from portal.models import Consultation
from prospectus.models import Export
from survey.models import Answer, Response


class Publication(models.Model):
    """The results of one consultation: the prospectus PDF the board approved, and whether the
    results are public. Nothing under /results/ is public unless is_published."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="results_publication"
    )
    export = models.ForeignKey(
        Export, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unpublished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = [
            ("approve_prospectus", "Can approve a prospectus PDF for publication"),
            ("publish_results", "Can publish and unpublish the results"),
        ]

    def __str__(self):
        return f"Results of {self.consultation}"


class Clearance(models.Model):
    """A moderator has read this response and cleared it for publication (with its answers'
    redactions, if any). Only approved responses whose authors agreed are published, and only
    once cleared."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="clearance")
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_at = models.DateTimeField()

    def __str__(self):
        return f"{self.response} cleared"


class PublishableResponse(Response):
    """Survey responses as the results admin shows them: for clearing and redacting."""

    class Meta:
        proxy = True
        # Not "Responses ...": the survey's own "Responses" stays the only admin link so named.
        verbose_name = "response to clear"
        verbose_name_plural = "clear for publication"


class Reason(models.TextChoices):
    PERSONAL = "personal", "Personal information"
    OFFENSIVE = "offensive", "Offensive"
    DEFAMATORY = "defamatory", "Defamatory"
    OTHER = "other", "Other"


class Redaction(models.Model):
    """The published text of one answer or one round-table note, beside the original (which is
    never changed): results/redaction.py is the only reader."""

    answer = models.OneToOneField(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="redaction"
    )
    note = models.OneToOneField(
        RoundTableNote, null=True, blank=True, on_delete=models.CASCADE, related_name="redaction"
    )
    text = models.TextField("published text", blank=True, max_length=4000)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__isnull=False, note__isnull=True)
                | Q(answer__isnull=True, note__isnull=False),
                name="redaction_of_one_answer_or_note",
            )
        ]

    def __str__(self):
        return f"Redaction of {self.target_reference}"

    @property
    def target_reference(self) -> str:
        if self.answer_id:
            return f"{self.answer.response.reference} / {self.answer.question.key}"
        return self.note.reference


class RedactionEvent(models.Model):
    """The redaction log: every redaction made, changed or removed, with who and when. It holds
    no text, so it keeps no personal data the redaction took out."""

    class Action(models.TextChoices):
        REDACTED = "redacted", "Redacted"
        CHANGED = "changed", "Changed"
        REMOVED = "removed", "Removed (original text published)"
        # Issue 14's FeaturedQuote.redacted_text, moved here by migration 0002 (decision 0322).
        MIGRATED = "migrated", "Moved from a featured quote's redacted text"

    redaction = models.ForeignKey(
        Redaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    target = models.CharField(max_length=120, help_text="Response reference and question, or note.")
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "redaction log entry"
        verbose_name_plural = "redaction log"

    def __str__(self):
        return f"{self.get_action_display()} {self.target}"
