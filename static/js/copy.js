// "Copier l'adresse": the button appears only where the browser can copy; the field stays
// selectable by hand everywhere (a click selects it whole).
(function () {
  "use strict";
  const source = document.querySelector("[data-copy-source]");
  const button = document.querySelector("[data-copy-button]");
  const status = document.querySelector("[data-copy-status]");
  if (!source) return;
  source.addEventListener("focus", () => source.select());
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(source.value).then(
      () => { status.textContent = "Adresse copiée : collez-la dans votre application d'agenda."; },
      () => { source.select(); status.textContent = "La copie n'a pas marché : l'adresse est sélectionnée, copiez-la (Ctrl+C)."; }
    );
  });
})();
