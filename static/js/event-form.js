// The event form: the repetition's details appear once a repetition is chosen, the days of the week
// for a weekly one, the kind of month day for a monthly one. Hidden fields keep their values.
(function () {
  "use strict";
  const fieldset = document.querySelector("[data-recurrence]");
  if (!fieldset) return;
  const frequency = fieldset.querySelector("select[name=frequency]");
  const details = fieldset.querySelector("[data-recurrence-details]");
  if (!frequency || !details) return;
  function update() {
    details.hidden = !frequency.value;
    details.querySelectorAll("[data-show-for]").forEach((part) => {
      part.hidden = part.dataset.showFor !== frequency.value;
    });
  }
  frequency.addEventListener("change", update);
  update();
})();
