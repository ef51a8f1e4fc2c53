"""Map layers: a resolved document as three GeoDataFrames (points, lines, polygons).

These frames are the single source for the interactive map and every export.
Each row is one place with its mention count, speakers and confidence; the
quotes stay in the :class:`~regionmap.places.document.Document` and are looked up by
``place_id``. Geometry is EPSG:4326 in [lon, lat] order, valid and finite;
lines that cross the 180th meridian are split there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from regionmap.geo import WORLD, BBox
from regionmap.places.document import Document, PlaceSummary

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["COLUMNS", "SMALL_AREA", "Layers", "to_layers"]

SMALL_AREA = 40.0  # square degrees (Japan's outline): framed whole; larger by a point

COLUMNS = (
    "place_id",
    "name",
    "kind",
    "count",
    "speakers",
    "confidence",
    "country",
    "source",
    "inferred",
    "route_kind",
    "route_status",
    "lat",
    "lon",
)
_GROUPS = {
    "Point": "points",
    "MultiPoint": "points",
    "LineString": "lines",
    "MultiLineString": "lines",
    "Polygon": "polygons",
    "MultiPolygon": "polygons",
}


@dataclass(frozen=True)
class Layers:
    """Points, lines and polygons of one document, one row per place."""

    points: gpd.GeoDataFrame
    lines: gpd.GeoDataFrame
    polygons: gpd.GeoDataFrame

    def __iter__(self):
        yield from (("points", self.points), ("lines", self.lines), ("polygons", self.polygons))

    def __len__(self) -> int:
        return len(self.points) + len(self.lines) + len(self.polygons)

    def bounds(self, *groups: str) -> BBox | None:
        """The box around the named groups (``points``, ``lines``, ``polygons``; all
        when none is named), or None when they are empty."""
        return BBox.union(
            BBox.of(frame.total_bounds)
            for name, frame in self
            if len(frame) and (not groups or name in groups)
        )

    def frame(self, *, pad: float = 0.08, minimum: float = 1.0) -> BBox:
        """The default view: every place drawn, with padding, kept on the viewable globe.

        Markers and lines count whole; an area counts whole when it is small
        (Armenia, Nakhchivan) and by its label point when it is large, so that
        Russia or the Soviet Union puts its heartland in view without zooming
        out to the whole world. The padding is ``pad`` of the larger side, at
        least ``minimum`` degrees. With nothing drawn: the inhabited world.

        Examples
        --------
        >>> from regionmap import analyse, prepare
        >>> box = prepare(analyse("Talks\\nBaku, Armenia and China.")).layers.frame()
        >>> bool(box.west < 44 < 49.9 < 100 < box.east)  # China's label point is in view
        True
        """
        import shapely

        boxes = [BBox.of(f.total_bounds) for name, f in self if name != "polygons" and len(f)]
        if len(self.polygons):
            frame = self.polygons
            areas = shapely.area(frame.geometry.values)
            for row, area in zip(frame.itertuples(), areas, strict=True):
                if area <= SMALL_AREA or row.lat is None:
                    boxes.append(BBox.of(row.geometry.bounds))
                else:  # the place's own label point, inside the area
                    boxes.append(BBox(row.lon, row.lat, row.lon, row.lat))
        box = BBox.union(boxes)
        if box is None:
            return WORLD
        return box.padded(max(minimum, pad * box.span))

    @property
    def largest_count(self) -> int:
        """The highest mention count of any place drawn (1 when there is none)."""
        return max([int(frame["count"].max()) for _, frame in self if len(frame)] or [1])


def _finite(geometry) -> bool:
    import shapely

    coords = shapely.get_coordinates(geometry)
    return bool(len(coords)) and all(math.isfinite(v) for v in coords.ravel())


def _row(summary: PlaceSummary) -> dict:
    p = summary.place
    return {
        "place_id": p.place_id,
        "name": p.name,
        "kind": p.kind,
        "count": summary.count,
        "speakers": "; ".join(summary.speakers),
        "confidence": p.confidence,
        "country": p.country,
        "source": p.source,
        "inferred": p.inferred,
        "route_kind": p.route_kind,
        "route_status": p.route_status,
        "lat": p.lat,
        "lon": p.lon,
    }


def to_layers(doc: Document) -> Layers:
    """The document's places as three GeoDataFrames.

    Places that could not be geocoded have no geometry and are left out (they
    remain in ``doc.places``). A geometry that is invalid is repaired; one that
    is not finite is dropped.

    Examples
    --------
    >>> from regionmap import analyse
    >>> layers = to_layers(analyse("Talks\\nFrom Baku along the Rasht-Astara section to Iran."))
    >>> [(name, list(frame["name"])) for name, frame in layers]  # doctest: +NORMALIZE_WHITESPACE
    [('points', ['Baku']), ('lines', ['Rasht–Astara railway']), ('polygons', ['Iran'])]
    >>> layers.points.crs.to_epsg()
    4326
    """
    import geopandas as gpd
    import shapely
    from shapely.geometry import shape

    rows: dict[str, list[dict]] = {"points": [], "lines": [], "polygons": []}
    geoms: dict[str, list] = {"points": [], "lines": [], "polygons": []}
    for summary in doc.places:
        mapping = summary.place.geometry
        if mapping is None:
            continue
        geometry = shape(mapping)
        if not shapely.is_valid(geometry):
            geometry = shapely.make_valid(geometry)
        group = _GROUPS.get(geometry.geom_type)
        if group is None or not _finite(geometry):
            continue
        rows[group].append(_row(summary))
        geoms[group].append(geometry)
    frames = {
        group: gpd.GeoDataFrame(
            rows[group], columns=list(COLUMNS), geometry=geoms[group], crs="EPSG:4326"
        )
        for group in rows
    }
    return Layers(frames["points"], frames["lines"], frames["polygons"])
