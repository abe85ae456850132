// Starts the maps and map widgets that django-leaflet describes in data attributes (see
// templates/leaflet/), so that pages need no inline script under the strict CSP.
(function () {
  "use strict";

  function resolve(path) {
    return path.split(".").reduce((object, key) => (object ? object[key] : undefined), window);
  }

  function defineWidgetCallbacks() {
    document.querySelectorAll(".django-leaflet-widget").forEach((element) => {
      const data = element.dataset;
      const module = {
        fieldid: data.fieldid,
        modifiable: data.modifiable === "true",
        geom_type: data.geomType,
        srid: Number(data.srid),
      };
      window[data.callback] = function (map, options) {
        module.field_store_class = resolve(data.fieldStoreClass);
        module.precision = options.djoptions.precision;
        const FieldClass = resolve(data.geometryFieldClass);
        new FieldClass(module).addTo(map);
        document.dispatchEvent(new CustomEvent("cresol:widget-ready", { detail: { map: map, fieldid: data.fieldid } }));
      };
    });
  }

  // Without a tile server (none is configured by default, and tests make no outside request), maps
  // show the départements' outlines, served by the portal itself, so that people find their way.
  let outlines = null;
  function addOfflineBackground(map, djoptions) {
    if (!map || (djoptions.layers && djoptions.layers.length)) return;
    outlines = outlines || fetch("/territoires/departements.geojson").then((response) => response.json());
    outlines
      .then((collection) => {
        L.geoJSON(collection, {
          interactive: false,
          style: { color: "#4a5551", weight: 1.5, fillColor: "#e9ece5", fillOpacity: 1 },
        })
          .addTo(map)
          .bringToBack();
      })
      .catch(() => {});
  }

  function startMaps() {
    document.querySelectorAll(".django-leaflet-map").forEach((element) => {
      const data = element.dataset;
      const loadmap = function () {
        const callback = data.callback ? resolve(data.callback) : null;
        const djoptions = JSON.parse(data.djoptions);
        const map = L.Map.djangoMap(data.name, {
          djoptions: djoptions,
          initfunc: loadmap,
          globals: data.globals === "true",
          callback: typeof callback === "function" ? callback : null,
        });
        addOfflineBackground(map, djoptions);
      };
      const events = JSON.parse(data.loadevents || "[]").filter((name) => name !== "load");
      if (events.length === 0) loadmap();
      else events.forEach((name) => window.addEventListener(name, loadmap, false));
    });
  }

  function start() {
    defineWidgetCallbacks();
    startMaps();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
