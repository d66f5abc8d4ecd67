"""What the browser journeys share: the public pages, the axe-core check, links from emails."""

import re
from urllib.parse import urlsplit

PUBLIC_PAGES = [
    "/",
    "/industrial-strategy/",
    "/local-industrial-strategies/",
    "/leicester-and-leicestershire/",
    "/get-involved/",
    "/downloads/",
    "/privacy/",
    "/accessibility/",
]


def axe_serious(axe, page) -> list[str]:
    """The serious and critical axe-core violations on the page, one readable line each."""
    results = axe.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in {"serious", "critical"}:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]][:5]
            found.append(
                f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {'; '.join(targets)}"
            )
    return found


def outbox_link(pattern: str, *, to: str | None = None, subject: str | None = None) -> str:
    """The path of the first link matching pattern in the newest email (to, subject filtered)."""
    from django.core import mail

    for message in reversed(mail.outbox):
        if to and to not in message.to:
            continue
        if subject and subject.lower() not in message.subject.lower():
            continue
        for url in re.findall(r"https?://[^\s<>\"']+", message.body):
            if re.search(pattern, url):
                parts = urlsplit(url)
                return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(
        f"no email{' to ' + to if to else ''} with a link matching {pattern!r}; outbox: "
        + "; ".join(f"{m.to} {m.subject!r}" for m in mail.outbox)
    )


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
