// The route planner's map: the basemap, the chosen network's roads, clicks that set the places, the planned routes.
(function () {
  "use strict";
  var COLOURS = { shortest: "#1b4f8a", "least-risk": "#4f9d69", alternative: "#d0a21c" };
  var state = { map: null, roads: null, density: null, plan: null, next: "origin" };

  function densityColour(perKm, max) {
    if (!(perKm > 0) || !(max > 0)) return "#c9d3dd";
    var share = perKm / max;
    return share <= 1 / 3 ? "#f2c14e" : share <= 2 / 3 ? "#e0782b" : "#a4161a";
  }

  function loadDensity() {
    var element = document.getElementById("route-map");
    var select = document.getElementById("route-network");
    var toggle = document.getElementById("route-density");
    var summary = document.getElementById("route-density-summary");
    var legend = document.getElementById("route-density-legend");
    if (!select || !toggle || !state.map) return;
    if (state.density) { state.density.remove(); state.density = null; }
    summary.hidden = legend.hidden = !toggle.checked;
    if (!toggle.checked) return;
    fetch(element.dataset.density + "?network=" + encodeURIComponent(select.value))
      .then(function (response) { if (!response.ok) throw new Error("density: HTTP " + response.status); return response.json(); })
      .then(function (collection) {
        if (!toggle.checked) return;
        if (state.density) state.density.remove();
        var p = collection.properties;
        state.density = L.geoJSON(collection, {
          style: function (feature) {
            var q = feature.properties;
            return { color: densityColour(q.per_km, p.max_per_km), weight: q.incidents ? 5 : 2, opacity: 0.9 };
          },
          onEachFeature: function (feature, layer) {
            var q = feature.properties;
            layer.bindTooltip(q.incidents + " explosive device" + (q.incidents === 1 ? "" : "s") + " on "
              + q.length_km.toFixed(2) + " km: " + q.per_km.toFixed(2) + " per km");
          }
        }).addTo(state.map);
        if (state.plan) state.plan.bringToFront();
        summary.textContent = p.on_roads + " of " + p.incidents_matched + " explosive devices in the log lie within "
          + p.within_m + " m of a road of this network; " + p.away_from_roads + " farther"
          + (p.without_coordinates ? ", " + p.without_coordinates + " without coordinates" : "")
          + ". Densest segment: " + p.max_per_km.toFixed(2) + " per km.";
        element.dataset.densityReady = "true";
      })
      .catch(function (error) { element.dataset.error = String(error); });
  }

  function loadRoads() {
    var element = document.getElementById("route-map");
    var select = document.getElementById("route-network");
    if (!select || !state.map) return;
    var option = select.options[select.selectedIndex];
    var b = option.dataset.bounds.split(",").map(Number);
    state.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: [20, 20] });
    fetch(element.dataset.roads + "?network=" + encodeURIComponent(select.value))
      .then(function (response) { if (!response.ok) throw new Error("roads: HTTP " + response.status); return response.json(); })
      .then(function (collection) {
        if (state.roads) state.roads.remove();
        state.roads = L.geoJSON(collection, { style: { color: "#9aa7b6", weight: 2 }, interactive: false }).addTo(state.map);
        element.dataset.roadsReady = "true";
        loadDensity();
      })
      .catch(function (error) { element.dataset.error = String(error); });
  }

  function drawPlan(container) {
    if (!state.map) return;
    if (state.plan) state.plan.remove();
    var collection = JSON.parse(container.dataset.plan);
    var lines = collection.features.filter(function (f) { return f.geometry.type === "LineString"; });
    lines.sort(function (a, b) { return (a.properties.kind === "alternative") - (b.properties.kind === "alternative"); }).reverse();
    state.plan = L.geoJSON({ type: "FeatureCollection", features: lines.concat(collection.features.filter(function (f) {
      return f.geometry.type === "Point"; })) }, {
      style: function (feature) {
        return { color: COLOURS[feature.properties.kind] || "#666", weight: feature.properties.kind === "alternative" ? 3 : 5,
                 opacity: 0.85, dashArray: feature.properties.kind === "alternative" ? "6 4" : null };
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 4, color: "#b3261e", weight: 1, fillColor: "#b3261e", fillOpacity: 0.7 });
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindTooltip(p.kind ? p.kind + " " + p.rank + ": " + (p.length_m / 1000).toFixed(2) + " km, "
          + p.expected_incidents.toFixed(3) + " expected incidents" : (p.incident_type || "incident") + " " + (p.incident_date || ""));
      }
    }).addTo(state.map);
    if (lines.length) state.map.fitBounds(state.plan.getBounds(), { padding: [20, 20] });
    document.getElementById("route-map").dataset.planReady = "true";
  }

  function init() {
    var element = document.getElementById("route-map");
    if (!element || state.map) return;
    state.map = L.map(element, { zoomSnap: 0.25, minZoom: 1, maxZoom: 18 });
    state.map.attributionControl.setPrefix(false);
    state.map.attributionControl.addAttribution("Basemap: Natural Earth (world-atlas)");
    state.map.setView([17, -2], 5);
    fetch(element.dataset.routesBasemap)
      .then(function (response) { return response.json(); })
      .then(function (topology) {
        L.geoJSON(topojson.feature(topology, topology.objects.countries), {
          style: { color: "#b9c2cc", weight: 0.7, fillColor: "#f7f5f0", fillOpacity: 1 }, interactive: false
        }).addTo(state.map);
        element.dataset.basemapReady = "true";
        loadRoads();
      })
      .catch(function (error) { element.dataset.error = String(error); })
      .finally(function () { element.dataset.ready = "true"; });
    state.map.on("click", function (event) {
      var field = document.getElementById(state.next === "origin" ? "route-origin" : "route-destination");
      if (!field) return;
      field.value = event.latlng.lat.toFixed(5) + "," + event.latlng.lng.toFixed(5);
      state.next = state.next === "origin" ? "destination" : "origin";
    });
    var select = document.getElementById("route-network");
    if (select) select.addEventListener("change", loadRoads);
    var toggle = document.getElementById("route-density");
    if (toggle) toggle.addEventListener("change", loadDensity);
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", function (event) {
    var container = event.target.querySelector && event.target.querySelector(".route-plan");
    if (container) drawPlan(container);
  });
})();
