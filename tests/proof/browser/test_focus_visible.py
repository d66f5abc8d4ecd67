"""Tabbing through every public page: each element that takes the focus shows a focus indicator
of at least 3:1 contrast against what surrounds it (WCAG 1.4.11 and 2.4.7). The indicator is what
changes when the element takes the focus: its outline, box-shadow, background or border (for
GOV.UK's radios and checkboxes, those of the label's drawn box, as the input itself is hidden);
for the skip link, shown only when focused, its appearing, read as its text on its background."""

import pytest

from tests.proof.browser.conftest import DESKTOP, NARROW
from tests.proof.browser.helpers import PUBLIC_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_STOPS = 150

# Styles each focusable element (or the box GOV.UK draws for a radio or checkbox) has before it is
# focused, kept so that the focused style can be compared with them.
REMEMBER = """() => {
  const drawn = (el) => el.matches('.govuk-radios__input, .govuk-checkboxes__input') && el.labels[0]
    ? getComputedStyle(el.labels[0], '::before') : getComputedStyle(el);
  const keep = (s, el) => ({shown: el.getBoundingClientRect().width > 1, outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
    outlineColor: s.outlineColor, boxShadow: s.boxShadow, backgroundColor: s.backgroundColor,
    borderTopColor: s.borderTopColor, borderTopWidth: s.borderTopWidth});
  window.__unfocused = new WeakMap();
  for (const el of document.querySelectorAll('a, button, input, select, textarea, [tabindex]')) {
    window.__unfocused.set(el, keep(drawn(el), el));
  }
  document.activeElement.blur();
}"""

# The focused element's indicator: its best contrast against its surroundings, and its parts.
MEASURE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgb = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const boxed = el.matches('.govuk-radios__input, .govuk-checkboxes__input') && el.labels[0];
  const target = boxed ? el.labels[0] : el;
  const now = getComputedStyle(target, boxed ? '::before' : null);
  const was = window.__unfocused.get(el) || {};
  let around = null;
  for (let n = boxed ? target : target.parentElement; n && !around; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c && c.a > 0) around = c;
  }
  around = around || {r: 255, g: 255, b: 255, a: 1};
  const parts = [];
  const outlined = now.outlineStyle !== 'none' && parseFloat(now.outlineWidth) > 0;
  if (outlined && (now.outlineColor !== was.outlineColor || now.outlineStyle !== was.outlineStyle
      || now.outlineWidth !== was.outlineWidth)) parts.push(['outline', now.outlineColor]);
  if (now.boxShadow !== 'none' && now.boxShadow !== was.boxShadow) {
    for (const m of now.boxShadow.matchAll(/rgba?\\([^)]+\\)/g)) parts.push(['box-shadow', m[0]]);
  }
  if (now.backgroundColor !== was.backgroundColor) parts.push(['background', now.backgroundColor]);
  if (now.borderTopColor !== was.borderTopColor || now.borderTopWidth !== was.borderTopWidth) {
    parts.push(['border', now.borderTopColor]);
  }
  if (was.shown === false) {
    // Shown only when focused (the skip link): the indicator is the element itself appearing,
    // read against its own background.
    const text = rgb(now.color), ground = rgb(now.backgroundColor);
    if (ground && ground.a > 0) parts.push(['appears', now.color, ratio(text, ground)]);
  }
  const seen = parts.map(([what, colour, given]) => {
    const c = rgb(colour);
    const r = what === 'appears' ? given : c && c.a > 0 ? ratio(c, around) : 0;
    return [what, colour, Math.round(r * 100) / 100];
  });
  const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} `
    + `“${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}”`;
  return {name, best: Math.max(0, ...seen.map((s) => s[2])), parts: seen,
          around: `rgb(${around.r}, ${around.g}, ${around.b})`};
}"""


def _paths() -> list[str]:
    from events.models import RoundTable

    first = RoundTable.objects.order_by("starts_at").first()
    return [*PUBLIC_PAGES, "/round-tables/", first.get_absolute_url(), "/survey/"]


def tab_through(page) -> tuple[int, list[str]]:
    """Tabs from the top of the page to its end; returns the stops and those without a clear
    focus indicator."""
    page.evaluate(REMEMBER)
    weak, stops, first = [], 0, None
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        found = page.evaluate(MEASURE)
        if found is None or found["name"] == first:
            break
        first = first or found["name"]
        stops += 1
        if found["best"] < 3:
            weak.append(
                f"{page.url}: {found['name']}: best {found['best']}:1 against {found['around']}"
                f" ({found['parts'] or 'nothing changes'})"
            )
    return stops, weak


@pytest.mark.slow
@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["1280", "320"])
def test_every_focused_element_of_the_public_pages_shows_a_3_to_1_focus_indicator(
    portal, pages, viewport
):
    page = pages.new(viewport)
    weak, total = [], 0
    for path in _paths():
        page.goto(path)
        # The fixture photographs each page on load; let that finish before tabbing.
        page.wait_for_load_state("networkidle")
        stops, found = tab_through(page)
        assert stops >= 5, f"{path}: only {stops} tab stops"
        total += stops
        weak += found
    assert not weak, f"{len(weak)} of {total} focused elements:\n" + "\n".join(weak)
