"""A small fictional world in `sitrep/1` JSON: two outlets' tickers about unrest in the city of
Varnastadt, three fused events (one with disputed death tolls), and one hostile report."""

from __future__ import annotations

from typing import Any

HOSTILE_TEXT = (
    'Officials said <script>alert("ticker")</script> the square was calm. '
    '<img src=x onerror="alert(1)"> A <a href="javascript:alert(2)">link</a> &amp; &lt;b&gt;bold&lt;/b&gt; claims.'
)

R1 = "At least eight police officers were killed in clashes with armed men in Varnastadt, the Interior Ministry said."
R2 = "Eighteen police officers were killed in the clashes, state television reported."
R3 = "Thousands of protesters marched to the town hall in Varnastadt on Wednesday."
R4 = "The Varnastadt Herald reported that 12 people were killed on Tuesday; Radio Lenz said 15 were killed."


def _span(report_id: str, text: str, sentence: str) -> dict[str, Any]:
    start = text.index(sentence)
    return {"report_id": report_id, "start": start, "end": start + len(sentence), "text": sentence}


def _place(name: str, lat: float, lon: float) -> dict[str, Any]:
    return {
        "name": name,
        "country": "XV",
        "admin1": "Varna",
        "lat": lat,
        "lon": lon,
        "geonames_id": None,
        "precision": "city",
    }


def _claim(report_id: str, document_id: str, text: str, sentence: str, source: str) -> dict[str, Any]:
    return {
        "report_id": report_id,
        "document_id": document_id,
        "attribution": "reported",
        "sources": [{"name": source}],
        "evidence": [_span(report_id, text, sentence)],
    }


def _figure_claim(
    low: int, qualifier: str, report_id: str, document_id: str, time: str, source: str, text: str
) -> dict[str, Any]:
    return {
        "min": low,
        "max": None,
        "qualifier": qualifier,
        "document_id": document_id,
        "report_id": report_id,
        "time": time,
        "sources": [{"name": source}],
        "text": text,
    }


def event(event_id: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": event_id,
        "type": "FIGHT",
        "mode": None,
        "acled": {"event_type": "Battles", "sub_event_type": "Armed clash"},
        "summary": "",
        "date": "2031-03-04",
        "date_precision": "day",
        "location": _place("Varnastadt", 43.25, 76.92),
        "actors": [],
        "casualties": [],
        "sources": [],
        "attribution": "reported",
        "contested_terms": [],
        "details": {},
        "evidence": [],
        "confidence": 0.8,
        "documents": [],
        "claims": [],
        "figures": {},
    }
    base.update(fields)
    return base


