#!/usr/bin/env python3
"""Verify the curated routes in geodata/routes.geojson.

Standalone: run with the project venv, ``.venv/bin/python scripts/check_routes.py``.

For every route feature it checks
  * ids are kebab-case, unique across both files, and equal to the feature's top-level id;
  * the required properties exist with allowed values (kind, status, aliases,
    source "curated: ...");
  * aliases are capitalised strings, not ordinary lower-case English words, and no
    alias (or name) belongs to two routes;
  * the geometry is a valid shapely LineString/MultiLineString with finite WGS84 coordinates
    (lon in [-180, 180], lat in [-90, 90]), at least 6 vertices, and no segment spanning more than
    20 degrees of longitude (so nothing wraps around the world);
  * the line passes within 25 km of each city listed for it in CHECKS (haversine distance
    to the line densified to ~1 km steps), and routes in ENDPOINTS start/end within 25 km
    of the given cities.

Prints one line per route and exits non-zero on any problem.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from pathlib import Path

import shapely
from shapely.geometry import shape

from regionmap.geo import distance_km

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
FILES = ("routes.geojson",)
REQUIRED = ("id", "name", "kind", "status", "aliases", "source")
KINDS = {"railway", "road", "pipeline", "corridor", "sea route"}
STATUSES = {"operating", "under construction", "proposed"}
MAX_KM = 25.0
STEP_KM = 1.0
MAX_DLON = 20.0
MIN_VERTICES = 6
MIN_CHECKS = 2  # every route is checked against at least this many cities
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"

# route id -> [(city, lat, lon)] the line must pass within MAX_KM of
CHECKS: dict[str, list[tuple[str, float, float]]] = {
    "instc-west": [
        ("Moscow", 55.7558, 37.6173),
        ("Astrakhan", 46.3497, 48.0408),
        ("Makhachkala", 42.9849, 47.5047),
        ("Baku", 40.4093, 49.8671),
        ("Astara", 38.4286, 48.8728),
        ("Rasht", 37.2808, 49.5832),
        ("Qazvin", 36.2797, 50.0049),
        ("Tehran", 35.6892, 51.3890),
        ("Bandar Abbas", 27.1832, 56.2666),
    ],
    "rasht-astara-railway": [("Rasht", 37.2808, 49.5832), ("Astara", 38.4286, 48.8728)],
    "lachin-corridor": [
        ("Khankendi", 39.8177, 46.7528),
        ("Lachin", 39.6374, 46.5498),
        ("Goris", 39.5111, 46.3417),
    ],
    "zangezur-corridor": [
        ("Horadiz", 39.4502, 47.335),
        ("Meghri", 38.9012, 46.2431),
        ("Ordubad", 38.9096, 46.0227),
        ("Julfa", 38.954, 45.6296),
        ("Nakhchivan", 39.2089, 45.4122),
    ],
    "horadiz-agbend-julfa-railway": [
        ("Horadiz", 39.4502, 47.335),
        ("Meghri", 38.9012, 46.2431),
        ("Julfa", 38.954, 45.6296),
    ],
    "lobito-corridor": [
        ("Lobito", -12.3644, 13.536),
        ("Benguela", -12.5767, 13.4027),
        ("Huambo", -12.7761, 15.7392),
        ("Kuito", -12.3833, 16.9333),
        ("Luena", -11.7833, 19.9167),
        ("Luau", -10.7073, 22.2247),
    ],
    "btc-pipeline": [
        ("Sangachal", 40.1699, 49.4639),
        ("Tbilisi", 41.6914, 44.8341),
        ("Akhaltsikhe", 41.6395, 42.986),
        ("Ardahan", 41.1087, 42.7022),
        ("Erzurum", 39.9086, 41.2769),
        ("Erzincan", 39.7392, 39.4901),
        ("Ceyhan", 37.0247, 35.8175),
    ],
    "btk-railway": [
        ("Baku", 40.3777, 49.892),
        ("Ganja", 40.6816, 46.3613),
        ("Tbilisi", 41.6914, 44.8341),
        ("Akhalkalaki", 41.4051, 43.4863),
        ("Kars", 40.5983, 43.0855),
    ],
    "south-caucasus-pipeline": [
        ("Sangachal", 40.1699, 49.4639),
        ("Tbilisi", 41.6914, 44.8341),
        ("Akhaltsikhe", 41.6395, 42.986),
        ("Erzurum", 39.9086, 41.2769),
    ],
    "tanap": [
        ("Ardahan", 41.1087, 42.7022),
        ("Erzurum", 39.9086, 41.2769),
        ("Yozgat", 39.82, 34.8044),
        ("Eskişehir", 39.7767, 30.5206),
        ("Balıkesir", 39.6492, 27.8861),
        ("İpsala", 40.9211, 26.3827),
    ],
    "tap": [
        ("Komotini", 41.1176, 25.4059),
        ("Kavala", 40.9396, 24.4069),
        ("Thessaloniki", 40.6407, 22.9349),
        ("Korçë", 40.6186, 20.7808),
        ("Fier", 40.7251, 19.5582),
        ("Melendugno", 40.2725, 18.338),
    ],
    "southern-gas-corridor": [
        ("Sangachal", 40.1699, 49.4639),
        ("Tbilisi", 41.6914, 44.8341),
        ("Erzurum", 39.9086, 41.2769),
        ("Eskişehir", 39.7767, 30.5206),
        ("İpsala", 40.9211, 26.3827),
        ("Thessaloniki", 40.6407, 22.9349),
        ("Fier", 40.7251, 19.5582),
        ("Melendugno", 40.2725, 18.338),
    ],
    "middle-corridor": [
        ("Xi'an", 34.2583, 108.9286),
        ("Urumqi", 43.801, 87.6005),
        ("Khorgos", 44.2234, 80.3852),
        ("Almaty", 43.2525, 76.9115),
        ("Kyzylorda", 44.8528, 65.5092),
        ("Aktau", 43.6611, 51.1739),
        ("Baku", 40.3777, 49.892),
        ("Tbilisi", 41.6914, 44.8341),
        ("Kars", 40.5983, 43.0855),
        ("Ankara", 39.9199, 32.8543),
        ("Istanbul", 41.0138, 28.9497),
    ],
    "nord-stream": [
        ("Ust-Luga", 59.6675, 28.2871),
        ("Lubmin", 54.1351, 13.6169),
        ("Greifswald", 54.0891, 13.4024),
        ("Portovaya (near Vyborg)", 60.55, 28.09),
    ],
    "turkstream": [
        ("Anapa", 44.895, 37.3162),
        ("Kıyıköy", 41.6337, 28.0948),
        ("Lüleburgaz", 41.4017, 27.3575),
    ],
    "blue-stream": [
        ("Dzhubga", 44.3211, 38.7073),
        ("Samsun", 41.2798, 36.3361),
        ("Ankara", 39.9199, 32.8543),
    ],
    "druzhba-pipeline": [
        ("Almetyevsk", 54.904, 52.3179),
        ("Samara", 53.2077, 50.1355),
        ("Unecha", 52.8429, 32.6876),
        ("Mozyr", 52.0416, 29.2163),
        ("Płock", 52.5468, 19.7064),
        ("Schwedt", 53.0596, 14.2815),
        ("Brody", 50.0885, 25.1461),
        ("Uzhhorod", 48.6242, 22.2947),
        ("Bratislava", 48.1482, 17.1067),
        ("Százhalombatta", 47.3295, 18.9388),
    ],
    "yamal-europe-pipeline": [
        ("Torzhok", 57.0436, 34.9622),
        ("Smolensk", 54.7783, 32.0509),
        ("Minsk", 53.9002, 27.5665),
        ("Włocławek", 52.6482, 19.0678),
        ("Frankfurt (Oder)", 52.3471, 14.5506),
    ],
    "brotherhood-pipeline": [
        ("Novy Urengoy", 66.0833, 76.6333),
        ("Izhevsk", 56.8522, 53.1986),
        ("Kursk", 51.7269, 36.1846),
        ("Sudzha", 51.191, 35.271),
        ("Zhmerynka", 49.0352, 28.114),
        ("Uzhhorod", 48.6242, 22.2947),
    ],
    "cpc-pipeline": [
        ("Tengiz field", 46.15, 53.38),
        ("Atyrau", 47.1048, 51.8843),
        ("Kropotkin", 45.4372, 40.5704),
        ("Novorossiysk", 44.7319, 37.7618),
    ],
    "power-of-siberia": [
        ("Chayanda field", 60.1, 111.5),
        ("Lensk", 60.7238, 114.9345),
        ("Aldan", 58.6123, 125.4),
        ("Tynda", 55.1494, 124.7368),
        ("Svobodny", 51.375, 128.1401),
        ("Blagoveshchensk", 50.2759, 127.5264),
        ("Heihe", 50.2441, 127.4902),
    ],
    "power-of-siberia-2": [
        ("Sükhbaatar", 50.2314, 106.2078),
        ("Ulaanbaatar", 47.9077, 106.8832),
        ("Sainshand", 44.8824, 110.1163),
        ("Erenhot", 43.6475, 111.9767),
    ],
    "trans-siberian-railway": [
        ("Moscow", 55.752, 37.6178),
        ("Kirov", 58.5981, 49.6578),
        ("Perm", 58.0105, 56.2502),
        ("Yekaterinburg", 56.8573, 60.6153),
        ("Omsk", 54.9924, 73.3686),
        ("Novosibirsk", 55.0226, 82.9317),
        ("Krasnoyarsk", 56.0374, 92.9314),
        ("Irkutsk", 52.2957, 104.2908),
        ("Ulan-Ude", 51.8265, 107.5998),
        ("Chita", 52.0431, 113.4917),
        ("Khabarovsk", 48.462, 135.0971),
        ("Vladivostok", 43.1056, 131.8735),
    ],
    "baikal-amur-mainline": [
        ("Tayshet", 55.9328, 97.9896),
        ("Bratsk", 56.1325, 101.6142),
        ("Ust-Kut", 56.7979, 105.7866),
        ("Severobaykalsk", 55.6383, 109.3271),
        ("Tynda", 55.1494, 124.7368),
        ("Komsomolsk-on-Amur", 50.5503, 137.01),
        ("Vanino", 49.0982, 140.2521),
        ("Sovetskaya Gavan", 48.97, 140.28),
    ],
    "espo-pipeline": [
        ("Tayshet", 55.9328, 97.9896),
        ("Ust-Kut", 56.7979, 105.7866),
        ("Lensk", 60.7238, 114.9345),
        ("Tynda", 55.1494, 124.7368),
        ("Skovorodino", 53.9837, 123.9401),
        ("Khabarovsk", 48.462, 135.0971),
        ("Nakhodka", 42.8436, 132.9183),
        ("Mohe", 52.971, 122.5263),
        ("Daqing", 46.5833, 125.0),
    ],
    "northern-sea-route": [
        ("Murmansk", 68.9678, 33.0992),
        ("Dikson", 73.5082, 80.5292),
        ("Tiksi", 71.6907, 128.8652),
        ("Pevek", 69.7028, 170.3071),
        ("Provideniya", 64.4229, -173.2264),
    ],
    "karakoram-highway": [
        ("Kashgar", 39.4672, 75.9868),
        ("Tashkurgan", 37.7776, 75.2248),
        ("Khunjerab Pass", 36.85, 75.42),
        ("Gilgit", 35.9187, 74.3124),
        ("Chilas", 35.4129, 74.1041),
        ("Abbottabad", 34.1463, 73.2117),
        ("Hasan Abdal", 33.82, 72.69),
    ],
    "cpec": [
        ("Kashgar", 39.4672, 75.9868),
        ("Gilgit", 35.9187, 74.3124),
        ("Islamabad", 33.7215, 73.0433),
        ("Dera Ismail Khan", 31.8313, 70.9017),
        ("Quetta", 30.1841, 67.0014),
        ("Turbat", 26.0012, 63.0485),
        ("Gwadar", 25.1216, 62.3254),
    ],
    "central-asia-china-gas-pipeline": [
        ("Galkynysh field", 37.35, 62.4),
        ("Türkmenabat", 39.0733, 63.5786),
        ("Bukhara", 39.7703, 64.4307),
        ("Samarkand", 39.6546, 66.9644),
        ("Shymkent", 42.3099, 69.6004),
        ("Taraz", 42.898, 71.3733),
        ("Khorgos", 44.2234, 80.3852),
    ],
    "tapi-pipeline": [
        ("Galkynysh field", 37.35, 62.4),
        ("Serhetabat", 35.2799, 62.3438),
        ("Herat", 34.3482, 62.1997),
        ("Kandahar", 31.6133, 65.7101),
        ("Quetta", 30.1841, 67.0014),
        ("Multan", 30.1968, 71.4782),
        ("Fazilka", 30.4021, 74.0284),
    ],
    "trans-afghan-railway": [
        ("Termez", 37.2242, 67.2783),
        ("Mazar-i-Sharif", 36.709, 67.1109),
        ("Kabul", 34.5281, 69.1723),
        ("Peshawar", 34.008, 71.5785),
    ],
    "trans-caspian-gas-pipeline": [
        ("Türkmenbaşy", 40.0222, 52.9552),
        ("Sangachal", 40.1699, 49.4639),
    ],
    "instc-east": [
        ("Astrakhan", 46.3497, 48.0408),
        ("Atyrau", 47.1048, 51.8843),
        ("Beyneu", 45.3167, 55.2),
        ("Zhanaozen", 43.3412, 52.8619),
        ("Bereket", 39.2446, 55.5154),
        ("Gorgan", 36.8427, 54.4439),
        ("Tehran", 35.6944, 51.4215),
        ("Bandar Abbas", 27.1865, 56.2808),
    ],
    "instc-caspian": [
        ("Astrakhan", 46.3497, 48.0408),
        ("Bandar Anzali", 37.4732, 49.4579),
        ("Amirabad", 36.86, 53.37),
    ],
    "imec": [
        ("Mumbai", 19.0728, 72.8826),
        ("Fujairah", 25.1164, 56.3414),
        ("Abu Dhabi", 24.4512, 54.397),
        ("Riyadh", 24.6877, 46.7219),
        ("Ha'il", 27.5219, 41.6907),
        ("Zarqa", 32.0727, 36.088),
        ("Haifa", 32.813, 34.9993),
        ("Piraeus", 37.942, 23.6462),
    ],
    "hejaz-railway": [
        ("Damascus", 33.5102, 36.2913),
        ("Daraa", 32.6189, 36.1021),
        ("Amman", 31.9552, 35.945),
        ("Ma'an", 30.1962, 35.7341),
        ("Tabuk", 28.3998, 36.5715),
        ("Al-Ula", 26.61, 37.92),
        ("Medina", 24.4686, 39.6142),
    ],
    "kirkuk-ceyhan-pipeline": [
        ("Kirkuk", 35.4681, 44.3922),
        ("Baiji", 34.9291, 43.4888),
        ("Mosul", 36.335, 43.1189),
        ("Silopi", 37.2438, 42.4635),
        ("Şanlıurfa", 37.1671, 38.7939),
        ("Ceyhan", 37.0247, 35.8175),
    ],
    "iraq-development-road": [
        ("Grand Faw port", 29.9, 48.55),
        ("Basra", 30.5085, 47.7804),
        ("Baghdad", 33.3406, 44.4009),
        ("Mosul", 36.335, 43.1189),
        ("Silopi", 37.2438, 42.4635),
    ],
    "eacop": [
        ("Hoima", 1.4331, 31.3524),
        ("Mubende", 0.5585, 31.3949),
        ("Kyotera", -0.6156, 31.5175),
        ("Biharamulo", -2.6319, 31.3089),
        ("Singida", -4.8163, 34.7436),
        ("Tanga", -5.0689, 39.0988),
    ],
    "kenya-sgr": [
        ("Mombasa", -4.0547, 39.6636),
        ("Voi", -3.396, 38.5561),
        ("Athi River", -1.4563, 36.9783),
        ("Nairobi", -1.2833, 36.8167),
        ("Mai Mahiu", -1.02, 36.59),
    ],
    "addis-ababa-djibouti-railway": [
        ("Addis Ababa", 9.025, 38.7469),
        ("Adama", 8.55, 39.2667),
        ("Dire Dawa", 9.5931, 41.8661),
        ("Ali Sabieh", 11.1558, 42.7125),
        ("Djibouti", 11.589, 43.145),
    ],
    "tazara-railway": [
        ("Dar es Salaam", -6.8235, 39.2695),
        ("Ifakara", -8.1333, 36.6833),
        ("Mbeya", -8.9, 33.45),
        ("Nakonde", -9.3421, 32.745),
        ("Kasama", -10.2129, 31.1808),
        ("Kapiri Mposhi", -13.9715, 28.6699),
    ],
    "trans-saharan-gas-pipeline": [
        ("Warri", 5.5174, 5.7501),
        ("Abuja", 9.0579, 7.4951),
        ("Kano", 12.0001, 8.5167),
        ("Zinder", 13.8072, 8.9881),
        ("Agadez", 16.9733, 7.9911),
        ("Tamanrasset", 22.785, 5.5228),
        ("Hassi R'Mel", 32.93, 3.27),
    ],
    "nigeria-morocco-gas-pipeline": [
        ("Lagos", 6.4541, 3.3947),
        ("Accra", 5.556, -0.1969),
        ("Abidjan", 5.3544, -4.0017),
        ("Dakar", 14.6937, -17.4441),
        ("Nouakchott", 18.0858, -15.9785),
        ("Dakhla", 23.6848, -15.958),
        ("Casablanca", 33.5883, -7.6114),
        ("Tangier", 35.7673, -5.7998),
    ],
    "china-laos-railway": [
        ("Kunming", 25.0389, 102.7183),
        ("Pu'er", 22.7886, 100.9748),
        ("Jinghong", 22.0026, 100.7697),
        ("Boten", 21.1764, 101.6656),
        ("Luang Prabang", 19.8933, 102.1525),
        ("Vang Vieng", 18.9235, 102.4478),
        ("Vientiane", 17.9667, 102.6),
    ],
    "jakarta-bandung-hsr": [
        ("Jakarta", -6.2146, 106.8451),
        ("Bekasi", -6.2349, 106.9896),
        ("Karawang", -6.3053, 107.3197),
        ("Padalarang", -6.8378, 107.4728),
        ("Bandung", -6.9222, 107.6069),
    ],
}

# route id -> ((start city, lat, lon), (end city, lat, lon)): first/last vertex within MAX_KM
ENDPOINTS: dict[str, tuple[tuple[str, float, float], tuple[str, float, float]]] = {
    "rasht-astara-railway": (("Rasht", 37.2808, 49.5832), ("Astara", 38.4286, 48.8728)),
}


def parts_of(geom: dict) -> list[list[list[float]]]:
    if geom["type"] == "LineString":
        return [geom["coordinates"]]
    return list(geom["coordinates"])


def distance_to_line_km(lat: float, lon: float, parts: list) -> float:
    """Haversine distance from a point to the nearest point of the line, the line
    densified in lon/lat (as it is drawn) to ~STEP_KM steps."""
    best = math.inf
    for part in parts:
        for (lon1, lat1), (lon2, lat2) in itertools.pairwise(part):
            d1 = distance_km(lat, lon, lat1, lon1)
            seg = distance_km(lat1, lon1, lat2, lon2)
            if d1 - seg > best:  # no point of this segment can be closer
                continue
            n = max(1, math.ceil(seg / STEP_KM))
            for i in range(n + 1):
                t = i / n
                d = distance_km(lat, lon, lat1 + t * (lat2 - lat1), lon1 + t * (lon2 - lon1))
                if d < best:
                    best = d
    return best


def alias_key(alias: str) -> str:
    return re.sub(f"[{DASHES}]", "-", alias).casefold().strip()


def load_words() -> frozenset[str]:
    path = GEODATA / "english_words.txt"
    if not path.is_file():
        return frozenset()
    return frozenset(
        w.strip().casefold()
        for w in path.read_text(encoding="utf-8").splitlines()
        if w.strip() and not w.startswith("#")
    )


def check_geometry(geom: dict | None) -> list[str]:
    problems: list[str] = []
    if not isinstance(geom, dict) or geom.get("type") not in ("LineString", "MultiLineString"):
        return [
            f"geometry must be a LineString or MultiLineString, got {geom and geom.get('type')!r}"
        ]
    try:
        line = shape(geom)
    except Exception as exc:  # report any parse failure
        return [f"geometry does not parse: {exc}"]
    if line.is_empty:
        return ["geometry is empty"]
    if not shapely.is_valid(line):
        problems.append(f"invalid geometry: {shapely.is_valid_reason(line)}")
    if line.length <= 0:
        problems.append("geometry has zero length")
    vertices = 0
    for k, part in enumerate(parts_of(geom)):
        if len(part) < 2:
            problems.append(f"part {k} has fewer than 2 vertices")
        for pt in part:
            vertices += 1
            if len(pt) < 2 or not all(
                isinstance(v, (int, float)) and math.isfinite(v) for v in pt[:2]
            ):
                problems.append(f"non-finite coordinate {pt!r}")
                continue
            lon, lat = pt[0], pt[1]
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                problems.append(f"coordinate out of range [lon, lat] = {pt!r}")
        for a, b in itertools.pairwise(part):
            if abs(b[0] - a[0]) > MAX_DLON:
                problems.append(
                    f"segment {a!r} -> {b!r} spans {abs(b[0] - a[0]):.1f} degrees of longitude"
                )
    if vertices < MIN_VERTICES:
        problems.append(f"only {vertices} vertices (need >= {MIN_VERTICES})")
    return problems


def check_properties(feature: dict, words: frozenset[str]) -> list[str]:
    problems: list[str] = []
    p = feature.get("properties") or {}
    missing = [k for k in REQUIRED if k not in p]
    if missing:
        problems.append(f"missing properties {missing}")
    rid = p.get("id")
    if not isinstance(rid, str) or not ID_RE.match(rid):
        problems.append(f"id {rid!r} is not kebab-case")
    if feature.get("id") != rid:
        problems.append(f"top-level id {feature.get('id')!r} differs from properties.id {rid!r}")
    if not isinstance(p.get("name"), str) or not p["name"].strip():
        problems.append("name must be a non-empty string")
    if p.get("kind") not in KINDS:
        problems.append(f"kind {p.get('kind')!r} not in {sorted(KINDS)}")
    if p.get("status") not in STATUSES:
        problems.append(f"status {p.get('status')!r} not in {sorted(STATUSES)}")
    source = p.get("source")
    if (
        not isinstance(source, str)
        or not source.startswith("curated: ")
        or len(source) <= len("curated: ")
    ):
        problems.append("source must be a string starting 'curated: '")
    aliases = p.get("aliases")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append("aliases must be a list of non-empty strings")
    else:
        for a in aliases:
            if not a[0].isupper():
                problems.append(f"alias {a!r} does not start with a capital letter")
            if " " not in a and not a.isupper() and a.casefold() in words:
                problems.append(f"alias {a!r} is an ordinary English word")
        if len(aliases) != len(set(aliases)):
            problems.append("aliases repeat")
    return problems


def main() -> int:
    words = load_words()
    features: list[tuple[str, dict]] = []
    failed = False
    for name in FILES:
        path = GEODATA / name
        try:
            collection = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"FAIL {name}: cannot load: {exc}")
            failed = True
            continue
        if collection.get("type") != "FeatureCollection" or not collection.get("features"):
            print(f"FAIL {name}: not a non-empty FeatureCollection")
            failed = True
            continue
        features += [(name, f) for f in collection["features"]]

    ids: dict[str, str] = {}
    alias_owner: dict[str, str] = {}
    problems_by: dict[int, list[str]] = {}
    for i, (name, f) in enumerate(features):
        p = f.get("properties") or {}
        rid = p.get("id")
        problems = check_properties(f, words)
        if rid in ids:
            problems.append(f"id {rid!r} already used in {ids[rid]}")
        else:
            ids[rid] = name
        for form in [p.get("name"), *(p.get("aliases") or [])]:
            if not isinstance(form, str):
                continue
            key = alias_key(form)
            owner = alias_owner.setdefault(key, rid)
            if owner != rid:
                problems.append(f"name/alias {form!r} also belongs to {owner!r}")
        geom_problems = check_geometry(f.get("geometry"))
        problems += geom_problems
        if not geom_problems:
            parts = parts_of(f["geometry"])
            checks = CHECKS.get(rid, [])
            if len(checks) < MIN_CHECKS:
                problems.append(f"CHECKS lists {len(checks)} cities (need >= {MIN_CHECKS})")
            for city, lat, lon in checks:
                d = distance_to_line_km(lat, lon, parts)
                if d > MAX_KM:
                    problems.append(f"passes {d:.1f} km from {city} (max {MAX_KM:g})")
            if rid in ENDPOINTS:
                (c1, la1, lo1), (c2, la2, lo2) = ENDPOINTS[rid]
                first, last = parts[0][0], parts[-1][-1]
                d1 = distance_km(la1, lo1, first[1], first[0])
                d2 = distance_km(la2, lo2, last[1], last[0])
                if d1 > MAX_KM:
                    problems.append(f"starts {d1:.1f} km from {c1}")
                if d2 > MAX_KM:
                    problems.append(f"ends {d2:.1f} km from {c2}")
        problems_by[i] = problems

    for rid in sorted(set(CHECKS) - set(ids)):
        print(f"FAIL {rid}: in CHECKS but in neither file")
        failed = True
    for i, (name, f) in enumerate(features):
        rid = (f.get("properties") or {}).get("id")
        problems = problems_by[i]
        if problems:
            failed = True
            print(f"FAIL {rid} ({name}): " + "; ".join(problems))
        else:
            n = len(CHECKS.get(rid, []))
            print(f"ok   {rid} ({name}): {n} cities within {MAX_KM:g} km")
    print(f"{len(features)} routes, {'problems found' if failed else 'all ok'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
