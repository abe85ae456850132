// The portal's maps (the initiatives', the embedded one, the agenda's: one GeoJSON shape), started by
// django-leaflet through leaflet-csp.js:
// - cresolMap: the full map with clusters coloured by theme; what it shows is named by #map-config's
//   data-one-label, data-count-label (one, several), data-empty-label and data-error-label (French, from the template).
//   With data-clusters-url (the initiatives, up to national scale), PostgreSQL clusters: the map asks for
//   the tiles in view (z/x/y, cacheable) and data-summary-url for the count and the box to frame; without it
//   (the agenda, the resource people: hundreds of points), one GeoJSON clustered in the browser;
// - cresolDetailMap: the small map of one initiative or event.
(function () {
  "use strict";

  const config = document.getElementById("map-config");
  const status = document.querySelector("[data-map-status]");

  function say(message) {
    if (status) status.textContent = message;
  }

  function sayFailed() {
    say(label("error", "La carte n'a pas pu se charger. La liste reste disponible."));
  }

  function label(name, fallback) {
    return (config && config.dataset[name + "Label"]) || fallback;
  }

  function dominantTheme(markers) {
    const counts = {};
    let best = null;
    markers.forEach((marker) => {
      const theme = marker.options.themeId;
      counts[theme] = (counts[theme] || 0) + 1;
      if (best === null || counts[theme] > counts[best]) best = theme;
    });
    return best;
  }

  function clusterIcon(cluster) {
    const count = cluster.getChildCount();
    const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html: "<div><span>" + count + "</span></div>",
      className: "marker-cluster marker-cluster-" + size + " theme-id-" + dominantTheme(cluster.getAllChildMarkers()),
      iconSize: L.point(40, 40),
    });
  }

  function openPopup(marker) {
    if (marker.getPopup()) return;
    marker.bindPopup("…", { maxWidth: 320 }).openPopup();
    // The page says where each marker's card is (data-popup-url, {id} to fill in): no address lives here.
    const template = config && config.dataset.popupUrl;
    if (!template) {
      marker.setPopupContent("Fiche indisponible pour le moment.");
      return;
    }
    fetch(template.replace("{id}", marker.options.initiativeId))
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        marker.setPopupContent(html);
        if (config && config.dataset.popupTarget) {
          marker.getPopup().getElement().querySelectorAll("a").forEach((a) => (a.target = config.dataset.popupTarget));
        }
      })
      .catch(() => marker.setPopupContent("Fiche indisponible pour le moment."));
  }

  // "Autour de moi" (or a position in the address): the position and the radius searched, drawn.
  function drawSearchedArea(map, query) {
    const params = new URLSearchParams(query || "");
    const lat = parseFloat(params.get("lat"));
    const lon = parseFloat(params.get("lon"));
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
    const here = L.latLng(lat, lon);
    L.circleMarker(here, { radius: 7, color: "#1d3557", weight: 3, fillColor: "#fff", fillOpacity: 1, interactive: false })
      .bindTooltip("Position recherchée")
      .addTo(map);
    const kilometres = parseFloat(params.get("rayon"));
    if (kilometres > 0) {
      const area = L.circle(here, { radius: kilometres * 1000, color: "#1d3557", weight: 2, dashArray: "6 6", fill: false, interactive: false });
      area.addTo(map);
      map.fitBounds(area.getBounds());
    } else {
      map.setView(here, 12);
    }
    return true;
  }

  // A territory's page: its outline, and the map framed on it.
  function drawOutline(map) {
    const data = document.getElementById("territory-outline");
    if (!data) return false;
    const layer = L.geoJSON(JSON.parse(JSON.parse(data.textContent)), {
      interactive: false, style: { color: "#1d3557", weight: 3, fill: false },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    return true;
  }

  function initiativeMarker(feature, names) {
    const [lon, lat] = feature.geometry.coordinates;
    const theme = feature.properties.theme;
    const marker = L.marker([lat, lon], {
      // 24 px: the smallest target a finger hits surely (WCAG 2.5.8), on a phone as with a mouse.
      icon: L.divIcon({ className: "initiative-marker theme-id-" + theme, iconSize: [24, 24] }),
      title: feature.properties.name + (names[theme] ? " — " + names[theme] : ""),
      alt: feature.properties.name,
      keyboard: true,
      initiativeId: feature.id,
      themeId: theme,
    });
    onActivate(marker, () => openPopup(marker));
    return marker;
  }

  // A click, or Enter on a marker reached with Tab (Leaflet itself only opens a popup already bound).
  function onActivate(marker, action) {
    marker.on("click keypress", (event) => {
      if (event.type === "click" || event.originalEvent.key === "Enter") action();
    });
  }

  function showCount(count) {
    const shown = count === 1 ? label("one", "élément sur la carte.") : label("count", "éléments sur la carte.");
    say(count === 0 ? label("empty", "Rien ne correspond à ces filtres.") : count + " " + shown);
    document.documentElement.dataset.mapReady = String(count);
  }

  // A cluster computed by the server: its count, coloured by its main theme, its shares in its title
  // (what a screen reader says); a click or Enter zooms in on it.
  function clusterMarker(map, feature, names) {
    const [lon, lat] = feature.geometry.coordinates;
    const { count, themes } = feature.properties;
    const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    const main = themes.length ? themes[0][0] : null;
    const shares = themes.map(([theme, n]) => Math.round((100 * n) / count) + " % " + (names[theme] || "autre")).join(", ");
    const title = count + " " + label("plural", "éléments") + " (" + shares + ") : cliquer pour zoomer";
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({
        html: "<div><span>" + count + "</span></div>",
        className: "marker-cluster marker-cluster-" + size + " theme-id-" + main,
        iconSize: L.point(40, 40),
      }),
      title: title,
      keyboard: true,
    });
    onActivate(marker, () => map.setView([lat, lon], Math.min(map.getZoom() + 2, map.getMaxZoom())));
    return marker;
  }

  // The tiles in view at the map's zoom, each asked once (the server and HTTP caches keep them) and
  // drawn as its own layer, removed when it leaves the view.
  function clusterTiles(map, names, query) {
    const template = config.dataset.clustersUrl + (query ? "?" + query : "");
    const fetched = new Map();
    const drawn = new Map();

    function tile(key) {
      if (!fetched.has(key)) {
        const [z, x, y] = key.split("/");
        const url = template.replace("{z}", z).replace("{x}", x).replace("{y}", y);
        fetched.set(key, fetch(url, { headers: { Accept: "application/geo+json" } })
          .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
          .catch((error) => { fetched.delete(key); throw error; }));
      }
      return fetched.get(key);
    }

    // A tile of zoom z is drawn at zoom z + 1, 512 pixels square: fewer, larger answers.
    function tileZoom() {
      return Math.max(0, Math.min(17, Math.round(map.getZoom()) - 1));
    }

    function keysInView() {
      const zoom = tileZoom();
      const bounds = map.getBounds();
      const last = 2 ** zoom - 1;
      const northWest = map.project(bounds.getNorthWest(), zoom).divideBy(256).floor();
      const southEast = map.project(bounds.getSouthEast(), zoom).divideBy(256).floor();
      const keys = [];
      for (let x = Math.max(0, northWest.x); x <= Math.min(last, southEast.x); x++) {
        for (let y = Math.max(0, northWest.y); y <= Math.min(last, southEast.y); y++) keys.push(zoom + "/" + x + "/" + y);
      }
      return keys;
    }

    function update() {
      const wanted = new Set(keysInView());
      drawn.forEach((layer, key) => {
        if (!wanted.has(key)) { map.removeLayer(layer); drawn.delete(key); }
      });
      return Promise.all([...wanted].filter((key) => !drawn.has(key)).map((key) => tile(key).then((collection) => {
        if (!wanted.has(key) || drawn.has(key) || String(tileZoom()) !== key.split("/")[0]) return;
        const markers = collection.features.map((feature) =>
          feature.properties.count ? clusterMarker(map, feature, names) : initiativeMarker(feature, names));
        drawn.set(key, L.layerGroup(markers).addTo(map));
      })));
    }

    map.on("moveend", () => update().catch(sayFailed));
    return update;
  }

  function cresolClusteredMap(map, names, query, aroundPosition) {
    const update = clusterTiles(map, names, query);
    const summary = fetch(config.dataset.summaryUrl + (query ? "?" + query : ""), { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)));
    // Framed on the results of a query, the map waits for their box; otherwise tiles and count go together.
    const frame = query && !aroundPosition;
    const drawn = frame
      ? summary.then((found) => {
        if (found.bbox) {
          const [west, south, east, north] = found.bbox;
          map.fitBounds([[south, west], [north, east]], { maxZoom: 13, padding: [20, 20] });
        }
        return update();
      })
      : update();
    Promise.all([summary, drawn]).then(([found]) => showCount(found.count)).catch(sayFailed);
  }

  window.cresolMap = function (map) {
    const legend = JSON.parse(document.getElementById("themes-legend").textContent);
    const names = Object.fromEntries(legend.map((theme) => [theme.id, theme.name]));
    if (config.dataset.clustersUrl) {
      const query = config.dataset.query;
      say(label("loading", "Chargement de la carte…"));
      cresolClusteredMap(map, names, query, drawSearchedArea(map, query) || drawOutline(map));
      return;
    }
    const clusters = L.markerClusterGroup({ chunkedLoading: true, iconCreateFunction: clusterIcon, showCoverageOnHover: false });
    map.addLayer(clusters);
    const query = config.dataset.query;
    const aroundPosition = drawSearchedArea(map, query) || drawOutline(map);
    say(label("loading", "Chargement de la carte…"));
    fetch(config.dataset.geojsonUrl + (query ? "?" + query : ""), { headers: { Accept: "application/geo+json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((collection) => {
        const markers = collection.features.map((feature) => initiativeMarker(feature, names));
        clusters.addLayers(markers);
        if (markers.length && query && !aroundPosition) map.fitBounds(clusters.getBounds(), { maxZoom: 13, padding: [20, 20] });
        showCount(markers.length);
      })
      .catch(sayFailed);
  };

  window.cresolDetailMap = function (map) {
    const point = document.getElementById("detail-point");
    if (!point) return;
    const latlng = [Number(point.dataset.lat), Number(point.dataset.lon)];
    L.marker(latlng, { title: point.dataset.name, alt: point.dataset.name }).addTo(map);
    map.setView(latlng, 13);
  };
})();