def build_world() -> dict[str, list[dict[str, Any]]]:
    clash = event(
        "ev1",
        summary="armed men clashed with police in Varnastadt",
        actors=[
            {"name": "armed men", "role": "actor", "kind": "unidentified_armed_group"},
            {"name": "police", "role": "target", "kind": "police"},
        ],
        sources=[{"name": "Interior Ministry"}, {"name": "state television"}],
        documents=["herald", "courier"],
        claims=[
            _claim("herald-r1", "herald", R1, R1, "Interior Ministry"),
            _claim("courier-r1", "courier", R2, R2, "state television"),
        ],
        figures={
            "killed": {
                "latest": {"min": 18, "max": None, "qualifier": "exact"},
                "low": 8,
                "high": 18,
                "contradiction": False,
                "claims": [
                    _figure_claim(
                        8,
                        "at_least",
                        "herald-r1",
                        "herald",
                        "2031-03-04T10:00:00+02:00",
                        "Interior Ministry",
                        "At least eight",
                    ),
                    _figure_claim(
                        18,
                        "exact",
                        "courier-r1",
                        "courier",
                        "2031-03-04T16:00:00+02:00",
                        "state television",
                        "Eighteen",
                    ),
                ],
            }
        },
    )
    march = event(
        "ev2",
        type="PROTEST",
        acled={"event_type": "Protests", "sub_event_type": "Peaceful protest"},
        summary="thousands of protesters marched to the town hall",
        date="2031-03-05",
        location=_place("Varnastadt", 43.26, 76.95),
        actors=[{"name": "protesters", "role": "actor", "kind": "protesters"}],
        documents=["herald"],
        claims=[_claim("herald-r2", "herald", R3, R3, "Varnastadt Herald")],
        sources=[{"name": "Varnastadt Herald"}],
    )
    killing = event(
        "ev3",
        type="ASSAULT",
        acled={"event_type": "Violence against civilians", "sub_event_type": "Attack"},
        summary="people were killed in Lenzburg",
        date="2031-03-03",
        location=_place("Lenzburg", 44.1, 78.3),
        actors=[
            {"name": "gunmen", "role": "actor", "kind": "unidentified_armed_group"},
            {"name": "people", "role": "target", "kind": "civilians"},
        ],
        documents=["courier"],
        sources=[{"name": "Varnastadt Herald"}, {"name": "Radio Lenz"}],
        claims=[_claim("courier-r2", "courier", R4, R4, "Radio Lenz")],
        figures={
            "killed": {
                "latest": {"min": 15, "max": None, "qualifier": "exact"},
                "low": 12,
                "high": 15,
                "contradiction": True,
                "claims": [
                    _figure_claim(
                        12,
                        "exact",
                        "courier-r2",
                        "courier",
                        "2031-03-04T18:00:00+02:00",
                        "Varnastadt Herald",
                        "12 people",
                    ),
                    _figure_claim(
                        15, "exact", "courier-r2", "courier", "2031-03-04T18:00:00+02:00", "Radio Lenz", "15"
                    ),
                ],
            }
        },
    )

    def report(
        rid: str, doc: str, time: str, headline: str, text: str, claims: list[tuple[dict[str, Any], str]]
    ) -> dict[str, Any]:
        return {
            "id": rid,
            "document_id": doc,
            "time": time,
            "time_precision": "minute",
            "headline": headline,
            "text": text,
            "outlet": {"herald": "Varnastadt Herald", "courier": "Lenz Courier"}.get(doc, doc),
            "events": [
                {
                    "event_id": e["id"],
                    "type": e["type"],
                    "summary": e["summary"],
                    "evidence": [_span(rid, text, sentence)],
                    "casualties": [
                        {"outcome": o, "text": c["text"], "min": c["min"], "max": c["max"]}
                        for o, f in e["figures"].items()
                        for c in f["claims"]
                        if c["report_id"] == rid
                    ],
                }
                for e, sentence in claims
            ],
            "mentions": [],
        }

    reports = [
        report("herald-r1", "herald", "2031-03-04T10:00:00+02:00", "Deadly clashes", R1, [(clash, R1)]),
        report("courier-r1", "courier", "2031-03-04T16:00:00+02:00", "Toll rises", R2, [(clash, R2)]),
        report(
            "courier-r2", "courier", "2031-03-04T18:00:00+02:00", "Killings in Lenzburg", R4, [(killing, R4)]
        ),
        report("herald-r2", "herald", "2031-03-05T09:00:00+02:00", "March", R3, [(march, R3)]),
        report(
            "hostile-r1",
            "hostile",
            "2031-03-05T10:00:00+02:00",
            '<b onmouseover="alert(3)">Calm</b>',
            HOSTILE_TEXT,
            [],
        ),
    ]
    start = R1.index("Interior Ministry")
    reports[0]["mentions"] = [
        {
            "entity_id": "o1",
            "name": "Interior Ministry",
            "kind": "organization",
            "start": start,
            "end": start + 17,
        }
    ]
    entities = [
        {
            "id": "o1",
            "name": "Interior Ministry",
            "kind": "organization",
            "aliases": ["Ministry of the Interior"],
            "roles": [],
            "lat": None,
            "lon": None,
            "mentions": [],
        },
        {
            "id": "l1",
            "name": "Varnastadt",
            "kind": "place",
            "aliases": [],
            "roles": [],
            "lat": 43.25,
            "lon": 76.92,
            "mentions": [],
        },
    ]
    return {"events": [clash, march, killing], "reports": reports, "entities": entities}
