// The review queue from the keyboard. Every action posts the panel's form and swaps in the
// panel the server answers with, so a verdict never reloads the page. Without this script the
// same forms work as plain posts. An answer that is not a panel (the login page after the
// session expired, an error page) is never pasted in: a message says what happened and the
// form stays as the reviewer left it, so the same keystroke can send it again.
(function () {
  "use strict";
  const chooser = document.querySelector("select[data-autosubmit]");
  if (chooser) chooser.addEventListener("change", function () { chooser.form.submit(); });
  const panel = document.getElementById("queue-panel");
  if (!panel) return;
  const actUrl = panel.dataset.actUrl;

  function form() { return document.getElementById("queue-form"); }

  // The login page, error pages and messages are handled as on every page (htmx_errors.js).
  // A conflict (409) still answers with the panel: the claim as it is now, the message, and
  // what the reviewer entered, filled in again by the server.
  async function showAnswer(response) {
    const problems = window.deskProblems;
    const text = await response.text();
    if (response.redirected && problems.isLoginPage(response.url)) {
      problems.show(panel, "login");
    } else if ((response.ok && !response.redirected) || response.status === 409) {
      panel.innerHTML = text;
    } else {
      problems.show(panel, "server",
        problems.messageOf(response.status, response.headers.get("Content-Type"), text));
    }
  }

  async function act(action) {
    const current = form();
    if (!current) return;
    if (action === "review" && !current.reportValidity()) return;
    const data = new FormData(current);
    data.set("action", action);
    const token = window.deskProblems.csrfToken();
    if (token) data.set("csrfmiddlewaretoken", token);
    panel.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(actUrl, {
        method: "POST",
        body: data,
        headers: { "X-Queue-Fragment": "1" },
        credentials: "same-origin",
      });
      await showAnswer(response);
    } catch (error) {
      window.deskProblems.show(panel, "network");
    } finally {
      panel.removeAttribute("aria-busy");
    }
  }

  panel.addEventListener("submit", function (event) {
    event.preventDefault();
    act(event.submitter ? event.submitter.value : "review");
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.matches("textarea, input[type=text], input[type=url], select");
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    const current = form();
    if (!current) return;
    const verdict = current.querySelector('input[name=verdict][data-key="' + event.key + '"]');
    const range = document.getElementById("queue-confidence");
    if (verdict) {
      verdict.checked = true;
    } else if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && range) {
      if (event.target === range) return; // the slider moves itself
      const step = event.shiftKey ? 0.05 : 0.1;
      const value = Number(range.value) + (event.key === "ArrowRight" ? step : -step);
      range.value = Math.min(1, Math.max(0, value)).toFixed(2);
      // As if the slider had moved: review_fields.js shows the value beside it.
      range.dispatchEvent(new Event("input", { bubbles: true }));
    } else if (event.key === "Enter") {
      act(range ? "review" : "next");
    } else if (event.key === "s") {
      act("skip");
    } else if (event.key === "r") {
      act("release");
    } else if (event.key === "n") {
      act("next");
    } else if (event.key === "u" && panel.querySelector("button[value=undo]")) {
      act("undo");
    } else if (event.key === "e") {
      const note = document.getElementById("queue-note");
      if (note) note.focus();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
