// The article reader. A click (or Enter) on a highlighted claim loads its panel beside the
// article through htmx; selecting text offers to trim, split or merge the claims it touches,
// or to make a claim of text no claim covers.
// Offsets come from the data-start attribute of each piece of the article, so what is posted
// is the exact character range of the stored article text. The server counts code points, the
// DOM counts UTF-16 code units (an emoji is one of the first, two of the second), so every
// length or offset taken from the DOM goes through codePoints() before it meets data-start.
(function () {
  "use strict";
  const body = document.getElementById("article-body");
  if (!body) return;
  const panelUrl = body.dataset.panelUrl; // ends in /0/panel/
  const form = document.getElementById("reshape-form");
  let selected = null;
  let revealPanel = false;

  // reveal: once loaded, scroll the panel into view if it is off screen (on a phone it sits
  // below the article). Not when the page opens at #claim-N: there the claim is in view.
  function openClaim(mark, reveal) {
    if (selected) selected.classList.remove("selected");
    selected = mark;
    revealPanel = reveal;
    mark.classList.add("selected");
    const url = panelUrl.replace("/0/", "/" + mark.dataset.claimId + "/");
    window.performance.mark("claim-click");
    htmx.ajax("GET", url, { target: "#claim-panel", swap: "innerHTML" });
  }

  function hasSelection() {
    const selection = window.getSelection();
    return selection && !selection.isCollapsed && body.contains(selection.anchorNode);
  }

  body.addEventListener("click", function (event) {
    const mark = event.target.closest("mark.claim");
    if (mark && !hasSelection()) openClaim(mark, true);
  });
  body.addEventListener("keydown", function (event) {
    const mark = event.target.closest("mark.claim");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openClaim(mark, true);
    }
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    const panel = event.detail.target;
    if (panel.id !== "claim-panel") return;
    window.performance.mark("claim-panel-shown");
    followClaim(panel.querySelector("[data-claim-panel]"));
    const top = panel.getBoundingClientRect().top;
    if (revealPanel && (top < 0 || top > window.innerHeight * 0.75)) {
      panel.scrollIntoView({ block: "start" });
    }
    revealPanel = false;
  });

  // A write from the panel (a review, say) moves the claim's status and version: its
  // highlight shows the new status, and a reshape posts the version the claim is now at.
  function followClaim(shown) {
    const mark = shown && document.getElementById("claim-" + shown.dataset.claimPanel);
    if (!mark || !shown.dataset.status) return;
    mark.className = mark.className.replace(/\bstatus-\S+/, "status-" + shown.dataset.status);
    mark.dataset.version = shown.dataset.version;
  }

  // The number of code points in a string: Array.from walks a string by code point, while
  // .length counts UTF-16 units.
  function codePoints(text) {
    return Array.from(text).length;
  }

  // The end of a piece of the article (a claim or plain text), in code points.
  function endOf(piece) {
    return Number(piece.dataset.start) + codePoints(piece.textContent);
  }

  // The offset in the article of a DOM position (node, offset) inside it. A text node's
  // offset is in UTF-16 units, so only the text before it is measured, in code points.
  function offsetOf(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement.closest("[data-start]");
      return Number(piece.dataset.start) + codePoints(node.data.slice(0, offset));
    }
    const child = node.childNodes[offset];
    if (child && child.dataset && child.dataset.start !== undefined) {
      return Number(child.dataset.start);
    }
    const piece = node.closest("[data-start]");
    return piece ? endOf(piece) : null;
  }

  function claimsBetween(start, end) {
    return Array.from(body.querySelectorAll("mark.claim")).filter(function (mark) {
      return Number(mark.dataset.start) < end && endOf(mark) > start;
    });
  }

  function hidden(name, value) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    return input;
  }

  function offerReshape() {
    if (!form && !makeForm) return;
    const selection = window.getSelection();
    // Only a new selection in the article changes the form, so clicking its buttons is safe.
    if (!hasSelection() || !body.contains(selection.focusNode)) return;
    const range = selection.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    const marks = claimsBetween(start, end);
    offerMakeClaim(start, end, marks.length === 0);
    if (!form) return;
    const holder = document.getElementById("reshape-claims");
    holder.replaceChildren();
    marks.forEach(function (mark) {
      holder.append(hidden("claim", mark.dataset.claimId), hidden("version", mark.dataset.version));
    });
    document.getElementById("reshape-start").value = start;
    document.getElementById("reshape-end").value = end;
    const one = marks.length === 1;
    const inside = one && start >= Number(marks[0].dataset.start) && end <= endOf(marks[0]);
    document.getElementById("reshape-trim").hidden = !inside;
    document.getElementById("reshape-split").hidden = !(inside && start > Number(marks[0].dataset.start));
    document.getElementById("reshape-merge").hidden = marks.length < 2;
    document.getElementById("reshape-summary").textContent = marks.length === 0
      ? "The selection touches no claim."
      : "Characters " + start + "–" + end + " selected, touching claim" +
        (one ? " " : "s ") + marks.map(function (m) { return m.dataset.claimId; }).join(", ") + ".";
    form.hidden = marks.length === 0 && makeForm !== null;
  }

  // Text that no claim covers can be made a claim (reviewers and editors get the form).
  const makeForm = document.getElementById("make-claim-form");
  function offerMakeClaim(start, end, uncovered) {
    if (!makeForm) return;
    makeForm.hidden = !uncovered;
    if (!uncovered) return;
    document.getElementById("make-claim-start").value = start;
    document.getElementById("make-claim-end").value = end;
    document.getElementById("make-claim-summary").textContent =
      "Characters " + start + "–" + end + " selected, outside every claim.";
  }

  document.addEventListener("selectionchange", function () {
    window.clearTimeout(offerReshape.timer);
    offerReshape.timer = window.setTimeout(offerReshape, 150);
  });

  // Arriving at #claim-N opens that claim's panel.
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.matches("mark.claim")) openClaim(target, false);
})();
