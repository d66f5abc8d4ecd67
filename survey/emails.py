"""The plain-text bodies of the survey's emails: save-and-return link, receipt, late answers."""

import datetime as dt

from django.utils.translation import gettext as _

from portal.selectors import datetime_display
from survey.selectors import answers_display


def when_display(moment: dt.datetime) -> str:
    """A time as people read it in the UK, e.g. "11:59pm on Thursday 31 May 2018", in the
    page's language."""
    return datetime_display(moment)


def _answers_text(*, questions, data) -> str:
    lines = []
    for row in answers_display(questions=questions, data=data):
        lines.append(row["question"].text)
        lines.extend(f"  {line}" for line in row["lines"] or [_("(not answered)")])
        lines.append("")
    return "\n".join(lines)


def save_link_body(*, survey, link: str) -> str:
    """In the language of the page the person saved from, as the receipt is."""
    return (
        _("You saved your answers to the %(title)s.") % {"title": survey.title}
        + "\n\n"
        + _("To come back to them, open this link:")
        + f"\n{link}\n\n"
        + _(
            "The link works until the survey closes at %(when)s. Anyone with the link can see "
            "your answers, so do not share it."
        )
        % {"when": when_display(survey.closes_at)}
        + "\n\n"
        + _("Leicester and Leicestershire Enterprise Partnership (LLEP)")
        + "\n"
    )


def receipt_body(*, survey, response, questions, data) -> str:
    return (
        _("Thank you for responding to the %(title)s.") % {"title": survey.title}
        + "\n\n"
        + _("Your reference is %(reference)s.") % {"reference": response.reference}
        + "\n\n"
        + _("These are the answers you sent:")
        + "\n\n"
        + f"{_answers_text(questions=questions, data=data)}\n"
        + _("Leicester and Leicestershire Enterprise Partnership (LLEP)")
        + "\n"
    )


def late_answers_body(*, survey, questions, data, reply_to: str) -> str:
    contact = f"The person asks for a reply at: {reply_to}\n\n" if reply_to else ""
    return (
        f"These answers to the {survey.title} were sent after it closed at "
        f"{when_display(survey.closes_at)}, so the portal did not take them.\n"
        "You can enter them in admin as a late response (Survey > Responses > Add).\n\n"
        f"{contact}{_answers_text(questions=questions, data=data)}"
    )
