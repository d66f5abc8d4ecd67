// The door page, enhanced: the list narrows as the organiser types (the search button still
// works without JavaScript, on the server).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-door-search]");
  if (!form) return;
  const input = form.querySelector("input[type=search]");
  const people = [...document.querySelectorAll("[data-door-text]")];
  const none = document.querySelector("[data-door-none]");
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const person of people) {
      const match = words.every((word) => person.dataset.doorText.includes(word));
      person.hidden = !match;
      if (match) shown += 1;
    }
    if (none) none.hidden = shown > 0;
  });
});
