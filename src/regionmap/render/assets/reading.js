function regionmapReadingView(map, data, opts) {
  /* regionmap's reading view: the map, the quotes of the selected place, the annotated
     transcript and the list of places, linked both ways and answered in the browser.
     Data comes as JSON from the Python side (regionmap.render.reading); every piece of
     text reaches the page through textContent, never as HTML. */
  "use strict";
  var layers = map._rmLayers || {};
  var places = data.places, pars = data.paragraphs, ments = data.mentions;
  var byId = {}, placeMentions = places.map(function () { return []; });
  places.forEach(function (p, i) { byId[p.id] = i; });
  ments.forEach(function (m, i) { placeMentions[m[3]].push(i); });
  var state = { selected: null, tab: "place", nonces: {}, clickBase: undefined, lastClick: 0,
                transcriptBuilt: 0, paragraphPlaces: null, spread: [] };

  // ------------------------------------------------------------------ small DOM helpers
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "cls") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function colour(kind) { return data.colours[kind] || data.colours.other; }

  // ------------------------------------------------------------------ the panel
  var container = map.getContainer();
  var frame = container.parentNode;  // made by regionmapFrame, the map already fitted
  var panel = frame.querySelector(":scope > .rm-panel");
  if (!panel) {
    panel = el("aside", { cls: "rm-panel" });
    frame.appendChild(panel);
  }
  panel.textContent = "";
  panel.setAttribute("aria-label", "Reading view");
  var meta = [data.meta.date, data.meta.place].filter(Boolean);
  if (data.meta.speakers.length) meta.push("Speakers: " + data.meta.speakers.join(", "));
  if (opts.header) {
    panel.appendChild(el("header", { cls: "rm-head" },
      el("h2", { cls: "rm-title", text: data.meta.title }),
      el("p", { cls: "rm-meta", text: meta.join(" · ") })));
  }
  var tabs = el("nav", { cls: "rm-tabs", role: "tablist" });
  var bodies = {};
  [["place", "Place"], ["transcript", "Transcript"], ["places", "Places"]].forEach(function (t) {
    var b = el("button", { role: "tab", "data-tab": t[0], "aria-selected": String(t[0] === "place"),
                           text: t[1] });
    b.addEventListener("click", function () { showTab(t[0]); });
    tabs.appendChild(b);
    bodies[t[0]] = el("section", { cls: "rm-body rm-tab-" + t[0], role: "tabpanel" });
    if (t[0] !== "place") bodies[t[0]].hidden = true;
  });
  panel.appendChild(tabs);
  ["place", "transcript", "places"].forEach(function (t) { panel.appendChild(bodies[t]); });

  function showTab(name) {
    state.tab = name;
    Array.prototype.forEach.call(tabs.children, function (b) {
      b.setAttribute("aria-selected", String(b.getAttribute("data-tab") === name));
    });
    Object.keys(bodies).forEach(function (k) { bodies[k].hidden = k !== name; });
    if (name === "transcript") {
      buildTranscript(pars.length);
      if (state.selected !== null) scrollToMention(placeMentions[byId[state.selected]][0], false);
    }
  }

  // ------------------------------------------------------------------ the place tab
  function hint() {
    bodies.place.textContent = "";
    bodies.place.appendChild(el("p", { cls: "rm-hint",
      text: "Click a place, route or region on the map, a name in the transcript or a place in " +
            "the list to read every quote that mentions it." }));
  }

  function clock(seconds) {  // 3725.2 → "01:02:05"
    var s = Math.floor(seconds), two = function (n) { return (n < 10 ? "0" : "") + n; };
    return two(Math.floor(s / 3600)) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60);
  }

  function quoteItem(mi) {
    var m = ments[mi], par = pars[m[0]], text = par.text;
    var who = par.who || "(no speaker)";
    var head = "¶" + par.n + " · " + who + (par.turn ? " (" + par.turn + ")" : "") +
               (m[6] == null ? "" : " · " + clock(m[6]));
    var quote = el("blockquote", null, text.slice(m[4], m[1]), el("mark", { text: text.slice(m[1], m[2]) }),
                   text.slice(m[2], m[5]));
    var onMap = el("button", { text: "Show on map", "data-act": "map" });
    onMap.addEventListener("click", function () {
      var id = places[m[3]].id;
      if (state.selected !== id) select(id, { source: "quote" });
      bringIntoView(id);
      flashLayer(id);
    });
    var read = el("button", { text: "Read in transcript", "data-act": "read" });
    read.addEventListener("click", function () { showTab("transcript"); scrollToMention(mi, true); });
    return el("li", { cls: "rm-quote" }, el("div", { cls: "rm-qmeta", text: head }), quote,
              el("div", { cls: "rm-qact" }, onMap, read));
  }

  function renderPlace(pid) {
    var p = places[byId[pid]], body = bodies.place, list = placeMentions[byId[pid]];
    body.textContent = "";
    body.appendChild(el("h3", { cls: "rm-name", text: p.name }));
    var facts = [p.kind, plural(p.count, "mention"), "confidence " + p.confidence.toFixed(2)];
    if (p.route_status) facts.push(p.route_status);
    if (p.inferred) facts.push("inferred from the text");
    body.appendChild(el("p", { cls: "rm-facts", text: facts.join(" · ") }));
    if (p.alternatives.length) {
      body.appendChild(el("p", { cls: "rm-alts", text: (p.ambiguous ? "Ambiguous. " : "") +
        "Also possible: " + p.alternatives.map(function (a) {
          return a.name + " (" + (a.country || a.kind) + ", " + a.score.toFixed(2) + ")";
        }).join("; ") }));
    }
    body.appendChild(el("p", { cls: "rm-count", text: plural(list.length, "quote") }));
    var ol = el("ol", { cls: "rm-quotes" });
    body.appendChild(ol);
    var shown = 0;
    function more() {
      var stop = Math.min(list.length, shown + 200);
      for (; shown < stop; shown++) ol.appendChild(quoteItem(list[shown]));
      if (shown < list.length) {
        var b = el("button", { cls: "rm-more", text: "Show " + Math.min(200, list.length - shown) + " more" });
        b.addEventListener("click", function () { b.remove(); more(); });
        body.appendChild(b);
      }
    }
    more();
    body.scrollTop = 0;
  }

  // ------------------------------------------------------------------ the transcript tab
  var paragraphNodes = [], mentionNodes = {};
  function mentionSpan(mi, text, inner) {
    var m = ments[mi], p = places[m[3]];
    var span = el("span", { cls: "rm-m", "data-m": String(mi), title: p.name });
    span.style.setProperty("--k", colour(p.kind));
    inner.forEach(function (n) { span.appendChild(n); });
    span.addEventListener("click", function (e) {
      e.stopPropagation();
      select(p.id, { source: "transcript" });
    });
    mentionNodes[mi] = span;
    return span;
  }
  function buildParagraph(pi, list) {
    var par = pars[pi], text = par.text;
    var node = el("p", { cls: "rm-par", id: "rm-p-" + par.n });
    var number = el("button", { cls: "rm-pn", text: "¶" + par.n, title: "Show the places of this paragraph" });
    number.addEventListener("click", function () { focusParagraph(pi); });
    node.appendChild(number);
    if (par.time != null) node.appendChild(el("span", { cls: "rm-time", text: clock(par.time) }));
    if (par.opens) node.appendChild(el("span", { cls: "rm-who", text: par.opens + " —" }));
    // Nested spans: an inferred route ("Kars–Tbilisi railway") contains its places.
    function build(lo, hi, items) {
      var out = [], pos = lo, i = 0;
      while (i < items.length) {
        var mi = items[i], m = ments[mi], inner = [];
        var j = i + 1;
        while (j < items.length && ments[items[j]][1] < m[2]) { inner.push(items[j]); j++; }
        if (m[1] > pos) out.push(document.createTextNode(text.slice(pos, m[1])));
        out.push(mentionSpan(mi, text, build(m[1], m[2], inner)));
        pos = Math.max(pos, m[2]);
        i = j;
      }
      if (pos < hi) out.push(document.createTextNode(text.slice(pos, hi)));
      return out;
    }
    var from = 0;
    if (par.label) {  // the speaker label as written, in bold
      node.appendChild(el("span", { cls: "rm-who", text: text.slice(0, par.label[1]) }));
      from = par.label[1];
    }
    build(from, text.length, list.filter(function (mi) { return ments[mi][1] >= from; }))
      .forEach(function (n) { node.appendChild(n); });
    return node;
  }
  var byParagraph = pars.map(function () { return []; });
  ments.forEach(function (m, i) { byParagraph[m[0]].push(i); });
  function buildTranscript(upto) {
    var body = bodies.transcript;
    var stop = Math.min(pars.length, upto);
    for (var pi = state.transcriptBuilt; pi < stop; pi++) {
      var node = buildParagraph(pi, byParagraph[pi]);
      paragraphNodes[pi] = node;
      body.appendChild(node);
    }
    state.transcriptBuilt = Math.max(state.transcriptBuilt, stop);
    markTranscript();
  }
  function markTranscript() {
    var sel = state.selected === null ? -1 : byId[state.selected];
    Object.keys(mentionNodes).forEach(function (mi) {
      mentionNodes[mi].classList.toggle("rm-on", ments[mi][3] === sel);
    });
  }
  function scrollToMention(mi, flash) {
    if (mi === undefined) return;
    buildTranscript(ments[mi][0] + 1);
    var node = mentionNodes[mi];
    if (!node) return;
    var body = bodies.transcript;
    body.scrollTop += node.getBoundingClientRect().top - body.getBoundingClientRect().top - body.clientHeight / 3;
    if (flash) { node.classList.remove("rm-flash"); void node.offsetWidth; node.classList.add("rm-flash"); }
  }
  function focusParagraph(pi) {
    var ids = {};
    byParagraph[pi].forEach(function (mi) { ids[places[ments[mi][3]].id] = true; });
    Array.prototype.forEach.call(bodies.transcript.querySelectorAll(".rm-focus"), function (n) {
      n.classList.remove("rm-focus");
    });
    paragraphNodes[pi].classList.add("rm-focus");
    var keys = Object.keys(ids);
    setParagraphPlaces(keys);
    var bounds = null;
    keys.forEach(function (id) {
      var b = placeBounds(id);
      if (b) bounds = bounds ? bounds.extend(b) : b;
    });
    if (bounds) map.fitBounds(bounds.pad(0.2), { maxZoom: Math.max(map.getZoom(), 6) });
  }

  // ------------------------------------------------------------------ the places tab
  var placeButtons = {};
  (function buildPlaces() {
    var body = bodies.places;
    var find = el("input", { cls: "rm-find", type: "search", placeholder: "Find a place",
                             "aria-label": "Find a place" });
    var list = el("ul", { cls: "rm-list" });
    places.forEach(function (p) {
      var dot = el("span", { cls: "rm-dot" });
      dot.style.background = colour(p.kind);
      var b = el("button", { "data-id": p.id }, dot, el("span", { text: p.name }),
                 el("span", { cls: "rm-kindnote", text: p.kind }), el("span", { cls: "rm-n", text: String(p.count) }));
      b.addEventListener("click", function () { select(p.id, { source: "list" }); });
      placeButtons[p.id] = b;
      list.appendChild(el("li", null, b));
    });
    find.addEventListener("input", function () {
      var q = find.value.trim().toLowerCase();
      places.forEach(function (p) { placeButtons[p.id].parentNode.hidden = q && p.name.toLowerCase().indexOf(q) < 0; });
    });
    body.appendChild(find);
    body.appendChild(list);
  })();

  // ------------------------------------------------------------------ map features
  var pointLayers = [];
  Object.keys(layers).forEach(function (id) {
    var layer = layers[id];
    layer._rmStyle = Object.assign({}, layer.options);
    if (layer.getLatLng) { layer._rmTrue = layer.getLatLng(); pointLayers.push(layer); }
  });
  function placeBounds(id) {
    var layer = layers[id], p = places[byId[id]];
    if (layer && layer.getBounds) {  // a copy: a line's own bounds object must not grow
      var b = layer.getBounds();
      return L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    }
    if (layer && layer._rmTrue) return L.latLngBounds([layer._rmTrue, layer._rmTrue]);
    if (p && p.bounds) return L.latLngBounds([[p.bounds[1], p.bounds[0]], [p.bounds[3], p.bounds[2]]]);
    return null;
  }
  function styleOf(id) {
    var layer = layers[id];
    if (!layer || !layer.setStyle) return;
    var base = layer._rmStyle, on = id === state.selected;
    var near = state.paragraphPlaces && state.paragraphPlaces[id];
    var look = { color: base.color, weight: base.weight };
    if (on || near) {
      look.color = data.highlight;
      look.weight = layer.getLatLng ? 3 : (layer._rmLine ? base.weight + 2 : (on ? 3 : 2));
    }
    layer.setStyle(look);
    if ((on || near) && (layer.getLatLng || layer._rmLine) && layer.bringToFront) layer.bringToFront();
  }
  Object.keys(layers).forEach(function (id) {
    var p = places[byId[id]];
    if (p && p.geo === "line") layers[id]._rmLine = true;
  });
  function setParagraphPlaces(ids) {
    var before = state.paragraphPlaces ? Object.keys(state.paragraphPlaces) : [];
    state.paragraphPlaces = {};
    (ids || []).forEach(function (id) { state.paragraphPlaces[id] = true; });
    before.concat(ids || []).forEach(styleOf);
  }
  function flashLayer(id) {  // a brief thick outline, then the selection style again
    var layer = layers[id];
    if (!layer || !layer.setStyle) return;
    layer.setStyle({ color: data.highlight, weight: (layer._rmStyle.weight || 1) + 6 });
    setTimeout(function () { styleOf(id); }, 700);
  }

  // Bring a place into view, keeping the user's zoom when the place is already visible.
  function visible(id) {
    var p = places[byId[id]], view = map.getBounds();
    if (!p || !p.anchors.length) return true;
    if (layers[id] && layers[id].getLatLng) return view.pad(-0.02).contains(layers[id].getLatLng());
    return p.anchors.some(function (a) { return view.pad(-0.05).contains(a); });
  }
  function bringIntoView(id) {
    var bounds = placeBounds(id);
    if (!bounds || visible(id)) return;
    var size = map.getSize(), zoom = map.getZoom();
    var sw = map.project(bounds.getSouthWest(), zoom), ne = map.project(bounds.getNorthEast(), zoom);
    var fits = Math.abs(ne.x - sw.x) < size.x * 0.8 && Math.abs(sw.y - ne.y) < size.y * 0.8;
    var p = places[byId[id]];
    var target = p.anchors.length ? L.latLng(p.anchors[0]) : bounds.getCenter();
    if (fits) map.panTo(target, { animate: true, duration: 0.35 });
    else map.fitBounds(bounds, { padding: [30, 30], maxZoom: zoom });
  }

  // Hit testing: a marker within reach wins over the line or area under the pointer.
  function pathOwner(target) {
    var node = target;
    while (node && node !== container) {
      if (node._rmId) return node._rmId;
      node = node.parentNode;
    }
    return null;
  }
  Object.keys(layers).forEach(function (id) {
    var layer = layers[id];
    var mark = function (l) { if (l._path) l._path._rmId = id; };
    if (layer.eachLayer) layer.eachLayer(mark); else mark(layer);
    layer.on("add", function () { if (layer.eachLayer) layer.eachLayer(mark); else mark(layer); });
  });
  function hit(containerPoint, target) {
    var best = null, bestScore = Infinity;
    pointLayers.forEach(function (layer) {
      if (!map.hasLayer(layer)) return;
      var pt = map.latLngToContainerPoint(layer.getLatLng());
      var d = pt.distanceTo(containerPoint), reach = (layer.options.radius || 6) + 5;
      if (d <= reach && d / reach < bestScore) { bestScore = d / reach; best = layer._rmId; }
    });
    return best || pathOwner(target);
  }
  pointLayers.forEach(function (layer) {
    Object.keys(layers).forEach(function (id) { if (layers[id] === layer) layer._rmId = id; });
  });

  // Our own tooltip, kept inside the frame.
  var tip = el("div", { cls: "rm-tip", role: "tooltip" });
  container.appendChild(tip);
  function showTip(id, point) {
    var p = places[byId[id]];
    if (!p) { tip.style.display = "none"; return; }
    tip.textContent = p.name + " · " + plural(p.count, "mention");
    tip.style.display = "block";
    var size = map.getSize(), w = tip.offsetWidth, h = tip.offsetHeight;
    var x = point.x + 14, y = point.y - h - 10;
    if (x + w > size.x - 4) x = point.x - w - 14;
    if (x < 4) x = 4;
    if (y < 4) y = point.y + 16;
    if (y + h > size.y - 4) y = size.y - h - 4;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  map.on("mousemove", function (e) {
    var id = hit(e.containerPoint, e.originalEvent.target);
    container.style.cursor = id ? "pointer" : "";
    if (id) showTip(id, e.containerPoint); else tip.style.display = "none";
  });
  container.addEventListener("mouseleave", function () { tip.style.display = "none"; });
  map.on("zoomstart movestart", function () { tip.style.display = "none"; });

  // A click selects at once; a double-click zooms and gives back the selection it had.
  map.on("click", function (e) {
    var id = hit(e.containerPoint, e.originalEvent.target);
    var now = Date.now();
    if (now - state.lastClick > 450) state.clickBase = state.selected;
    state.lastClick = now;
    if (id) select(id, { source: "map", pan: false, tab: "place" });
  });
  map.on("dblclick", function () {
    if (Date.now() - state.lastClick < 600 && state.clickBase !== undefined) {
      if (state.clickBase === null) clear(); else select(state.clickBase, { source: "map", pan: false });
      state.clickBase = undefined;
    }
  });

  // ------------------------------------------------------------------ selection
  function select(id, o) {
    o = o || {};
    if (!(id in byId)) return;
    var before = state.selected;
    state.selected = id;
    if (before !== null && before !== id) styleOf(before);
    styleOf(id);
    renderPlace(id);
    Object.keys(placeButtons).forEach(function (k) { placeButtons[k].classList.toggle("rm-on", k === id); });
    markTranscript();
    if (o.tab) showTab(o.tab);
    else if (o.source === "list") showTab("place");
    if (o.pan !== false) bringIntoView(id);
    if (state.tab === "transcript" && o.source !== "transcript") scrollToMention(placeMentions[byId[id]][0], false);
    if (o.source !== "python") tell(id);
  }
  function clear() {
    var before = state.selected;
    state.selected = null;
    if (before !== null) styleOf(before);
    markTranscript();
    hint();
    tell(null);
  }

  // Tell Streamlit (when the map lives in the app) what is selected, for corrections and
  // the link; it reruns the app in the background, the page has answered already.
  var telling = null;
  function tell(id) {
    var g = window.__GLOBAL_DATA__;
    if (!g || !opts.bridge) return;
    clearTimeout(telling);
    telling = setTimeout(function () {
      g.last_active_drawing = { type: "Feature", geometry: null, properties: { place_id: id, via: "reading view" } };
      g.last_object_clicked_count = (g.last_object_clicked_count || 0) + 1;
      map.fire("moveend");
    }, 350);
  }

  // ------------------------------------------------------------------ labels
  var labelPane = map.getPane("rmLabels") || map.createPane("rmLabels");
  labelPane.style.zIndex = 450;
  labelPane.style.pointerEvents = "none";
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = "600 11.5px sans-serif";
  var order = places.map(function (p, i) { return i; }).filter(function (i) {
    return places[i].anchors.length && places[i].geo;
  }).sort(function (a, b) { return places[b].priority - places[a].priority || a - b; });
  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) return true;
    }
    return false;
  }
  function layoutLabels() {
    labelPane.textContent = "";
    labelPane.style.display = "";
    var size = map.getSize(), taken = [], margin = 3;
    pointLayers.forEach(function (layer) {  // markers are obstacles for other labels
      if (!map.hasLayer(layer)) return;
      var c = map.latLngToContainerPoint(layer.getLatLng()), r = layer.options.radius || 5;
      taken.push({ x: c.x - r, y: c.y - r, w: 2 * r, h: 2 * r, marker: layer._rmId });
    });
    order.forEach(function (i) {
      var p = places[i], layer = layers[p.id];
      if (!layer || !map.hasLayer(layer)) return;
      if (p.geo === "area" && !p.small && map.getZoom() < 4) return;
      var w = measure.measureText(p.label).width + 4, h = 15, spots = [];
      if (p.geo === "point") {
        var c = map.latLngToContainerPoint(layer.getLatLng()), r = (layer.options.radius || 5) + 3;
        spots = [[c.x + r, c.y - h / 2], [c.x - r - w, c.y - h / 2], [c.x - w / 2, c.y - r - h],
                 [c.x - w / 2, c.y + r]];
      } else {
        p.anchors.forEach(function (a) {
          var q = map.latLngToContainerPoint(a);
          spots.push([q.x - w / 2, q.y - h / 2 - (p.geo === "line" ? 9 : 0)]);
        });
      }
      for (var k = 0; k < spots.length; k++) {
        var box = { x: spots[k][0], y: spots[k][1], w: w, h: h };
        if (box.x < margin || box.y < margin || box.x + w > size.x - margin || box.y + h > size.y - margin) {
          if (p.geo === "point") continue;
          box.x = Math.min(Math.max(box.x, margin), size.x - margin - w);  // slide inside the frame
          box.y = Math.min(Math.max(box.y, margin), size.y - margin - h);
          var anchor = map.latLngToContainerPoint(p.anchors[Math.min(k, p.anchors.length - 1)]);
          if (Math.abs(anchor.x - (box.x + w / 2)) > w || anchor.y < 0 || anchor.y > size.y) continue;
        }
        var blocked = taken.filter(function (t) { return t.marker !== p.id; });
        if (overlaps(box, blocked)) continue;
        taken.push(box);
        var at = map.containerPointToLayerPoint([box.x, box.y]);
        var label = el("div", { cls: "rm-label" + (p.geo === "line" ? " rm-route" : ""), text: p.label });
        label.style.left = at.x + "px";
        label.style.top = at.y + "px";
        labelPane.appendChild(label);
        break;
      }
    });
  }
  var scheduled = false;
  function relabel() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; layoutLabels(); });
  }
  map.on("zoomstart", function () { labelPane.style.display = "none"; });
  map.on("moveend zoomend resize overlayadd overlayremove", relabel);

  // ------------------------------------------------------------------ markers that overlap
  var leaders = L.layerGroup().addTo(map);
  function spreadMarkers() {
    leaders.clearLayers();
    var zoom = map.getZoom(), placed = [];
    pointLayers.slice().sort(function (a, b) {
      return (b.options.radius || 0) - (a.options.radius || 0);
    }).forEach(function (layer) {
      var true_ = layer._rmTrue, pt = map.project(true_, zoom), r = layer.options.radius || 5;
      for (var tries = 0; tries < 12; tries++) {
        var clash = null;
        for (var i = 0; i < placed.length; i++) {
          var q = placed[i], d = pt.distanceTo(q.pt);
          if (d < q.r + r * 0.6) { clash = q; break; }
        }
        if (!clash) break;
        var dx = pt.x - clash.pt.x, dy = pt.y - clash.pt.y, len = Math.sqrt(dx * dx + dy * dy);
        if (len < 0.5) { dx = 0.6; dy = -0.8; len = 1; }
        var need = clash.r + r + 2;
        pt = L.point(clash.pt.x + dx / len * need, clash.pt.y + dy / len * need);
      }
      placed.push({ pt: pt, r: r });
      var shown = map.unproject(pt, zoom);
      layer.setLatLng(shown);
      if (shown.distanceTo(true_) > 1) {
        L.polyline([true_, shown], { color: "#555", weight: 1, opacity: 0.7, interactive: false }).addTo(leaders);
      }
    });
  }
  if (!opts.clustered) { map.on("zoomend", spreadMarkers); spreadMarkers(); }

  // ------------------------------------------------------------------ legend
  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var box = el("div", { cls: "rm-legend leaflet-control" });
    data.legend.kinds.forEach(function (k) {
      if (k === "route") return;
      var dot = el("span", { cls: "rm-dot" });
      dot.style.background = colour(k);
      box.appendChild(el("div", null, dot, k));
    });
    data.legend.routes.forEach(function (r) {
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("width", "26"); svg.setAttribute("height", "8");
      var line = document.createElementNS("http://www.w3.org/2000/svg", "line");
      line.setAttribute("x1", "1"); line.setAttribute("y1", "4"); line.setAttribute("x2", "25"); line.setAttribute("y2", "4");
      line.setAttribute("stroke", colour("route")); line.setAttribute("stroke-width", "3");
      if (r.dash) line.setAttribute("stroke-dasharray", r.dash);
      svg.appendChild(line);
      box.appendChild(el("div", null, svg, r.label));
    });
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  if (data.legend.kinds.length) legend.addTo(map);

  // ------------------------------------------------------------------ start
  hint();
  relabel();
  window.regionmap = {
    select: function (id) { select(id, { source: "api" }); },
    selected: function () { return state.selected; },
    command: function (c) {
      if (!c || state.nonces[c.nonce]) return;
      state.nonces[c.nonce] = true;
      if (c.select) select(c.select, { source: "python", tab: "place" });
    },
    places: function () { return places.map(function (p) { return p.id; }); },
    describe: function (id) {
      var p = places[byId[id]];
      return p ? { id: p.id, name: p.name, count: p.count, tip: p.name + " · " + plural(p.count, "mention") } : null;
    },
    find: function (name) {
      return places.filter(function (p) { return p.name === name; }).map(function (p) { return p.id; });
    },
    labels: function () {
      return Array.prototype.map.call(labelPane.children, function (n) {
        var r = n.getBoundingClientRect();
        return { text: n.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      });
    },
    anchor: function (id) {
      var layer = layers[id];
      if (layer && layer.getLatLng) return map.latLngToContainerPoint(layer.getLatLng());
      var p = places[byId[id]];
      return p && p.anchors.length ? map.latLngToContainerPoint(p.anchors[0]) : null;
    },
    map: map,
  };
  if (window.regionmapPending) { var pending = window.regionmapPending; window.regionmapPending = null; window.regionmap.command(pending); }
}
