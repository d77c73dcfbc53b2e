// The review fields (templates/annotations/_review_fields.html), wherever they are: the
// confidence slider's value is shown beside it as it moves. A listener on the document, so
// that fields swapped in later (the queue's next claim, a claim panel) need nothing more.
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    const range = event.target;
    if (!range.matches || !range.matches("input[type=range][data-output]")) return;
    const out = document.getElementById(range.dataset.output);
    if (out) out.textContent = Number(range.value).toFixed(2);
  });
})();
