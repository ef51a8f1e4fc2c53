"""Score the geoparser against hand-made gold: precision, recall, F1, acc@161 km.

Gold is a TSV file with the columns ``surface, count, place, kind, lat, lon`` and
an optional ``occurrences`` column (see ``tests/fixtures/eval/README.md``). Each
row stands for the word-boundary occurrences of ``surface`` in the text (all of
them, or the 1-based ones listed in ``occurrences``); ``count`` must agree.

A predicted mention whose span overlaps a gold span is a hit (one to one, in
text order; the prediction overlapping most wins, so a route phrase that
contains two place names does not take their place). Its error is the
distance from the gold point to the predicted place's geometry (zero inside a
predicted polygon); for a gold country, a predicted point inside that country
counts as exact.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from regionmap.errors import DataError
from regionmap.geo import distance_km
from regionmap.places.document import Document, MentionInContext
from regionmap.resources import geodata_path

__all__ = ["GoldMention", "Scores", "read_gold", "score"]

ACCURATE_KM = 161.0
GOLD_COLUMNS = ("surface", "count", "place", "kind", "lat", "lon")


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One gold place mention at ``text[start:end]``."""

    start: int
    end: int
    surface: str
    place: str
    kind: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Scores:
    """How predictions compare with gold."""

    gold: int
    predicted: int
    matched: int
    accurate: int
    errors_km: tuple[float, ...]
    missed: tuple[GoldMention, ...] = field(default=())
    spurious: tuple[MentionInContext, ...] = field(default=())
    far: tuple[tuple[GoldMention, MentionInContext, float], ...] = field(default=())

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def acc161(self) -> float:
        """Share of matched mentions placed within 161 km (100 miles)."""
        return self.accurate / self.matched if self.matched else 0.0

    @property
    def mean_error_km(self) -> float:
        finite = [e for e in self.errors_km if math.isfinite(e)]
        return sum(finite) / len(finite) if finite else 0.0

    def summary(self) -> str:
        """One line of figures.

        Examples
        --------
        >>> Scores(gold=4, predicted=4, matched=3, accurate=3, errors_km=(0, 2, 4)).summary()
        'precision 0.750  recall 0.750  F1 0.750  acc@161km 1.000  mean error 2.0 km'
        """
        return (
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"acc@161km {self.acc161:.3f}  mean error {self.mean_error_km:.1f} km"
        )


def _occurrences(text: str, surface: str) -> list[int]:
    pattern = re.compile(r"(?<![^\W_])" + re.escape(surface) + r"(?![^\W_])")
    return [m.start() for m in pattern.finditer(text)]


def read_gold(path: Path, text: str) -> list[GoldMention]:
    """Gold mentions of ``text`` from a TSV file, in text order.

    Raises
    ------
    DataError
        When the file is malformed or a row's count disagrees with the text.
    """
    try:
        lines = [
            ln
            for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")
        ]
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"cannot read gold file {path}: {err}") from err
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not lines or tuple(lines[0].split("\t")[:6]) != GOLD_COLUMNS:
        header = " ".join(GOLD_COLUMNS)
        raise DataError(f"{path.name}: the header must be the tab-separated columns {header}")
    gold = []
    for number, row in enumerate(rows, start=2):
        surface = row["surface"]
        found = _occurrences(text, surface)
        wanted = (row.get("occurrences") or "").strip()
        if wanted:
            picks = [int(n) for n in wanted.split(",")]
            if any(not 1 <= n <= len(found) for n in picks):
                raise DataError(
                    f"{path.name} row {number}: {surface!r} has only {len(found)} occurrences"
                )
            found = [found[n - 1] for n in picks]
        if len(found) != int(row["count"]):
            raise DataError(
                f"{path.name} row {number}: {surface!r} occurs {len(found)} times "
                f"at word boundaries, the row says {row['count']}"
            )
        lat, lon = float(row["lat"]), float(row["lon"])
        gold += [
            GoldMention(s, s + len(surface), surface, row["place"], row["kind"], lat, lon)
            for s in found
        ]
    return sorted(gold, key=lambda g: (g.start, -g.end))


def _error_km(gold: GoldMention, predicted: MentionInContext, countries: list) -> float:
    import shapely
    from shapely.geometry import Point, shape
    from shapely.ops import nearest_points

    place = predicted.place
    if place.geometry is None or place.lat is None or place.lon is None:
        return math.inf
    gold_point = Point(gold.lon, gold.lat)
    if gold.kind == "country":
        for polygon in countries:
            if polygon.contains(gold_point):
                if polygon.contains(Point(place.lon, place.lat)):
                    return 0.0
                break
    geometry = shape(place.geometry)
    if geometry.geom_type in ("Polygon", "MultiPolygon") and geometry.covers(gold_point):
        return 0.0
    nearest = nearest_points(gold_point, shapely.make_valid(geometry))[1]
    return distance_km(gold.lat, gold.lon, nearest.y, nearest.x)


def score(doc: Document, gold: list[GoldMention]) -> Scores:
    """Compare a document's mentions with gold mentions of the same text."""
    import json

    from shapely.geometry import shape

    collection = json.loads(geodata_path("countries.geojson").read_text(encoding="utf-8"))
    countries = [shape(f["geometry"]) for f in collection["features"]]
    predicted = sorted(doc.mentions, key=lambda m: m.start)
    used: set[int] = set()
    pairs = []
    for g in gold:  # the unused prediction that overlaps most, then is closest in length
        best, best_key = None, None
        for i, m in enumerate(predicted):
            if i in used or m.end <= g.start:
                continue
            if m.start >= g.end:
                break
            overlap = min(m.end, g.end) - max(m.start, g.start)
            key = (overlap, -abs((m.end - m.start) - (g.end - g.start)))
            if best_key is None or key > best_key:
                best, best_key = i, key
        if best is not None:
            used.add(best)
            pairs.append((g, predicted[best]))
    matched_gold = {id(g) for g, _ in pairs}
    errors = [(g, m, _error_km(g, m, countries)) for g, m in pairs]
    return Scores(
        gold=len(gold),
        predicted=len(predicted),
        matched=len(pairs),
        accurate=sum(1 for *_, e in errors if e <= ACCURATE_KM),
        errors_km=tuple(e for *_, e in errors),
        missed=tuple(g for g in gold if id(g) not in matched_gold),
        spurious=tuple(m for i, m in enumerate(predicted) if i not in used),
        far=tuple((g, m, e) for g, m, e in errors if e > ACCURATE_KM),
    )
