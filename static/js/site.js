// What every page shares: after a form comes back with errors, the summary of them takes the focus,
// so that keyboard and screen-reader users start from what to fix (RGAA 11.10); each of its links
// then puts the focus in its field (a link to a fragment only scrolls), the first box of a group.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) {
      return;
    }
    var field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    if (field) {
      event.preventDefault();
      field.focus();
      target.scrollIntoView({ block: "center" });
    }
  });
})();
