"""The reading view's data: what the browser needs to answer a click by itself.

:func:`reading_payload` turns a :class:`~regionmap.view.prepare.View` into one
JSON-ready mapping that travels with the map once: the places (with their
label anchors and bounds), the transcript's paragraphs, and every visible
mention as a handful of offsets into them. The browser builds the quotes, the
annotated transcript, the places list and the labels from it
(``assets/reading.js``), so a click needs no round trip to the server. Quote
sentences are not repeated per mention: each mention points at its sentence
inside its paragraph's text, which is sent once.
"""

from __future__ import annotations

from regionmap.render import style
from regionmap.view.prepare import View
from regionmap.vocab import PlaceKind, RouteKind

__all__ = ["reading_payload"]

_LINE_ANCHORS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)  # along a route, best first
_SMALL_AREA = 25.0  # square degrees: larger areas are labelled only when few labels compete


def _round(value: float) -> float:
    return round(float(value), 5)


def _geometry_facts(view: View) -> dict[str, dict]:
    """Per drawable place: its geometry type, label anchors, bounds and area."""
    facts: dict[str, dict] = {}
    for group, frame in view.layers:
        for row in frame.itertuples():
            geometry = row.geometry
            bounds = [_round(v) for v in geometry.bounds]
            if group == "points":
                anchors = [[_round(geometry.y), _round(geometry.x)]]
            elif group == "lines":
                points = [geometry.interpolate(f, normalized=True) for f in _LINE_ANCHORS]
                anchors = [[_round(p.y), _round(p.x)] for p in points]
            else:
                point = geometry.representative_point()
                anchors = [[_round(point.y), _round(point.x)]]
            facts[row.place_id] = {
                "geo": group[:-1] if group != "polygons" else "area",
                "anchors": anchors,
                "bounds": bounds,
                "area": round(float(geometry.area), 3) if group == "polygons" else 0.0,
            }
    return facts


def _place(summary, index: dict[str, dict]) -> dict:
    p = summary.place
    facts = index.get(p.place_id, {})
    line = facts.get("geo") == "line"
    area = facts.get("area") if facts.get("geo") == "area" else None
    return {
        "id": p.place_id,
        "name": p.name,
        "label": style.short_name(p.name),
        "kind": str(p.kind),
        "count": summary.count,
        "speakers": list(summary.speakers),
        "confidence": p.confidence,
        "ambiguous": p.ambiguous,
        "alternatives": [
            {"name": a.name, "country": a.country, "kind": str(a.kind), "score": a.score}
            for a in p.alternatives
        ],
        "source": p.source,
        "route_kind": None if p.route_kind is None else str(p.route_kind),
        "route_status": None if p.route_status is None else str(p.route_status),
        "inferred": p.inferred,
        "geo": facts.get("geo"),
        "anchors": facts.get("anchors", []),
        "bounds": facts.get("bounds"),
        "priority": style.label_priority(summary.count, line=line, area=area),
        "small": area is None or area < _SMALL_AREA,
    }


def _paragraphs(view: View) -> list[dict]:
    """Each paragraph's text, speaker and turn kind. ``label`` spans the speaker label
    as written at a turn's start; ``opens`` names the speaker of a turn that starts
    without one (the unlabelled lead), so the transcript shows who speaks."""
    t = view.transcript
    out = []
    for p in t.paragraphs:
        turn = t.turn(p.turn)
        first = turn is not None and turn.first_paragraph == p.number
        written = first and p.start <= turn.label_start < turn.label_end <= p.end
        label = [turn.label_start - p.start, turn.label_end - p.start] if written else None
        out.append(
            {
                "n": p.number,
                "start": p.start,
                "who": turn.speaker if turn else None,
                "turn": None if turn is None else str(turn.kind),
                "label": label,
                "opens": turn.speaker if first and not written and turn.speaker else None,
                "time": t.time_at(p.start) if t.times else None,
                "text": t.text[p.start : p.end],
            }
        )
    return out


def _mentions(view: View, place_index: dict[str, int], starts: list[int]) -> list[list[int]]:
    """``[paragraph, start, end, place, sentence start, sentence end, time]`` per
    visible mention, offsets relative to the paragraph's text, ``time`` in seconds
    or None; in text order."""
    import bisect

    out = []
    for m, q in zip(view.document.mentions, view.mention_quotes, strict=True):
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0:
            continue  # outside every paragraph (cannot happen for a segmented text)
        base = starts[i]
        sentence = q.start - q.mention_start
        out.append(
            [
                i,
                m.start - base,
                m.end - base,
                place_index[m.place.place_id],
                sentence - base,
                sentence + len(q.sentence) - base,
                m.time,
            ]
        )
    return out


def _legend(view: View) -> dict:
    kinds = [str(k) for k in PlaceKind if k in {s.place.kind for s in view.places}]
    routes = sorted(
        {(s.place.route_kind, s.place.inferred) for s in view.places if s.place.route_kind},
        key=lambda pair: (list(RouteKind).index(pair[0]), pair[1]),
    )
    return {
        "kinds": kinds,
        "routes": [
            {
                "label": "inferred route" if inferred else str(kind),
                "dash": style.dash_css(style.route_dash(kind, inferred=inferred)),
            }
            for kind, inferred in routes
        ],
    }


def reading_payload(view: View) -> dict:
    """Everything the reading view shows, as plain JSON-ready values.

    Examples
    --------
    >>> from regionmap import analyse, prepare
    >>> data = reading_payload(prepare(analyse("Talks\\nWe met in Baku. Baku is sunny.")))
    >>> [(p["name"], p["count"], p["geo"]) for p in data["places"]]
    [('Baku', 2, 'point')]
    >>> paragraph, start, end, place, s, e, time = data["mentions"][1]
    >>> text = data["paragraphs"][paragraph]["text"]
    >>> text[start:end], text[s:e]
    ('Baku', 'Baku is sunny.')
    """
    t = view.transcript
    facts = _geometry_facts(view)
    places = [_place(s, facts) for s in view.places]
    place_index = {p["id"]: i for i, p in enumerate(places)}
    paragraphs = _paragraphs(view)
    starts = [p["start"] for p in paragraphs]
    speakers = [s for s in dict.fromkeys(m.speaker for m in view.corrected.mentions) if s]
    return {
        "meta": {
            "title": t.title or t.source,
            "date": t.date.isoformat() if t.date else None,
            "place": t.place,
            "speakers": speakers,
            "mentions": len(view.document.mentions),
        },
        "colours": {str(k): c for k, c in style.KIND_COLOURS.items()},
        "highlight": style.HIGHLIGHT,
        "legend": _legend(view),
        "frame": view.layers.frame().leaflet(),
        "places": places,
        "paragraphs": paragraphs,
        "mentions": _mentions(view, place_index, starts),
    }
