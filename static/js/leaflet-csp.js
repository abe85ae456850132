// Starts the maps and map widgets that django-leaflet describes in data attributes (see
// templates/leaflet/), so that pages need no inline script under the strict CSP; puts Leaflet in French;
// draws the offline background when no tile server is configured.
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
        const field = new FieldClass(module).addTo(map);
        document.dispatchEvent(new CustomEvent("cresol:widget-ready", { detail: { map: map, field: field, fieldid: data.fieldid } }));
      };
    });
  }

  // Without a tile server (the default in development and tests, which make no outside request), maps
  // draw the départements' outlines and, zoomed in, the communes' with their names, all served by the
  // portal, so that people find their way and see where a point falls.
  const COMMUNES_FROM_ZOOM = 10;
  const NAMES_FROM_ZOOM = 12;
  let departements = null;
  const communes = {};

  function escapeText(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function addCommunes(map, code, names) {
    communes[code] = communes[code] || fetch("/territoires/departements/" + code + "/communes.geojson").then((r) => r.json());
    return communes[code].then((collection) => {
      L.geoJSON(collection, { interactive: false, pane: "communes", style: { color: "#6b7873", weight: 0.8, fill: false } }).addTo(map);
      collection.features.forEach((feature) => {
        const [lon, lat] = feature.properties.label.coordinates;
        L.marker([lat, lon], {
          pane: "communes", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "commune-label", html: escapeText(feature.properties.name), iconSize: null }),
        }).addTo(names);
      });
    });
  }

  function addOfflineBackground(map, djoptions) {
    if (!map || (djoptions.layers && djoptions.layers.length)) return;
    const container = map.getContainer();
    container.classList.add("map--offline");
    const pane = map.createPane("communes");
    pane.style.zIndex = 450; // above the outlines, below the markers
    // Hundreds of commune names drawn as a background: a screen reader would read them all. The list
    // beside the map says where each initiative is.
    pane.setAttribute("aria-hidden", "true");
    departements = departements || fetch("/territoires/departements.geojson").then((response) => response.json());
    departements
      .then((collection) => {
        const outlines = L.geoJSON(collection, {
          interactive: false,
          style: { color: "#4a5551", weight: 1.5, fillColor: "#e9ece5", fillOpacity: 1 },
        })
          .addTo(map)
          .bringToBack();
        const loaded = {};
        const names = L.layerGroup().addTo(map);
        const update = () => {
          const zoom = map.getZoom();
          container.classList.toggle("map--names", zoom >= NAMES_FROM_ZOOM);
          if (zoom < COMMUNES_FROM_ZOOM) return;
          const view = map.getBounds();
          outlines.eachLayer((layer) => {
            const code = layer.feature.id;
            if (loaded[code] || !view.intersects(layer.getBounds())) return;
            loaded[code] = true;
            addCommunes(map, code, names).catch(() => (loaded[code] = false));
          });
        };
        map.on("zoomend moveend", update);
        update();
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

  // Leaflet and Leaflet.draw in French (their controls, tooltips and the point picker's toolbar), and a
  // reset-view button that shows its icon and says what it does.
  function frenchControls() {
    L.Control.Zoom.prototype.options.zoomInTitle = "Zoom avant";
    L.Control.Zoom.prototype.options.zoomOutTitle = "Zoom arrière";
    L.Map.mergeOptions({ attributionControl: true });
    L.Control.Attribution.prototype.options.prefix = '<a href="https://leafletjs.com" hreflang="en">Leaflet</a>';
    if (L.Control.ResetView && !L.Control.ResetView.prototype._cresolFrench) {
      const onAdd = L.Control.ResetView.prototype.onAdd;
      L.Control.ResetView.prototype._cresolFrench = true;
      L.Control.ResetView.prototype.onAdd = function (map) {
        const container = onAdd.call(this, map);
        const link = container.querySelector("a");
        const icon = document.getElementById("Control-ResetView-ICON");
        const path = icon ? JSON.parse(icon.textContent) : "";
        // django-leaflet sets the path without url(): no icon showed.
        if (path && path.indexOf("url(") !== 0) link.style.backgroundImage = 'url("' + path + '")';
        link.classList.add("leaflet-control-resetview");
        link.title = "Revoir toute la carte";
        link.setAttribute("role", "button");
        link.setAttribute("aria-label", "Revoir toute la carte");
        return container;
      };
    }
    if (!L.drawLocal) return;
    const draw = L.drawLocal.draw;
    draw.toolbar.actions = { title: "Annuler", text: "Annuler" };
    draw.toolbar.finish = { title: "Terminer", text: "Terminer" };
    draw.toolbar.undo = { title: "Effacer le dernier point", text: "Effacer le dernier point" };
    draw.toolbar.buttons.marker = "Placer le point";
    draw.handlers.marker.tooltip.start = "Cliquez sur la carte pour placer le point.";
    const edit = L.drawLocal.edit;
    edit.toolbar.actions.save = { title: "Enregistrer la position", text: "Enregistrer" };
    edit.toolbar.actions.cancel = { title: "Annuler le déplacement", text: "Annuler" };
    edit.toolbar.actions.clearAll = { title: "Tout effacer", text: "Tout effacer" };
    edit.toolbar.buttons = {
      edit: "Déplacer le point", editDisabled: "Aucun point à déplacer",
      remove: "Effacer le point", removeDisabled: "Aucun point à effacer",
    };
    edit.handlers.edit.tooltip = { text: "Faites glisser le point à sa place.", subtext: "« Annuler » revient en arrière." };
    edit.handlers.remove.tooltip = { text: "Cliquez sur le point pour l'effacer." };
  }

  function start() {
    frenchControls();
    defineWidgetCallbacks();
    startMaps();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
