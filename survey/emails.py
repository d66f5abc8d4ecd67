"""The plain-text bodies of the survey's emails: save-and-return link, receipt, late answers."""

import datetime as dt

from django.utils import timezone

from survey.selectors import answers_display


def when_display(moment: dt.datetime) -> str:
    """A time as people read it in the UK, e.g. "11:59pm on Thursday 31 May 2018"."""
    local = timezone.localtime(moment)
    hour = local.strftime("%I").lstrip("0")
    minutes = "" if local.minute == 0 else f":{local:%M}"
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{minutes}{suffix} on {local:%A} {local.day} {local:%B %Y}"


def _answers_text(*, questions, data) -> str:
    lines = []
    for row in answers_display(questions=questions, data=data):
        lines.append(row["question"].text)
        lines.extend(f"  {line}" for line in row["lines"] or ["(not answered)"])
        lines.append("")
    return "\n".join(lines)


def save_link_body(*, survey, link: str) -> str:
    return (
        f"You saved your answers to the {survey.title}.\n\n"
        f"To come back to them, open this link:\n{link}\n\n"
        f"The link works until the survey closes at {when_display(survey.closes_at)}. "
        "Anyone with the link can see your answers, so do not share it.\n\n"
        "Leicester and Leicestershire Enterprise Partnership (LLEP)\n"
    )


def receipt_body(*, survey, response, questions, data) -> str:
    return (
        f"Thank you for responding to the {survey.title}.\n\n"
        f"Your reference is {response.reference}.\n\n"
        "These are the answers you sent:\n\n"
        f"{_answers_text(questions=questions, data=data)}\n"
        "Leicester and Leicestershire Enterprise Partnership (LLEP)\n"
    )


def late_answers_body(*, survey, questions, data, reply_to: str) -> str:
    contact = f"The person asks for a reply at: {reply_to}\n\n" if reply_to else ""
    return (
        f"These answers to the {survey.title} were sent after it closed at "
        f"{when_display(survey.closes_at)}, so the portal did not take them.\n"
        "You can enter them in admin as a late response (Survey > Responses > Add).\n\n"
        f"{contact}{_answers_text(questions=questions, data=data)}"
    )
