// The incident map: the basemap, the hotspot hexagons of the stored log, and the incidents as points.
(function () {
  "use strict";

  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }

  function drawHotspots(map, element, collection) {
    var note = document.getElementById("hotspot-method");
    element.dataset.hexagons = String(collection.features.length);
    if (!collection.features.length) {  // e.g. too few located incidents: said below the map
      if (note) note.textContent = "Hotspots: " + (collection.properties.note || "none");
      return null;
    }
    var layer = L.geoJSON(collection, {
      style: function (feature) {
        var spot = feature.properties.spot;
        return { color: "#555", weight: 0.5, fillOpacity: spot === "none" ? 0.05 : 0.45,
                 fillColor: spot === "hot" ? "#b3261e" : spot === "cold" ? "#2a6fb0" : "#999" };
      },
      onEachFeature: function (feature, hexagon) {
        var p = feature.properties;
        hexagon.bindTooltip(p.incidents + " incident(s), Gi* z = " + p.z + (p.spot !== "none" ? " (" + p.spot + " spot)" : ""));
      }
    }).addTo(map);
    if (note) note.textContent = collection.properties.method + "; " + collection.properties.without_coordinates + " incident(s) without coordinates left out.";
    return layer;
  }

  function drawPoints(map, element, answer) {
    if (!answer.ok) throw new Error("incidents: " + (answer.body.detail || "refused"));
    var layer = L.geoJSON(answer.body, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 4, weight: 1, color: "#0d2f55", fillColor: "#1b4f8a", fillOpacity: 0.7,
                                        className: "pko-incident" });
      },
      onEachFeature: function (feature, marker) {
        var p = feature.properties;
        marker.bindPopup("<strong>" + escape(p.incident_type) + "</strong> " + escape(p.incident_date) +
          (p.location ? "<br>" + escape(p.location) : "") + (p.mission ? "<br>Mission: " + escape(p.mission) : "") +
          (p.killed != null ? "<br>Killed: " + escape(p.killed) : "") + "<br>Source: " + escape(p.source));
      }
    }).addTo(map);
    element.dataset.markers = String(answer.body.features.length);
    if (answer.body.features.length) map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 8 });
  }

  function init() {
    var element = document.getElementById("incident-map");
    if (!element || element.dataset.ready) return;
    var map = L.map(element, { zoomSnap: 0.25, minZoom: 1, maxZoom: 12 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Basemap: Natural Earth (world-atlas)");
    map.setView([17, -2], 5);
    fetch(element.dataset.incidentBasemap)
      .then(function (response) { return response.json(); })
      .then(function (topology) {
        L.geoJSON(topojson.feature(topology, topology.objects.countries), {
          style: { color: "#b9c2cc", weight: 0.7, fillColor: "#f7f5f0", fillOpacity: 1 }, interactive: false
        }).addTo(map);
        element.dataset.basemapReady = "true";
        drawHotspots(map, element, JSON.parse(document.getElementById("incident-hotspots").textContent));
        return json(element.dataset.points);
      })
      .then(function (answer) { drawPoints(map, element, answer); })
      .catch(function (error) {
        element.dataset.error = String(error);
        element.insertAdjacentHTML("afterend", '<p class="empty">The map could not load its data.</p>');
      })
      .finally(function () { element.dataset.ready = "true"; });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
