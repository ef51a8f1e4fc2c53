"""Browser figures against a real ``streamlit run``: prints figures, never fails.

(d) median of N fresh sessions, for the built-in example and for a transcript of
    10,000 mentions of about 1,000 places (opened from the transcripts folder by a
    link):
    - navigation to the first map with its places drawn;
    - a click on the most mentioned place's marker to its quotes being visible in the
      reading panel, timed inside the page (from the mouse press to the panel's
      quote count changing) and, around it, by the test driver;
    - a filter change (minimum mentions: the clicked place's count) to the map being
      redrawn;
(f) the server's resident memory after serving both.

Usage: python benchmarks/bench_browser.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME, free_port  # noqa: E402

READY = """(n) => !!window.regionmap && document.querySelectorAll(
    'path.leaflet-interactive, .marker-cluster').length >= n"""
# The most mentioned place drawn as a marker, brought out of its cluster, and where it is.
TARGET = """async () => {
    const rm = window.regionmap, map = rm.map;
    const id = rm.places().find(id => map._rmLayers[id] && map._rmLayers[id].getLatLng);
    const layer = map._rmLayers[id];
    if (!map.hasLayer(layer)) {
        map.setView(layer.getLatLng(), 12, {animate: false});
        await new Promise(done => { const wait = () => map.hasLayer(layer) ? done()
            : requestAnimationFrame(wait); wait(); });
    }
    const p = map.latLngToContainerPoint(layer.getLatLng());
    return {id, x: p.x, y: p.y, count: rm.describe(id).count};
}"""
# Time, inside the page, from the mouse press to the panel showing the place's quotes.
WATCH = """(count) => {
    window.__pressed = null; window.__shown = null;
    document.addEventListener("mousedown", () => { window.__pressed = performance.now(); },
                              {capture: true, once: true});
    const wanted = count + (count === 1 ? " quote" : " quotes");
    new MutationObserver((_, observer) => {
        const shown = document.querySelector(".rm-count");
        if (shown && shown.textContent === wanted) {
            window.__shown = performance.now(); observer.disconnect();
        }
    }).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def ten_thousand_mentions() -> str:
    """A transcript of 10,000 sentences, each naming one of about 1,000 large cities."""
    from regionmap import load_gazetteer

    g = load_gazetteer()
    names = [
        e.name
        for e in (g.entry(i) for i in range(len(g)))
        if e.kind == "city" and e.population > 300_000 and re.fullmatch(r"[A-Z][a-z]+", e.name)
    ][:1000]
    sentences = [f"Quote {i} says {names[i % len(names)]} matters." for i in range(10_000)]
    body = "\n".join(" ".join(sentences[i : i + 10]) for i in range(0, 10_000, 10))
    return "Ten thousand mentions\n" + body


OUTSIDE: list[str] = []  # requests that left the machine (there must be none)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(data: Path, transcripts: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, REGIONMAP_DATA=str(data), REGIONMAP_TRANSCRIPTS=str(transcripts))
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port",
         str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            if urllib.request.urlopen(url + "_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            server.poll()
        time.sleep(0.5)  # polling a server that is starting; not a measured wait
    return server, url


def session(browser, url: str, minimum_paths: int) -> tuple[float, float, float, float]:
    """One fresh session: first map, click (in page, and by the driver), filter redraw."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    local = url.split("?")[0]
    # Requests are watched, not intercepted: interception would slow every request down.
    page.on("request", lambda r: r.url.startswith((local, "data:", "blob:", "about:"))
            or OUTSIDE.append(r.url))  # fmt: skip
    started = time.perf_counter()
    page.goto(url)
    page.locator(MAP_IFRAME).wait_for(timeout=120_000)
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    frame.wait_for_function(READY, arg=minimum_paths, timeout=120_000)
    loaded = time.perf_counter()
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=60_000)
    target = frame.evaluate(TARGET)
    frame.evaluate(WATCH, target["count"])
    box = page.locator(MAP_IFRAME).bounding_box()
    before = time.perf_counter()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    frame.wait_for_function("() => window.__shown !== null", timeout=60_000)
    clicked = time.perf_counter()
    in_page = frame.evaluate("() => window.__shown - window.__pressed") / 1000
    count = frame.evaluate("() => window.regionmap.places().length")
    minimum = page.get_by_label("Minimum mentions")
    minimum.fill(str(target["count"]))  # hides every place mentioned less
    changed = time.perf_counter()
    minimum.press("Enter")
    page.wait_for_function(
        """([sel, n]) => [...document.querySelectorAll(sel)].some(f => f.contentWindow
            && f.contentWindow.regionmap && f.contentWindow.regionmap.places().length !== n)""",
        arg=[MAP_IFRAME, count],
        timeout=120_000,
    )
    redrawn = time.perf_counter()
    page.close()
    return loaded - started, in_page, clicked - before, redrawn - changed


def report(name: str, rows: list[tuple[float, float, float, float]]) -> None:
    columns = zip(*rows, strict=True)
    load, in_page, driver, redraw = (statistics.median(column) for column in columns)
    print(f"    {name}")
    print(f"      navigation -> first map               {load:6.2f} s")
    print(f"      click -> quotes visible (in the page) {in_page * 1000:6.0f} ms")
    print(f"      click -> quotes visible (driver)      {driver * 1000:6.0f} ms")
    print(f"      minimum mentions -> map redrawn       {redraw:6.2f} s")


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp())
    transcripts = data / "transcripts"
    transcripts.mkdir()
    (transcripts / "ten-thousand.txt").write_text(ten_thousand_mentions(), encoding="utf-8")
    server, url = start_server(data, transcripts)
    documents = {
        "the built-in example (106 mentions)": (url + "?doc=builtin", 10),
        "10,000 mentions of ~1,000 places": (url + "?doc=folder%3Aten-thousand.txt", 5),
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"(d) browser, median of {args.runs} fresh sessions (after one to warm up)")
            for name, (link, minimum_paths) in documents.items():
                rows = [session(browser, link, minimum_paths) for _ in range(args.runs + 1)]
                report(name, rows[1:])
            browser.close()
        print(f"(f) server RSS after serving both       {rss_mib(server.pid):6.0f} MiB")
        print(f"    requests that left the machine: {len(OUTSIDE)}")
        print("    goals: first map <= 3 s (example); click <= 100 ms (example), <= 250 ms (10k)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
