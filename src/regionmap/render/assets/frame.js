function regionmapFrame(map, bounds, opts) {
  /* The reading view's frame: the map beside the panel's place, sized and fitted to the
     places before anything is drawn, so the basemap and the features are drawn once,
     at the view the reader sees. regionmapReadingView fills the panel afterwards. */
  "use strict";
  var container = map.getContainer();
  var host = container.parentNode, frame;
  if (host.classList && host.classList.contains("rm-frame")) {
    frame = host;  // a map drawn again in the same page
    Array.prototype.forEach.call(frame.querySelectorAll(".rm-panel"), function (n) { n.remove(); });
  } else {
    frame = document.createElement("div");
    frame.className = "rm-frame";
    host.insertBefore(frame, container);
    frame.appendChild(container);
  }
  if (container.style.height && container.style.height.slice(-2) === "px") {
    frame.style.height = container.style.height;
  } else if (host === document.body) {
    frame.style.height = "100vh";
  }
  container.classList.add("rm-map");
  frame.style.setProperty("--rm-hl", opts.highlight);
  frame.style.setProperty("--rm-sea", opts.sea);
  frame.style.setProperty("--rm-route-label", opts.routeLabel);
  if (opts.panel) {
    var panel = document.createElement("aside");
    panel.className = "rm-panel";
    frame.appendChild(panel);
  } else {
    frame.classList.add("rm-nopanel");
  }
  map.invalidateSize({ animate: false, pan: false });  // narrower beside the panel
  map.fitBounds(bounds, { animate: false });
}
