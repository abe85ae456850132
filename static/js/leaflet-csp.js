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

  function startMaps() {
    document.querySelectorAll(".django-leaflet-map").forEach((element) => {
      const data = element.dataset;
      const loadmap = function () {
        const callback = data.callback ? resolve(data.callback) : null;
        L.Map.djangoMap(data.name, {
          djoptions: JSON.parse(data.djoptions),
          initfunc: loadmap,
          globals: data.globals === "true",
          callback: typeof callback === "function" ? callback : null,
        });
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
