"""What the browser journeys share: the public pages, the axe-core check, links from emails."""

import contextlib
import re
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

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


def resize(page, width: int, height: int) -> None:
    """Set the viewport until the page has it. A full-page screenshot of an earlier load
    (conftest's shoot, run between this test's own calls) puts back the size it found when it
    started: set while one is under way, the new size is undone when it ends, and Playwright,
    believing it set already, ignores the same size asked again. So another size is asked
    first, then this one (waiting once for a size that had been undone failed a CI run)."""
    for attempt in range(5):
        if attempt:
            page.set_viewport_size({"width": width + 1, "height": height})
        page.set_viewport_size({"width": width, "height": height})
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function("w => window.innerWidth === w", arg=width, timeout=3000)
            page.wait_for_timeout(500)  # a screenshot under way ends, and may undo it
            if page.evaluate("() => window.innerWidth") == width:
                return
    raise AssertionError(f"the page never stayed {width} px wide")


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def outbox_message(*, to: str, subject: str):
    """The newest email to this address whose subject contains subject."""
    from django.core import mail

    for message in reversed(mail.outbox):
        if to in message.to and subject.lower() in message.subject.lower():
            return message
    raise AssertionError(
        f"no email to {to} about {subject!r}; outbox: "
        + "; ".join(f"{m.to} {m.subject!r}" for m in mail.outbox)
    )


# --- the keyboard alone ------------------------------------------------------------------------
# These move through the page as a keyboard user does, with Tab (and Shift+Tab), and act with
# Enter, Space and the arrow keys. None of them clicks.

MAX_TABS = 120


def focused_text(page) -> str:
    return page.evaluate("() => (document.activeElement.innerText || '').trim()")


def tab_to(page, locator, *, backwards: bool = False) -> None:
    """Press Tab until the element of locator has the focus; fail if it never does."""
    target = locator.element_handle()
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(MAX_TABS):
        if page.evaluate("(el) => document.activeElement === el", target):
            return
        page.keyboard.press(key)
        seen.append(
            page.evaluate(
                "() => { const a = document.activeElement;"
                " return `${a.tagName} ${a.id || ''} ${(a.innerText || a.value || '').trim()}`"
                ".slice(0, 40); }"
            )
        )
    raise AssertionError(f"{locator} never took the focus by {key}; focus went to: {seen[:40]}")


def key_type(page, label: str, text: str, *, exact: bool = False) -> None:
    """Tab to the field with this label and type into it."""
    tab_to(page, page.get_by_label(label, exact=exact))
    page.keyboard.type(text)


def key_tick(page, label: str, *, exact: bool = False) -> None:
    """Tab to a checkbox and tick it with Space."""
    box = page.get_by_label(label, exact=exact)
    tab_to(page, box)
    page.keyboard.press("Space")
    assert box.is_checked(), f"Space did not tick {label!r}"


def key_choose(page, group: str, option: str) -> None:
    """In the radio group whose legend is group, Tab into it and use the arrow keys to select
    option, as a keyboard user does (Tab stops once per group)."""
    fieldset = page.get_by_role("group", name=group, exact=True)
    radios = fieldset.get_by_role("radio")
    wanted = fieldset.get_by_label(option, exact=True)
    # Tab lands on the checked radio, or the first when none is.
    checked = [i for i in range(radios.count()) if radios.nth(i).is_checked()]
    tab_to(page, radios.nth(checked[0] if checked else 0))
    for _ in range(radios.count() + 1):
        if page.evaluate("(el) => document.activeElement === el", wanted.element_handle()):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert wanted.is_checked(), f"could not choose {option!r} in {group!r} by keyboard"


def key_activate(page, locator) -> None:
    """Tab to a link or button and press Enter."""
    tab_to(page, locator)
    page.keyboard.press("Enter")


def answer_every_section(page) -> None:
    """Answer all four survey sections sensibly, ending on Check your answers."""
    page.goto("/survey/section/1/")
    page.get_by_label("Individual").check()
    page.get_by_label("Life Sciences").check()
    page.get_by_label("Melton").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What are the key challenges to growth").fill("Rural bus services.")
    for group in ("Ideas", "People", "Infrastructure", "Business Environment", "Place"):
        page.get_by_role("group", name=group, exact=True).get_by_label(
            "Essential", exact=True
        ).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Ageing Society").check()
    page.get_by_label("What should the priorities be").fill("Care technology.")
    page.get_by_label("What interventions are needed").fill("Trials in care homes.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("group", name="May we quote").get_by_label("No", exact=True).check()
    page.get_by_role("group", name="May we contact you").get_by_label("No", exact=True).check()
    page.get_by_label("Your email address").fill("")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
