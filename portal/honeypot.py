"""The honeypot every public form carries: a box people never see (templates/includes/
honeypot.html) that form-filling bots fill in. One name, one check, for the survey and booking."""

HONEYPOT = "website"


def honeypot_filled(data) -> bool:
    """True when the hidden box came back with anything in it: a bot, not a person."""
    return bool(data.get(HONEYPOT))
