// The proposal form: choosing a commune centres the point picker's map on it.
(function () {
  "use strict";
  let map = null;
  document.addEventListener("cresol:widget-ready", (event) => {
    map = event.detail.map;
  });
  const commune = document.querySelector("input[name=commune_name]");
  if (!commune) return;
  commune.addEventListener("change", () => {
    const query = commune.value.trim();
    if (!map || query.length < 2) return;
    fetch("/territoires/communes/?limit=1&q=" + encodeURIComponent(query))
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => {
        if (data.results.length) map.setView([data.results[0].lat, data.results[0].lon], 13);
      })
      .catch(() => {});
  });
})();
