// The safety case's animated replay: drones move along their recorded tracks, geofences light
// up while active, and safety events ring where they happened. Positions come projected into
// the map's coordinates; between track points a drone moves in a straight line at constant
// speed, exactly as /flight_tracks describes. The page marks itself data-status="ready" once
// drawn, or "error" if anything throws (the headless-browser test reads that).
(function () {
  "use strict";
  const body = document.body;
  const problems = [];
  function fail(message) {
    problems.push(String(message));
    body.dataset.status = "error";
    body.dataset.problem = problems.join("; ");
  }
  window.addEventListener("error", function (event) { fail(event.message); });

  const NS = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("replay-data").textContent);
  const map = document.getElementById("replay-map");
  const vehicleLayer = map.querySelector("#replay-vehicles");
  const incidentLayer = map.querySelector("#replay-incidents");
  const geofenceLayer = map.querySelector("#replay-geofences");
  const slider = document.getElementById("replay-time");
  const clock = document.getElementById("replay-clock");
  const airborne = document.getElementById("replay-airborne");
  const playButton = document.getElementById("replay-play");
  const speed = document.getElementById("replay-speed");

  function element(name, attributes, parent, title) {
    const e = document.createElementNS(NS, name);
    for (const key of Object.keys(attributes)) {
      e.setAttribute(key, attributes[key]);
    }
    if (title) {
      const t = document.createElementNS(NS, "title");
      t.textContent = title;
      e.appendChild(t);
    }
    parent.appendChild(e);
    return e;
  }

  function clockText(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const pad = function (n) { return String(n).padStart(2, "0"); };
    const days = Math.floor(s / 86400);
    const text = pad(Math.floor(s / 3600) % 24) + ":" + pad(Math.floor(s / 60) % 60) + ":" +
      pad(s % 60);
    return days > 0 ? days + "d " + text : text;
  }

  const flights = data.flights.map(function (f) {
    return {
      t: f.t,
      xy: f.xy,
      dot: element("circle", { r: data.dot, class: "vehicle", display: "none" }, vehicleLayer,
        "flight " + f.f + " · vehicle " + f.v),
    };
  });
  const rings = data.incidents.map(function (i) {
    return {
      from: i.from,
      to: i.to,
      ring: element("circle", { cx: i.x, cy: i.y, r: data.dot * 4, class: "incident-ring",
        display: "none" }, incidentLayer, "safety event " + i.k + ": " + i.type),
    };
  });
  const fences = data.geofences.map(function (g) {
    return {
      windows: g.windows,
      shape: element("polygon", { points: g.ring.trim(), class: "geofence-live", display: "none" },
        geofenceLayer, "geofence " + g.id),
    };
  });

  // Where a flight is at time t: the index of the first track point at or after t, then a
  // straight line from the point before it.
  function place(f, t) {
    const times = f.t;
    if (t < times[0] || t > times[times.length - 1]) {
      return null;
    }
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < t) { lo = mid + 1; } else { hi = mid; }
    }
    if (lo === 0) {
      return [f.xy[0], f.xy[1]];
    }
    const a = lo - 1;
    const span = times[lo] - times[a];
    const k = span > 0 ? (t - times[a]) / span : 1;
    return [f.xy[2 * a] + k * (f.xy[2 * lo] - f.xy[2 * a]),
      f.xy[2 * a + 1] + k * (f.xy[2 * lo + 1] - f.xy[2 * a + 1])];
  }

  function render(t) {
    let up = 0;
    for (const f of flights) {
      const p = place(f, t);
      if (p === null) {
        f.dot.setAttribute("display", "none");
      } else {
        f.dot.setAttribute("cx", p[0].toFixed(1));
        f.dot.setAttribute("cy", p[1].toFixed(1));
        f.dot.setAttribute("display", "inline");
        up += 1;
      }
    }
    for (const r of rings) {
      r.ring.setAttribute("display", t >= r.from && t <= r.to ? "inline" : "none");
    }
    for (const g of fences) {
      const active = g.windows.length === 0 || g.windows.some(function (w) {
        return t >= w[0] && (w[1] === null || t < w[1]);
      });
      g.shape.setAttribute("display", active ? "inline" : "none");
    }
    clock.textContent = clockText(t);
    airborne.textContent = up + " airborne";
  }

  let now = 0;
  let playing = false;
  let last = null;
  function frame(stamp) {
    if (!playing) {
      return;
    }
    if (last !== null) {
      now = Math.min(data.end, now + (stamp - last) / 1000 * Number(speed.value));
      slider.value = String(now);
      render(now);
    }
    last = stamp;
    if (now >= data.end) {
      setPlaying(false);
      return;
    }
    window.requestAnimationFrame(frame);
  }
  function setPlaying(on) {
    playing = on;
    last = null;
    playButton.textContent = on ? "Pause" : "Play";
    if (on) {
      if (now >= data.end) {
        now = 0;
      }
      window.requestAnimationFrame(frame);
    }
  }
  playButton.addEventListener("click", function () { setPlaying(!playing); });
  slider.addEventListener("input", function () {
    now = Number(slider.value);
    render(now);
  });
  for (const button of document.querySelectorAll("button.jump")) {
    button.addEventListener("click", function () {
      setPlaying(false);
      now = Math.max(0, Number(button.dataset.time) - 20);
      slider.value = String(now);
      render(now);
      map.scrollIntoView({ behavior: "smooth" });
    });
  }

  // Open at the first incident, if any, so that a screenshot shows one.
  const firstIncident = data.incidents.length > 0 ? data.incidents[0].from + 25 : 0;
  now = Math.min(firstIncident, data.end);
  slider.value = String(now);
  render(now);
  if (problems.length === 0) {
    body.dataset.status = "ready";
  }
})();
