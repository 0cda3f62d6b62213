"""The report's sentences from hand-made events (no model): a place said once, actors and sources
by their clean names, international reactions only from abroad, day ranges, key points chosen
from evidence without repeats."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sitrep.report import templates as t
from sitrep.report.brief import build_brief, is_international
from sitrep.report.keypoints import key_points, shorten
from sitrep.vocab import BriefSection


def event(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "f1",
        "type": "ASSAULT",
        "date": "2024-06-25",
        "date_to": "2024-06-25",
        "location": {"name": "Nairobi", "country": "KE", "precision": "city"},
        "actors": [],
        "sources": [],
        "evidence": [],
        "claims": [],
        "figures": {},
        "documents": ["d1"],
        "attribution": "asserted",
    }
    return {**base, **fields}


def actor(
    name: str, role: str, kind: str, entity_id: str | None = "e1", aliases: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {"name": name, "role": role, "kind": kind, "entity_id": entity_id, "aliases": list(aliases)}


def test_a_target_holding_the_place_is_not_followed_by_it_again() -> None:
    storming = event(
        actors=[
            actor("protesters", "actor", "protesters"),
            actor("parliament building in Nairobi", "target", "government", None),
        ]
    )
    assert t.where_and_what(storming) == "Protesters attacked the parliament building in Nairobi"
    assert t.place_phrase(storming, "the parliament building in Nairobi") == ""
    assert t.place_phrase(storming) == "in Nairobi"


def test_unidentified_noun_chunks_and_long_phrases_are_not_named_as_actors() -> None:
    talks = event(
        type="COERCE",
        mode="restrict",
        actors=[
            actor("Subject of the conversation", "actor", "unidentified", None),
            actor("public prosecutor's office in the authoritarian country", "target", "government", None),
        ],
    )
    assert t.event_phrase(talks) == "Restrictions were imposed"
    borrell = event(
        type="DISAPPROVE",
        actors=[
            actor("Josep Borrell", "actor", "igo"),
            actor("public prosecutor's office in the authoritarian country", "target", "government", None),
        ],
    )
    assert t.event_phrase(borrell) == "Josep Borrell voiced disapproval"


def test_a_source_read_as_a_noun_chunk_goes_by_its_entitys_name() -> None:
    csto = event(
        type="MOBILIZE",
        actors=[
            actor(
                "Collective Security Treaty Organization",
                "actor",
                "igo",
                "o1",
                ("CSTO", "Russia The led military alliance"),
            )
        ],
    )
    said = {"sources": [{"name": "One of Russia The led military alliance", "kind": "igo", "via": None}]}
    assert t.source_words(said, csto) == "Collective Security Treaty Organization"
    bare = {"sources": [{"name": "alliance", "kind": "igo", "via": None}]}
    assert t.source_words(bare, csto) == "Collective Security Treaty Organization"
    other = {"sources": [{"name": "Interior Ministry", "kind": "government", "via": "Khabar 24"}]}
    assert t.source_words(other, csto) == "Interior Ministry via Khabar 24"


def test_day_ranges_read_as_a_person_writes_them() -> None:
    assert t.days({"date": "2022-01-05", "date_to": "2022-01-06"}) == "5–6 January 2022"
    assert t.days({"date": "2022-01-30", "date_to": "2022-02-02"}) == "30 January – 2 February 2022"
    assert t.days({"date": "2021-12-31", "date_to": "2022-01-01"}) == "31 December 2021 – 1 January 2022"
    assert t.days({"date": "2022-01-05", "date_to": "2022-01-05"}) == "5 January 2022"


def test_statements_at_home_are_not_international_reactions() -> None:
    crisis = {"KE"}
    ruto = event(type="DISAPPROVE", actors=[actor("William Ruto", "actor", "government")])
    guterres = event(
        type="DEMAND",
        actors=[
            actor(
                "Antonio Guterres",
                "actor",
                "person",
                aliases=("United Nations Secretary-General Antonio Guterres",),
            )
        ],
    )
    borrell = event(type="DISAPPROVE", actors=[actor("Josep Borrell", "actor", "igo")])
    blinken = event(
        type="SUPPORT",
        location={"name": "United States", "country": "US", "precision": "country"},
        actors=[actor("Antony Blinken", "actor", "government")],
    )
    assert not is_international(ruto, crisis)
    assert is_international(guterres, crisis) and is_international(borrell, crisis)
    assert is_international(blinken, crisis)
    violent = event(id="f9", actors=[actor("police", "actor", "police")])
    brief = build_brief([violent, {**ruto, "id": "f2"}, {**guterres, "id": "f3"}], datetime.now(UTC))
    assert [s.citations[0].event_id for s in brief.section(BriefSection.REACTIONS)] == ["f3"]


def claim(report: str, text: str, time: str, sources: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    span = {"report_id": report, "text": text}
    return {
        "report_id": report,
        "time": time,
        "sources": sources or [],
        "evidence": [span],
        "superseded": False,
    }


def test_key_points_take_the_newest_figure_first_and_leave_out_repeats() -> None:
    ministry = [{"name": "Interior Ministry", "kind": "government", "via": None}]
    old = "Eight members of the security forces were killed in Almaty, the Interior Ministry said."
    new = "At least 26 members of the security forces have been killed in Almaty, the Interior Ministry said."
    repeat = "At least 26 members of the security forces were killed in Almaty overnight."
    deaths = event(
        id="f1",
        claims=[
            claim("r1", old, "2022-01-06T10:00:00+00:00", ministry),
            claim("r2", repeat, "2022-01-06T21:00:00+00:00"),
        ],
        figures={
            "killed": {
                "low": 8,
                "high": 26,
                "claims": [
                    {
                        "min": 8,
                        "text": old,
                        "time": "2022-01-06T10:00:00+00:00",
                        "sources": ministry,
                        "report_id": "r1",
                    },
                    {
                        "min": 26,
                        "text": new,
                        "time": "2022-01-06T20:00:00+00:00",
                        "sources": ministry,
                        "report_id": "r3",
                    },
                ],
            }
        },
    )
    talks = event(
        id="f2",
        type="CONSULT",
        claims=[
            claim(
                "r4", "They spoke for an hour about the crisis in the country.", "2022-01-06T12:00:00+00:00"
            ),
            claim(
                "r4",
                "Antony Blinken telephoned Kazakh foreign minister Muchtar Tleuberdi.",
                "2022-01-06T12:00:00+00:00",
                [{"name": "Foreign Ministry", "kind": "government", "via": None}],
            ),
        ],
    )
    points = key_points([talks, deaths], {"f1": 20.0, "f2": 3.0}, None)
    texts = [p.text for p in points]
    assert texts[0] == new
    assert repeat not in texts, "says what the first point says"
    assert not any(p.startswith("They ") for p in texts), "leans on a sentence it does not carry"
    assert "Antony Blinken telephoned Kazakh foreign minister Muchtar Tleuberdi (Foreign Ministry)." in texts
    assert old not in texts, "the older figure's sentence says what the newer one says"
    assert len(key_points([talks, deaths], {"f1": 20.0, "f2": 3.0}, 1)) == 1


def test_a_reaction_is_quoted_under_its_speakers_name_and_its_place_is_no_unknown() -> None:
    violent = event(id="f9", actors=[actor("police", "actor", "police")], figures={})
    statement = event(
        id="f2",
        type="DEMAND",
        location={"name": "United States", "country": "US", "precision": "country"},
        actors=[actor("Antony Blinken", "actor", "government")],
        evidence=[{"report_id": "r1", "text": "He also spoke out in favor of a peaceful solution."}],
    )
    brief = build_brief([violent, statement], datetime.now(UTC))
    [reaction] = brief.section(BriefSection.REACTIONS)
    assert (
        reaction.text == "Antony Blinken (25 June 2024): “He also spoke out in favor of a peaceful solution.”"
    )
    assert not any("Where exactly" in s.text for s in brief.section(BriefSection.UNKNOWN))


def test_a_figure_with_no_source_is_the_documents_own_unattributed_word() -> None:
    assert t.source_words({"sources": [], "document_id": "caspian-wire"}) == "caspian-wire, unattributed"
    assert t.source_words({"sources": []}) == "an unnamed source"
    assert (
        t.source_words({"sources": [{"name": "Khabar 24", "kind": "media"}], "document_id": "x"})
        == "Khabar 24"
    )


def figure_claim(n: int, qualifier: str, group: str, words: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "min": n,
        "max": n if qualifier == "exact" else None,
        "qualifier": qualifier,
        "group": group,
        "words": words,
        "text": text,
        "time": "2026-11-29T23:55:00+00:00",
        "sources": [],
        "document_id": "blog",
        **extra,
    }


def test_a_part_of_a_figure_is_no_end_of_its_range_and_groups_are_not_one_range() -> None:
    said = "It said 32 police officers had been injured, three of them hospitalised."
    hurt = event(
        figures={
            "injured": {
                "low": 3,
                "high": 32,
                "contradiction": True,
                "claims": [
                    figure_claim(32, "exact", "police officers", "32", said),
                    figure_claim(3, "exact", "police officers", "three", said),
                    figure_claim(20, "at_least", "protesters", "At least 20", "At least 20"),
                ],
            },
            "killed": {
                "low": 14,
                "high": 26,
                "claims": [
                    figure_claim(
                        26, "exact", "people", "26", "The death toll has risen to 26, including 14 soldiers."
                    ),
                    figure_claim(
                        14,
                        "exact",
                        "soldiers",
                        "14",
                        "The death toll has risen to 26, including 14 soldiers.",
                    ),
                ],
            },
        }
    )
    brief = build_brief([hurt], datetime.now(UTC))
    figures = [s.text for s in brief.section(BriefSection.HEADLINE)]
    assert figures[0].startswith("26 people killed in Nairobi"), figures
    assert not any("14" in f for f in figures), "14 soldiers are among the 26"
    assert any(f.startswith("32 police officers injured") for f in figures), figures
    assert any(f.startswith("At least 20 protesters injured") for f in figures), figures
    assert not any("3 to 32" in f or "contradict" in f for f in figures), figures
    assert not brief.section(BriefSection.CONTESTED)


def test_framing_is_told_under_the_named_speaker_who_used_the_words() -> None:
    storming = event(
        type="DEMAND",
        actors=[
            actor("William Ruto", "actor", "government"),
            actor("Raila Odinga", "actor", "political_party", "e2"),
            actor("armed people", "actor", "unidentified_armed_group", None),
        ],
        contested_terms=["treasonous", "stop killing its children"],
        evidence=[
            {"report_id": "r1", "text": 'President William Ruto described the storming as "treasonous".'},
            {"report_id": "r1", "text": 'Odinga called on the government to "stop killing its children".'},
        ],
    )
    [framing] = [s.text for s in build_brief([storming], datetime.now(UTC)).section(BriefSection.CONTESTED)]
    assert (
        '"treasonous", as William Ruto put it; "stop killing its children", as Raila Odinga put it.'
        in framing
    )
    assert "unnamed" not in framing


def test_a_dismissal_is_a_change_of_leadership_and_countries_take_their_article() -> None:
    dismissal = event(
        type="CONCEDE",
        mode="change",
        actors=[
            actor("Kassym-Jomart Tokayev", "actor", "government"),
            actor("government", "target", "government"),
        ],
    )
    assert (
        t.where_and_what(dismissal)
        == "Kassym-Jomart Tokayev changed the leadership of the government in Nairobi"
    )
    yielding = event(
        type="CONCEDE",
        mode="yield",
        actors=[actor("William Ruto", "actor", "government"), actor("finance bill", "target", "government")],
    )
    assert t.event_phrase(yielding) == "William Ruto made a concession on the finance bill"
    abroad = event(location={"name": "United States", "country": "US", "precision": "country"})
    assert t.place_phrase(abroad) == "in the United States"
    assert t.with_article("protesters") == "protesters" and t.with_article("Almaty") == "Almaty"


def test_a_key_point_leaves_out_what_a_summary_box_leaves_out() -> None:
    cases = {
        "The Interior Ministry said 38 police officers were injured, several of them seriously, when protesters"
        " tried to storm the airport.": "The Interior Ministry said 38 police officers were injured when"
        " protesters tried to storm the airport.",
        "President Salome Zourabichvili, who has refused to recognise the result, told the crowd she would stay.": "President Salome Zourabichvili told the crowd she would stay.",
        "In response to the protests, some of which were violent, President Kassym-Jomart Tokayev dismissed the"
        " government.": "President Kassym-Jomart Tokayev dismissed the government.",
        "In addition, pre-judicial investigations into acts of terrorism have been initiated.": "Pre-judicial investigations into acts of terrorism have been initiated.",
        "At least 41 people have been killed in Mozambique, the INGD said, up from 18 in the morning.": "At least 41 people have been killed in Mozambique, the INGD said.",
        "More than 900 people were injured, 140 of them seriously, Health Minister Kemal Memisoglu said.": "More than 900 people were injured, Health Minister Kemal Memisoglu said.",
        "The toll has risen to 11, the bar association said, citing lawyers in Douala, Bafoussam and Garoua.": "The toll has risen to 11, the bar association said.",
        # A "where" clause says where, and a sentence too short once cut stays whole.
        "Malawi, where heavy rain has flooded villages, said three people had died there.": "Malawi, where heavy rain has flooded villages, said three people had died there.",
        "He said, who knows, nothing.": "He said, who knows, nothing.",
    }
    for sentence, point in cases.items():
        assert shorten(sentence) == point


def test_the_title_names_the_countries_of_the_crisis_not_where_reactions_came_from() -> None:
    protest = event(
        id="f1", type="PROTEST", location={"name": "Tbilisi", "country": "GE", "precision": "city"}
    )
    sanctions = event(
        id="f2", type="SANCTION", location={"name": "Vilnius", "country": "LT", "precision": "city"}
    )
    assert (
        build_brief([protest, sanctions], datetime.now(UTC)).title
        == "Situation report: Georgia, 25 June 2024"
    )
    assert build_brief([sanctions], datetime.now(UTC)).title == "Situation report: Lithuania, 25 June 2024"


def test_a_source_name_read_with_its_clause_or_comma_is_cut_to_the_name() -> None:
    president = "President Salome Zourabichvili, who has refused to recognise the result of the election,"
    assert t.clean_name(president, "person", None) == "President Salome Zourabichvili"
    assert t.source_words({"sources": [{"name": "EU's foreign policy chief, Kaja Kallas,"}]}) == (
        "EU's foreign policy chief, Kaja Kallas"
    )
    assert (
        t.clean_name("Lithuania, Latvia and Estonia", "government", None) == "Lithuania, Latvia and Estonia"
    )


def toll_event(id: str, text: str, dead: int, time: str, country: str = "EC") -> dict[str, Any]:
    service = [{"name": "prison service", "kind": "government", "via": None}]
    figure = {"min": dead, "text": text, "time": time, "sources": service, "report_id": id}
    return event(
        id=id,
        location={"name": "Guayaquil", "country": country, "precision": "city"},
        claims=[claim(id, text, time, service)],
        figures={"killed": {"low": dead, "high": dead, "claims": [figure]}},
    )


def test_a_newer_toll_as_high_in_the_same_country_supersedes_an_older_one() -> None:
    early = toll_event(
        "f1",
        "The number of people killed in the riot has risen to 29, the prison service said.",
        29,
        "2026-07-16T18:20:00+01:00",
    )
    late = toll_event(
        "f2",
        "The prison service said 44 inmates had been killed and 61 injured in Guayaquil.",
        44,
        "2026-07-16T23:50:00+01:00",
    )
    abroad = toll_event(
        "f3",
        "Two teenagers were killed on the island of Samos, the prison service said.",
        2,
        "2026-07-16T20:15:00+01:00",
        "GR",
    )
    texts = [p.text for p in key_points([early, late, abroad], {"f1": 20.0, "f2": 15.0, "f3": 5.0}, None)]
    assert texts[0].startswith("The prison service said 44 inmates")
    assert not any("risen to 29" in x for x in texts), "the older, lower toll of the same country"
    assert any("Samos" in x for x in texts), "a toll of another country stands"


def test_key_points_drop_a_wire_dateline_and_name_the_speaker_a_pronoun_stands_for() -> None:
    sadi = [{"name": "Rene Sadi", "kind": "person", "via": None}]
    eu = [{"name": "European Union", "kind": "igo", "via": None}]
    arrests = event(
        id="f1",
        type="COERCE",
        claims=[
            claim(
                "r1",
                "He said 86 people had been arrested in Yaounde and Douala for looting.",
                "2026-10-27T13:30:00+01:00",
                sadi,
            )
        ],
    )
    union = event(
        id="f2",
        type="DEMAND",
        claims=[
            claim(
                "r2",
                "BRUSSELS (AP) — The European Union said the election had been marked by serious irregularities.",
                "2026-10-27T19:30:00+01:00",
                eu,
            ),
            claim(
                "r2",
                "The African Union called for calm and for disputes to be settled in the courts.",
                "2026-10-27T19:30:00+01:00",
                eu,
            ),
        ],
    )
    texts = [p.text for p in key_points([arrests, union], {"f1": 5.0, "f2": 4.0}, None)]
    assert "Rene Sadi said 86 people had been arrested in Yaounde and Douala for looting." in texts
    assert "The European Union said the election had been marked by serious irregularities." in texts
    # The African Union says so itself: no other speaker is added after it.
    assert "The African Union called for calm and for disputes to be settled in the courts." in texts


def test_key_points_list_the_dead_first_then_the_response_then_the_reactions() -> None:
    deaths = toll_event(
        "f1",
        "At least 44 inmates have been killed in the riot, the prison service said.",
        44,
        "2026-07-16T23:50:00+01:00",
    )
    curfew = event(
        id="f2",
        type="COERCE",
        mode="curfew",
        claims=[
            claim(
                "r2",
                "A curfew is in force around the Litoral penitentiary from 9pm to 5am.",
                "2026-07-16T22:15:00+01:00",
            )
        ],
    )
    un = event(
        id="f3",
        type="DEMAND",
        location={"name": "Geneva", "country": "CH", "precision": "city"},
        actors=[actor("UN human rights office", "actor", "igo")],
        documents=["d1", "d2", "d3"],  # told by more outlets than the curfew: ranked above it
        claims=[
            claim(
                "r3",
                "The UN human rights office called for a prompt and independent investigation.",
                "2026-07-16T19:05:00+01:00",
            )
        ],
    )
    brief = build_brief([un, curfew, deaths], datetime.now(UTC), max_words=200)
    points = [s.text for s in brief.section(BriefSection.KEY_POINTS)]
    assert [p.split()[0:2] for p in points] == [["At", "least"], ["A", "curfew"], ["The", "UN"]]


def test_of_two_points_alike_the_one_the_other_events_tell_about_comes_first() -> None:
    def said(id: str, text: str) -> dict[str, Any]:
        return event(id=id, type="DEMAND", claims=[claim(id, text, "2026-10-21T15:30:00+00:00")])

    aside = said("f1", "A choir sang in the old harbour of Vathy on Wednesday evening.")
    story = said("f2", "The earthquake toppled apartment blocks in Izmir on Wednesday evening.")
    others = [
        said("f3", "Rescuers searched the toppled apartment blocks in Izmir."),
        said("f4", "The earthquake was felt in Istanbul and Athens."),
    ]
    points = key_points([aside, story, *others], {"f1": 5.0, "f2": 5.0, "f3": 1.0, "f4": 1.0}, 1)
    assert [p.event["id"] for p in points] == ["f2"]


def test_sources_in_a_sentence_take_the_article_english_gives_them() -> None:
    assert t.in_prose("Interior Ministry via Khabar 24") == "the Interior Ministry via Khabar 24"
    assert t.in_prose("alliance") == "the alliance"
    assert t.in_prose("Law Society of Kenya via X") == "the Law Society of Kenya via X"
    assert t.in_prose("Ministry of Health and Reuters") == "the Ministry of Health and Reuters"
    for bare in ("Khabar 24", "witnesses", "Russia's Foreign Ministry", "Saltanat Azirbek", "armed men"):
        assert t.in_prose(bare) == bare


def test_tear_gas_against_a_crowd_breaks_up_a_protest_and_imposes_no_restriction() -> None:
    dispersal = event(
        type="COERCE",
        mode="restrict",
        acled={"event_type": "Protests", "sub_event_type": "Protest with intervention"},
        actors=[{"name": "police", "role": "actor", "kind": "police", "entity_id": "e1"}],
    )
    assert t.event_phrase(dispersal) == "The police broke up a protest"
    curfew = event(type="COERCE", mode="restrict", actors=dispersal["actors"])
    assert t.event_phrase(curfew) == "The police imposed restrictions"
