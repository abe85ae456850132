// "Autour de moi": asks the browser for the position and fills the filter form's lat/lon.
// The position goes nowhere but into the filter URL the person submits.
(function () {
  "use strict";
  document.querySelectorAll("form.filters").forEach((form) => {
    const button = form.querySelector("[data-locate]");
    const status = form.querySelector("[data-locate-status]");
    const radius = form.querySelector("select[name=rayon]");
    if (!button || !("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      status.textContent = "Recherche de votre position…";
      navigator.geolocation.getCurrentPosition(
        (position) => {
          form.querySelector("[data-near=lat]").value = position.coords.latitude.toFixed(5);
          form.querySelector("[data-near=lon]").value = position.coords.longitude.toFixed(5);
          if (radius && !radius.value) radius.value = "10";
          status.textContent = "Position trouvée.";
          form.requestSubmit();
        },
        () => {
          status.textContent = "Votre position n'a pas pu être obtenue. Choisissez plutôt une commune.";
        },
        { timeout: 10000, maximumAge: 600000 }
      );
    });
  });
})();
