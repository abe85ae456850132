// The embed builders' "Copier le code" button (without JavaScript, the code is selected by hand).
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = button.parentElement.querySelector("[data-copy-status]");
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.dataset.copiedLabel;
      }, function () {
        field.select();
      });
    });
  });
})();
