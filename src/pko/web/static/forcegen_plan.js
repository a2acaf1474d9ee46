// The plan's requirement locations: colour by how many of their slots are filled, size by slots required.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var element = document.getElementById("plan-map");
  var collection = JSON.parse(element.dataset.plan);
  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  function popup(p) {
    var rows = ["<strong>" + escape(p.location) + "</strong>", "Mission: " + escape(p.mission), "Slots filled: " + p.filled + " of " + p.slots];
    if (p.units.length) rows.push("Units: " + p.units.slice(0, 8).map(escape).join(", ") + (p.units.length > 8 ? ", …" : ""));
    if (p.gaps.length) rows.push("Unfilled: " + p.gaps.slice(0, 8).map(escape).join("; ") + (p.gaps.length > 8 ? "; …" : ""));
    return rows.join("<br>");
  }
  var map = L.map(element, { zoomSnap: 0.25, minZoom: 1, maxZoom: 9 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Basemap: Natural Earth (world-atlas)");
  map.setView([8, 15], 2.25);
  fetch(element.dataset.planBasemap)
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      var countries = topojson.feature(topology, topology.objects.countries);
      countries.features.forEach(function (feature) {
        if (!feature.geometry) return;
        var polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
        polygons.forEach(function (polygon) { polygon.forEach(function (ring) {  // rings across the antimeridian go east of 180
          if (ring.some(function (point, i) { return i && Math.abs(point[0] - ring[i - 1][0]) > 180; })) {
            ring.forEach(function (point) { if (point[0] < 0) point[0] += 360; });
          }
        }); });
      });
      L.geoJSON(countries, { style: { color: "#b9c2cc", weight: 0.7, fillColor: "#f7f5f0", fillOpacity: 1 }, interactive: false,
                             className: "pko-basemap" }).addTo(map);
      var largest = collection.features.reduce(function (top, f) { return Math.max(top, f.properties.slots); }, 1);
      var layer = L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) {
          var p = feature.properties;
          var colour = p.unfilled === 0 ? "#1b4f8a" : (p.filled === 0 ? "#b3261e" : "#d0a21c");
          return L.circleMarker(latlng, { radius: 5 + 10 * Math.sqrt(p.slots / largest), weight: 1, color: "#0d2f55", fillColor: colour,
                                          fillOpacity: 0.75, className: "pko-marker " + (p.unfilled ? "pko-unfilled" : "pko-filled") });
        },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      }).addTo(map);
      if (collection.features.length) map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 6 });
      element.dataset.markers = String(collection.features.length);
    })
    .catch(function (error) {
      element.dataset.error = String(error);
      element.insertAdjacentHTML("afterend", '<p class="empty">The map could not load its data.</p>');
    })
    .finally(function () { element.dataset.ready = "true"; });
});
