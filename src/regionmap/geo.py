"""Geographic helpers in one place: bounding boxes, distances, clamping.

Longitudes and latitudes are WGS84 degrees; boxes are ``(west, south, east,
north)``. Web maps cannot show latitudes beyond about ±85°, so boxes meant for
a view are clamped there (:data:`VIEW_LAT`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["EARTH_RADIUS_KM", "VIEW_LAT", "WORLD", "BBox", "clamp", "distance_km"]

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
VIEW_LAT = 85.0


def clamp(value: float, low: float, high: float) -> float:
    """``value`` limited to ``[low, high]``.

    Examples
    --------
    >>> clamp(200.0, -180.0, 180.0), clamp(-3.0, 0.0, 1.0), clamp(0.5, 0.0, 1.0)
    (180.0, 0.0, 0.5)
    """
    return min(max(value, low), high)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres.

    Examples
    --------
    >>> round(distance_km(40.4093, 49.8671, 55.7522, 37.6156))  # Baku to Moscow
    1927
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class BBox:
    """A bounding box in degrees: ``west < east`` and ``south < north`` unless empty.

    Examples
    --------
    >>> box = BBox.union([BBox(40, 35, 50, 45), BBox(30, 40, 45, 50)])
    >>> box
    BBox(west=30, south=35, east=50, north=50)
    >>> box.padded(10).as_tuple()
    (20, 25, 60, 60)
    >>> BBox(-175, 80, 175, 89).padded(10).as_tuple()
    (-180.0, 70, 180.0, 85.0)
    """

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def of(cls, bounds: Iterable[float]) -> BBox:
        """From a ``(west, south, east, north)`` sequence (``total_bounds`` of a frame)."""
        west, south, east, north = (float(v) for v in bounds)
        return cls(west, south, east, north)

    @classmethod
    def union(cls, boxes: Iterable[BBox]) -> BBox | None:
        """The box around every box, or None when there are none."""
        boxes = list(boxes)
        if not boxes:
            return None
        return cls(
            min(b.west for b in boxes),
            min(b.south for b in boxes),
            max(b.east for b in boxes),
            max(b.north for b in boxes),
        )

    @classmethod
    def from_leaflet(cls, bounds: object) -> BBox | None:
        """The box of Leaflet's ``getBounds()`` as JSON (``{"_southWest": {"lat", "lng"},
        "_northEast": …}``), kept on the viewable globe; None when it is not one.

        Examples
        --------
        >>> BBox.from_leaflet({"_southWest": {"lat": -89, "lng": -200},
        ...                    "_northEast": {"lat": 50, "lng": 60}})
        BBox(west=-180.0, south=-85.0, east=60.0, north=50.0)
        >>> BBox.from_leaflet(None), BBox.from_leaflet({"_southWest": {"lat": "x"}})
        (None, None)
        """
        try:
            sw, ne = bounds["_southWest"], bounds["_northEast"]  # type: ignore[index]
            box = cls(
                clamp(float(sw["lng"]), -180.0, 180.0),
                clamp(float(sw["lat"]), -VIEW_LAT, VIEW_LAT),
                clamp(float(ne["lng"]), -180.0, 180.0),
                clamp(float(ne["lat"]), -VIEW_LAT, VIEW_LAT),
            )
        except (TypeError, KeyError, ValueError):
            return None
        return box if box.valid else None

    @property
    def span(self) -> float:
        """The larger of the width and the height, in degrees."""
        return max(self.east - self.west, self.north - self.south)

    @property
    def valid(self) -> bool:
        """Finite, on the globe, and not empty."""
        values = self.as_tuple()
        return (
            all(math.isfinite(v) for v in values)
            and -180 <= self.west < self.east <= 180
            and -90 <= self.south < self.north <= 90
        )

    def padded(self, margin: float, *, lat_limit: float = VIEW_LAT) -> BBox:
        """The box grown by ``margin`` degrees on each side, kept on the (viewable) globe."""
        return BBox(
            clamp(self.west - margin, -180.0, 180.0),
            clamp(self.south - margin, -lat_limit, lat_limit),
            clamp(self.east + margin, -180.0, 180.0),
            clamp(self.north + margin, -lat_limit, lat_limit),
        )

    def contains(self, lon: float, lat: float) -> bool:
        """True when the point lies inside or on the edge."""
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def as_tuple(self) -> tuple[float, float, float, float]:
        """``(west, south, east, north)``."""
        return (self.west, self.south, self.east, self.north)

    def leaflet(self) -> list[list[float]]:
        """``[[south, west], [north, east]]``, the order Leaflet's ``fitBounds`` takes."""
        return [[self.south, self.west], [self.north, self.east]]


WORLD = BBox(-180.0, -60.0, 180.0, 80.0)
"""The inhabited world: the view when there is nothing to frame."""
