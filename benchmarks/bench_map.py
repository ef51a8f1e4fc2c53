"""Map payload, map build time and export times: prints figures, never fails.

(c) the interactive map of the seed, of 10,000 mentions of 1,000 places and of 100,000
    mentions of 5,000 places: HTML size without the inline Leaflet assets, and build time;
(e) PNG snapshot (150 dpi) and HTML export of the seed.

Usage: python benchmarks/bench_map.py [--runs N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from regionmap import analyse, load_gazetteer, prepare, to_layers
from regionmap.render.html import to_html
from regionmap.render.leaflet import _assets
from regionmap.render.mapview import build_map
from regionmap.render.snapshot import render_png
from regionmap.resources import seed_path


def synthetic(mentions: int, places: int) -> str:
    gazetteer = load_gazetteer()
    names = []
    for i in range(len(gazetteer)):
        e = gazetteer.entry(i)
        if e.kind == "city" and e.population > 50_000 and re.fullmatch(r"[A-Z][a-z]+", e.name):
            names.append(e.name)
        if len(names) == places * 2:
            break
    sentences = [f"Speaker {i % 7} said {names[i % places]} matters." for i in range(mentions)]
    lines = [" ".join(sentences[i : i + 20]) for i in range(0, mentions, 20)]
    return "Synthetic briefing\n" + "\n".join(lines)


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    assets = sum(len(v) for v in _assets().values())
    build_map(to_layers(analyse("Warm up\nBaku.")))  # basemap and assets cached
    print("(c) interactive map: HTML without the inline Leaflet/jQuery/markercluster assets")
    cases = [
        ("seed", seed_path()),
        ("10k mentions / 1k places", synthetic(10_000, 1_000)),
        ("100k mentions / 5k places", synthetic(100_000, 5_000)),
    ]
    for label, source in cases:
        doc = analyse(source)
        layers = to_layers(doc)
        seconds, html = timed(
            lambda layers=layers: build_map(layers).get_root().render(), args.runs
        )
        print(
            f"    {label:28} {len(doc.mentions):>7} mentions {len(layers):>5} places  "
            f"{(len(html) - assets) / 1e6:6.2f} MB  built in {seconds:5.2f} s"
            + ("   (goal <= 1.5 MB, <= 1 s)" if label.startswith("10k") else "")
        )
    view = prepare(analyse(seed_path()))
    layers = view.layers
    render_png(layers, dpi=150)  # fonts and basemap warm
    png_s, png = timed(lambda: render_png(layers, title=view.transcript.title, dpi=150), args.runs)
    html_s, html = timed(lambda: to_html(view), args.runs)
    print("(e) exports of the seed")
    print(f"    PNG 150 dpi   {png_s:5.2f} s  {len(png) / 1e3:7.0f} kB   (goal <= 2 s)")
    print(f"    HTML          {html_s:5.2f} s  {len(html) / 1e6:7.2f} MB (with quotes in popups)")


if __name__ == "__main__":
    main()
