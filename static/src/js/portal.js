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
