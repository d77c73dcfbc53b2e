// Bulk actions on a list: a box in the header ticks every row of the page, and the bar says how
// many are ticked. The boxes belong to the bar's form through their form attribute, so the
// page works without this script too (rows ticked one by one).
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    const formId = all.dataset.selectAll;
    const boxes = Array.from(document.querySelectorAll('input[type=checkbox][form="' + formId + '"]'));
    const count = document.querySelector('[data-selected-count="' + formId + '"]');
    function update() {
      const ticked = boxes.filter(function (box) { return box.checked; }).length;
      all.checked = ticked > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
      if (count) count.textContent = ticked + " selected";
    }
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      update();
    });
    boxes.forEach(function (box) { box.addEventListener("change", update); });
  });
})();
