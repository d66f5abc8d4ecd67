// Starts GOV.UK Frontend's components. A file, not an inline script: the CSP allows no inline code.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Elements that ask to be refreshed (an export in progress) reload the page every few seconds.
const refresh = document.querySelector("[data-refresh-seconds]");
if (refresh) {
  const seconds = Number(refresh.getAttribute("data-refresh-seconds")) || 5;
  window.setTimeout(() => window.location.reload(), seconds * 1000);
}

// Print buttons (sign-in sheets) without inline onclick handlers.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

// On a right-to-left page a box holding left-to-right text (an email address, an English name or
// answer) is drawn in its text's own direction, as dir="auto" would, so that its punctuation
// stays where it was typed; an empty box keeps the page's direction, so that its caret starts on
// the right, where an Urdu reader begins (decision 0901).
if (document.documentElement.dir === "rtl") {
  const boxes =
    "input[type=text], input[type=email], input[type=tel], input[type=search], input:not([type]), textarea";
  const follow = (box) => {
    if (box.value.trim()) box.setAttribute("dir", "auto");
    else box.removeAttribute("dir");
  };
  for (const box of document.querySelectorAll(boxes)) follow(box);
  document.addEventListener("input", (event) => {
    if (event.target instanceof Element && event.target.matches(boxes)) follow(event.target);
  });
}
