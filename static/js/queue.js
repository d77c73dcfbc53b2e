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
  const loginUrl = panel.dataset.loginUrl;

  function form() { return document.getElementById("queue-form"); }

  function showConfidence() {
    const range = document.getElementById("queue-confidence");
    const out = document.getElementById("queue-confidence-out");
    if (range && out) out.textContent = Number(range.value).toFixed(2);
  }

  // One message at a time above the form, built from text nodes: a server's message is
  // shown as text, never parsed as markup.
  function showProblem(...parts) {
    const old = document.getElementById("queue-problem");
    if (old) old.remove();
    const message = document.createElement("p");
    message.id = "queue-problem";
    message.className = "error";
    message.setAttribute("role", "alert");
    message.append(...parts);
    panel.prepend(message);
  }

  function loginLink() {
    const link = document.createElement("a");
    link.href = loginUrl;
    // A new tab, so that logging in does not throw away the form filled in here.
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "log in again";
    return link;
  }

  // fetch follows redirects; the act view answers a fragment request with a panel and never
  // redirects, unless login_required sent us to the login page.
  function isLoginPage(response) {
    const login = new URL(loginUrl, window.location.href).pathname;
    return response.redirected && new URL(response.url).pathname === login;
  }

  // The message of a JSON error answer ({"error", "message"}), or "" for any other answer.
  async function errorMessage(response) {
    if (!(response.headers.get("Content-Type") || "").includes("application/json")) return "";
    try {
      const payload = await response.json();
      return typeof payload.message === "string" ? payload.message : "";
    } catch (error) {
      return "";
    }
  }

  async function showAnswer(response) {
    if (isLoginPage(response)) {
      showProblem("Your session expired — ", loginLink(),
        " (in a new tab), then try again here: what you entered is kept.");
    } else if (!response.ok || response.redirected) {
      const detail = (await errorMessage(response)) ||
        (response.ok ? "" : "(error " + response.status + ")");
      showProblem("The server could not save this; try again. " + detail);
    } else {
      panel.innerHTML = await response.text();
    }
  }

  // Logging in (in another tab) rotates the CSRF secret, which would make the token in this
  // form stale; the cookie (Django's default name) always holds the current one.
  function freshCsrfToken(data) {
    const cookie = document.cookie.split("; ").find(function (c) { return c.startsWith("csrftoken="); });
    if (cookie) data.set("csrfmiddlewaretoken", cookie.slice("csrftoken=".length));
  }

  async function act(action) {
    const current = form();
    if (!current) return;
    if (action === "review" && !current.reportValidity()) return;
    const data = new FormData(current);
    data.set("action", action);
    freshCsrfToken(data);
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
      showProblem("Network error; nothing was lost. Try again.");
    } finally {
      panel.removeAttribute("aria-busy");
      showConfidence();
    }
  }

  panel.addEventListener("submit", function (event) {
    event.preventDefault();
    act(event.submitter ? event.submitter.value : "review");
  });
  panel.addEventListener("input", showConfidence);

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
      showConfidence();
    } else if (event.key === "Enter") {
      act(range ? "review" : "next");
    } else if (event.key === "s") {
      act("skip");
    } else if (event.key === "r") {
      act("release");
    } else if (event.key === "n") {
      act("next");
    } else if (event.key === "e") {
      const note = document.getElementById("queue-note");
      if (note) note.focus();
    } else {
      return;
    }
    event.preventDefault();
  });
  showConfidence();
})();
