// What a page shows when a write cannot be saved, for every htmx request on the site and for
// the queue's own posts (window.deskProblems). An answer that is not what was asked for (the
// login page after the session expired, an error page) is never pasted into the page: a
// message next to the form says what happened, and the form stays as the person left it, so
// sending it again is one click. Every request carries the current CSRF token.
(function () {
  "use strict";
  const loginUrl = document.body.dataset.loginUrl;

  // Logging in (in another tab) rotates the CSRF secret, which makes the token in a form
  // stale; the cookie (Django's default name) always holds the current one.
  function csrfToken() {
    const cookie = document.cookie.split("; ").find(function (c) { return c.startsWith("csrftoken="); });
    return cookie ? cookie.slice("csrftoken=".length) : "";
  }

  // Requests follow redirects; the views answer a script's request with a fragment and never
  // redirect, unless login_required sent it to the login page.
  function isLoginPage(url) {
    if (!loginUrl || !url) return false;
    const login = new URL(loginUrl, window.location.href).pathname;
    return new URL(url, window.location.href).pathname === login;
  }

  // The message of a JSON error answer ({"error", "message"}), else the status of an error
  // answer ("(error 500)"), else "": never "error 200".
  function messageOf(status, contentType, text) {
    const code = status >= 400 ? "(error " + status + ")" : "";
    if (!(contentType || "").includes("application/json")) return code;
    try {
      const payload = JSON.parse(text);
      return typeof payload.message === "string" && payload.message ? payload.message : code;
    } catch (error) {
      return code;
    }
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

  // Where the message of a request goes: just above its form, else at the top of the element.
  function previousProblem(anchor) {
    const before = anchor.matches("form") ? anchor.previousElementSibling : anchor.firstElementChild;
    return before && before.classList.contains("problem") ? before : null;
  }

  function clear(anchor) {
    const old = previousProblem(anchor);
    if (old) old.remove();
  }

  // One message per form, built from text nodes: a server's message is shown as text, never
  // parsed as markup. kind is "login", "server" (detail: the server's message) or "network";
  // verb is "save" (the default) or "load", for a request that sent nothing to keep.
  function show(anchor, kind, detail, verb) {
    clear(anchor);
    const message = document.createElement("p");
    message.className = "error problem";
    message.setAttribute("role", "alert");
    if (kind === "login") {
      message.append("Your session expired — ", loginLink(), " (in a new tab), then try again here" +
        (verb === "load" ? "." : ": what you entered is kept."));
    } else if (kind === "server") {
      message.append("The server could not " + (verb || "save") + " this; try again. " + (detail || ""));
    } else {
      message.append("Network error; nothing was lost. Try again.");
    }
    if (anchor.matches("form")) anchor.before(message);
    else anchor.prepend(message);
    return message;
  }

  window.deskProblems = {
    csrfToken: csrfToken, isLoginPage: isLoginPage, messageOf: messageOf, show: show, clear: clear,
  };

  // The form that sent the request, else the element it swaps into. htmx sets detail.elt to
  // the element an event is fired on (the target, for the swap events), so the sender comes
  // from the request's config when there is one.
  function anchorOf(detail) {
    const sender = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    const form = sender && sender.closest && sender.closest("form");
    return form || detail.target || sender;
  }

  function verbOf(detail) {
    const verb = detail.requestConfig && detail.requestConfig.verb;
    return verb === "get" ? "load" : "save";
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    const token = csrfToken();
    if (!token) return;
    event.detail.headers["X-CSRFToken"] = token;
    if (event.detail.verb !== "get") event.detail.parameters.csrfmiddlewaretoken = token;
  });
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    const anchor = anchorOf(event.detail);
    if (anchor) clear(anchor);
  });
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const detail = event.detail;
    if (!isLoginPage(detail.xhr.responseURL)) return;
    detail.shouldSwap = false;
    detail.isError = false;
    show(anchorOf(detail), "login", "", verbOf(detail));
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    const detail = event.detail;
    const xhr = detail.xhr;
    const text = messageOf(xhr.status, xhr.getResponseHeader("Content-Type"), xhr.responseText);
    show(anchorOf(detail), "server", text, verbOf(detail));
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    show(anchorOf(event.detail), "network");
  });
})();
