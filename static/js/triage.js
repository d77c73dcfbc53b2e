// Contradiction triage from the keyboard: c confirms, d dismisses, n opens the next open flag,
// e goes to the note. Keys typed into a field are text, never commands; Esc leaves the field.
// The keys press the page's own buttons and link, so the note goes with the decision and
// the page behaves exactly as it does for a click.
(function () {
  "use strict";
  const targets = { c: "flag-confirm", d: "flag-dismiss", n: "flag-next", e: "flag-note" };

  function typing(element) {
    return element && (element.isContentEditable || element.matches("input, textarea, select"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && typing(event.target)) {
      event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const target = document.getElementById(targets[event.key] || "");
    if (!target || target.disabled) return;
    event.preventDefault();
    if (target.matches("textarea")) target.focus();
    else target.click();
  });
})();
