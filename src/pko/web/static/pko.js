// Draws the charts and maps a page declares with data attributes; works on htmx swaps too.
(function () {
  "use strict";

  var number = new Intl.NumberFormat("en");

  // A period "YYYY-MM-DD" is drawn at the middle of its month, "YYYY" at the middle of its year.
  function when(period) {
    var parts = String(period).split("-");
    return parts.length > 1 ? +parts[0] + (+parts[1] - 0.5) / 12 : +parts[0] + 0.5;
  }

  function drawChart(canvas) {
    var spec = JSON.parse(canvas.dataset.chart);
    var stacked = !!spec.stacked;
    var timeline = spec.type === "line";
    var x = { stacked: stacked, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } };
    if (timeline) {
      x = { type: "linear", grid: { display: false },
            ticks: { precision: 0, maxRotation: 0, callback: function (value) { return Number.isInteger(value) ? String(value) : ""; } } };
    }
    new Chart(canvas, {
      type: spec.type || "bar",
      data: {
        labels: timeline ? undefined : spec.labels,
        datasets: spec.datasets.map(function (set) {
          var data = timeline
            ? spec.labels.map(function (label, i) { return { x: when(label), y: set.data[i], period: label }; })
                .filter(function (point) { return point.y !== null && point.y !== undefined; })
            : set.data;
          return {
            label: set.label, data: data, backgroundColor: set.color, borderColor: set.color,
            borderWidth: timeline ? 2 : 0, showLine: !set.pointsOnly,
            pointRadius: timeline && data.length < 30 ? 3 : 0, tension: 0, fill: false, stack: set.stack
          };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: timeline ? { mode: "nearest", intersect: false } : { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: {
            title: function (items) { return items.length && items[0].raw.period ? items[0].raw.period : (items[0] && items[0].label); },
            label: function (item) { return item.dataset.label + ": " + number.format(item.parsed.y); }
          } }
        },
        scales: {
          x: x,
          y: { stacked: stacked, beginAtZero: true, title: { display: !!spec.unit, text: spec.unit || "" },
               ticks: { callback: function (value) { return number.format(value); } } }
        }
      }
    });
    canvas.dataset.ready = "true";
  }

  function popup(properties) {
    var rows = [];
    var name = properties.location || properties.name || "Location";
    rows.push("<strong>" + escape(name) + "</strong>");
    if (properties.mission) rows.push("Mission: " + escape(properties.mission));
    if (properties.year) rows.push("Year: " + escape(String(properties.year)));
    if (properties.troops != null) rows.push("Troops: " + number.format(Math.round(properties.troops)));
    if (properties.headquarters) rows.push(["", "Sector headquarters", "Regional headquarters", "Mission headquarters"][properties.headquarters] || "Headquarters");
    var contributors = (properties.contributors || []).slice(0, 6).map(function (c) {
      return escape(c.name) + (c.troops != null ? " (" + number.format(Math.round(c.troops)) + ")" : "");
    });
    if (contributors.length) rows.push("Contributors: " + contributors.join(", ") + ((properties.contributors.length > 6) ? ", …" : ""));
    return rows.join("<br>");
  }

  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function drawMarkers(map, element, collection) {
    var features = (collection && collection.features) || [];
    // Large circles first so that small ones stay clickable; mission headquarters on top.
    features.sort(function (a, b) {
      return (a.properties.headquarters === 3) - (b.properties.headquarters === 3) || (b.properties.troops || 0) - (a.properties.troops || 0);
    });
    var largest = features.reduce(function (top, f) { return Math.max(top, f.properties.troops || 0); }, 1);
    var layer = L.geoJSON(collection, {
      pointToLayer: function (feature, latlng) {
        var troops = feature.properties.troops || 0;
        return L.circleMarker(latlng, {
          radius: 3 + 11 * Math.sqrt(troops / largest), weight: 1, color: "#0d2f55",
          fillColor: feature.properties.headquarters === 3 ? "#b3261e" : "#1b4f8a", fillOpacity: 0.65, className: "pko-marker"
        });
      },
      onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
    }).addTo(map);
    if (features.length) map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 6 });
    element.dataset.markers = String(features.length);
  }

  // Natural Earth rings that cross the antimeridian (Fiji, Chukotka) would streak across the map:
  // such a ring is moved east of 180 degrees instead.
  function unwrap(geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var crosses = ring.some(function (point, i) { return i && Math.abs(point[0] - ring[i - 1][0]) > 180; });
        if (crosses) ring.forEach(function (point) { if (point[0] < 0) point[0] += 360; });
      });
    });
  }

  function drawMap(element) {
    var map = L.map(element, { zoomSnap: 0.25, minZoom: 1, maxZoom: 9, worldCopyJump: false, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Basemap: Natural Earth (world-atlas)");
    map.setView([8, 15], 2.25);
    fetch(element.dataset.basemap)
      .then(function (response) { return response.json(); })
      .then(function (topology) {
        var countries = topojson.feature(topology, topology.objects.countries);
        countries.features.forEach(function (feature) { if (feature.geometry) unwrap(feature.geometry); });
        L.geoJSON(countries, {
          style: { color: "#b9c2cc", weight: 0.7, fillColor: "#f7f5f0", fillOpacity: 1 },
          interactive: false, className: "pko-basemap"
        }).addTo(map);
        element.dataset.basemapReady = "true";
        if (element.dataset.points) {
          return fetch(element.dataset.points)
            .then(function (response) {
              if (!response.ok) throw new Error("locations: HTTP " + response.status);
              return response.json();
            })
            .then(function (collection) { drawMarkers(map, element, collection); });
        }
        drawMarkers(map, element, { type: "FeatureCollection", features: [] });
      })
      .catch(function (error) {
        element.dataset.error = String(error);
        element.insertAdjacentHTML("afterend", '<p class="empty">The map could not load its data.</p>');
      })
      .finally(function () { element.dataset.ready = "true"; });
  }

  function init(root) {
    root.querySelectorAll("canvas[data-chart]:not([data-ready])").forEach(drawChart);
    root.querySelectorAll("div[data-basemap]:not([data-ready])").forEach(drawMap);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  // A select marked data-submit-on-change sends its form when changed (no inline handler: see the CSP).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-submit-on-change]")) event.target.form.submit();
  });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
