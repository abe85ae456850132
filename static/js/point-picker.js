// The point picker of the proposal forms (initiatives, events), usable three ways:
// - with the mouse: Leaflet.draw's marker tool;
// - by typing the address: the server asks France's Base Adresse Nationale, the point goes to the
//   address found and the commune field is filled from it (when the portal has the service on);
// - by typing a commune: the point goes to its centre and the map shows the commune;
// - by keyboard: with the map focused, the arrows move the point (Shift: further), + and − zoom.
// What happens is said in a live region under the map.
(function () {
  "use strict";
  let map = null;
  let field = null;
  let status = null;
  const commune = document.querySelector("input[name=commune_name]");
  const STEPS = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };

  function say(message) {
    if (status) status.textContent = message;
  }

  function currentMarker() {
    const layers = field ? field.drawnItems.getLayers() : [];
    return layers.length ? layers[0] : null;
  }

  function place(latlng, message) {
    const marker = currentMarker();
    if (marker) {
      marker.setLatLng(latlng);
      field.onEdited({});
    } else {
      field.onCreated({ layer: L.marker(latlng, { alt: "Position choisie" }) });
    }
    say(message || "Point déplacé : " + latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5) + ".");
  }

  function onKey(event) {
    const step = STEPS[event.key];
    const marker = currentMarker();
    if (!step || !marker || !map) return;
    event.preventDefault();
    event.stopPropagation();
    const distance = event.shiftKey ? 60 : 12;
    const point = map.latLngToContainerPoint(marker.getLatLng()).add(L.point(step[0] * distance, step[1] * distance));
    const latlng = map.containerPointToLatLng(point);
    place(latlng);
    map.panInside(latlng, { padding: [40, 40] });
  }

  document.addEventListener("cresol:widget-ready", (event) => {
    map = event.detail.map;
    field = event.detail.field;
    const container = map.getContainer();
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", "Carte pour placer le point");
    // The keyboard's use is written beside the map (templates/leaflet/widget.html), for everyone.
    const keys = document.getElementById(event.detail.fieldid + "_keys");
    if (keys) container.setAttribute("aria-describedby", keys.id);
    container.addEventListener("keydown", onKey, true);
    status = document.createElement("p");
    status.className = "helptext point-picker__status";
    status.setAttribute("role", "status");
    container.insertAdjacentElement("afterend", status);
    if (!currentMarker()) say("Aucun point placé : l'emplacement sera le centre de la commune.");
  });

  const address = document.querySelector("input[name=address]");
  let addressCommune = null; // the commune of the address found: choosing it again keeps the point
  if (address) {
    address.addEventListener("change", () => {
      const typed = [address.value.trim(), commune ? commune.value.trim() : ""].join(" ").trim();
      if (!map || address.value.trim().length < 3) return;
      fetch("/territoires/adresses/?q=" + encodeURIComponent(typed))
        .then((response) => response.json().then((data) => ({ ok: response.ok, status: response.status, data: data })))
        .then(({ ok, status, data }) => {
          if (status === 404) return; // the service is off here: the commune places the point
          if (!ok) return say(data.error || "La recherche d'adresse n'a pas abouti.");
          if (!data.results.length) return say("Adresse introuvable en Centre-Val de Loire : placez le point à la main.");
          const found = data.results[0];
          if (commune && found.commune) commune.value = found.commune;
          addressCommune = found.commune;
          const latlng = L.latLng(found.lat, found.lon);
          map.setView(latlng, 16);
          place(latlng, "Adresse trouvée : " + found.label + ". Le point y est placé ; affinez-le si besoin.");
        })
        .catch(() => say("La recherche d'adresse n'a pas abouti : placez le point à la main."));
    });
  }

  if (!commune) return;
  commune.addEventListener("change", () => {
    const query = commune.value.trim();
    if (!map || query.length < 2 || query === addressCommune) return;
    fetch("/territoires/communes/?limit=1&q=" + encodeURIComponent(query))
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => {
        if (!data.results.length) return;
        const found = data.results[0];
        const latlng = L.latLng(found.lat, found.lon);
        map.setView(latlng, 12);
        place(latlng, "Point placé au centre de " + found.name + " : affinez-le sur la carte, à la souris ou aux flèches.");
      })
      .catch(() => {});
  });
})();
