"""Victims named without a number: ``Doc → list[Victim]``, read by `FiguresFinder`.

A careful coder counts "a man was shot and killed" as one killed, "John Doe, 31, and Jane Roe,
28, were killed" as two, "killing an Italian nun" as one, "He was pronounced dead" as one, and
"a British couple and their guide" as three. This module finds such victims: the people an
outcome word (a verb of killing or wounding, "dead" in "found dead", "death" in "the death of a
civilian") befalls, counted by their conjuncts, when no number counts them (numbers are
`figures.py`'s). Words and roles are in ``data/figures/victims.tsv``.

With a dependency parse the victim is the outcome verb's passive subject, the subject of "die"
or "dead", the object of an active verb ("killing a man") or the noun a participle modifies ("a
man killed in the attack"); coordinated verbs share it and the strongest outcome wins ("shot and
killed" is killed; "shot" alone, as crime reports write it, is injured). Without a parse
(``spacy.blank``) only the plainest forms are read: "a/an/another ... was/is <outcome>" and
"<outcome verb> a/an ...".

Not counted: plural nouns without a number ("killing civilians": no number a coder could code),
negated or hypothetical verbs ("no one was hurt", "could be killed"), things ("the bill was
killed"), and members picked out of a group already counted ("including a commander").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.nlp.figures_lexicon import FigureLexicon

_RANK = {"killed": 3, "injured": 2, "arrested": 1}
_MODALS = frozenset({"will", "would", "could", "may", "might", "can", "should", "must"})
_INTENT = frozenset({"threaten", "vow", "plan", "try", "attempt", "want", "seek", "aim", "intend", "order"})
_DETERMINERS = frozenset({"a", "an", "another", "one", "the", "this", "that"})
_SUBSET = frozenset({"including", "among"})
_DEFINITE = frozenset({"the", "this", "that", "his", "her", "their"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_REFLEXIVE = frozenset({"himself", "herself", "themselves"})
# "A third person has died": the toll is three (a death told by its rank is a running total)
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
_CONDITIONS = frozenset({"critical", "serious", "stable", "grave", "fair", "satisfactory"})
_CARE_CENTRES = frozenset({"medical", "trauma", "burn", "health"})
_NOT_PERSON_ENTS = frozenset(
    {"GPE", "LOC", "ORG", "FAC", "EVENT", "PRODUCT", "DATE", "TIME", "WORK_OF_ART", "LAW", "MONEY"}
)


@dataclass(frozen=True, slots=True)
class Victim:
    """People an outcome befalls, named without a number: their words, outcome and count."""

    start_char: int
    end_char: int
    text: str
    outcome: str
    count: int
    scope: str | None = None
    """``new`` for further victims ("another was wounded", "the attacker was also killed");
    ``known`` for one already introduced ("the victim", "he"): the same person told again;
    ``one_of`` for one of those told before ("One of them died at the hospital"); ``total``
    for a death told by its rank ("a third person has died": three dead, ``count`` 3)."""


def find_victims(doc: Doc, lex: FigureLexicon) -> list[Victim]:
    """Every victim named without a number in ``doc``, in text order."""
    found = _parsed(doc, lex) if doc.has_annotation("DEP") else _surface(doc, lex)
    return sorted(found, key=lambda v: v.start_char)


# -- with a dependency parse ---------------------------------------------------------------


def _parsed(doc: Doc, lex: FigureLexicon) -> list[Victim]:
    best: dict[int, tuple[str, Token, Token]] = {}  # victim head → (outcome, trigger, head)
    for token in doc:
        outcome = outcome_of(token, lex)
        if outcome is None or _unreal(token):
            continue
        for head in _victims_of(token, lex):
            held = best.get(head.i)
            if held is None or _RANK[outcome] > _RANK[held[0]]:
                best[head.i] = (outcome, token, head)
    victims = []
    for outcome, trigger, head in best.values():
        if outcome == "injured" and _cause_of_death(trigger, head, lex):
            continue
        victim = _count(head, outcome, trigger, lex)
        if victim is not None:
            victims.append(victim)
    return victims


def outcome_of(token: Token, lex: FigureLexicon) -> str | None:
    """The outcome a word reports, with its modifiers ("fatally wounded", "beaten to death")."""
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "ADJ", "NOUN", "AUX") and token.lower_ not in ("dead",):
        return None
    fatal = any(
        lex.victim("fatal", child.lower_)
        or (child.dep_ == "prep" and any(g.lower_ == "death" for g in child.children))
        for child in token.children
    )
    if lex.victim("needs_death", lemma):
        return "killed" if fatal else None
    if (
        lemma == "turn"
        and any(
            c.dep_ == "dobj" and c.lemma_.lower() in ("gun", "weapon", "rifle", "knife")
            for c in token.children
        )
        and any(
            c.dep_ == "prep" and c.lower_ == "on" and any(g.lower_ in _REFLEXIVE for g in c.children)
            for c in token.children
        )
    ):
        return "killed"  # "before turning the gun on himself": a suicide, as crime reports write it
    if lemma == "take" and any(
        c.dep_ == "dobj" and c.lower_ == "life" and any(g.lower_ == "own" for g in c.children)
        for c in token.children
    ):
        return "killed"  # "before taking his own life"
    if lex.victim("suffer", lemma):
        wounds = [
            g for c in token.children if c.dep_ in ("prep", "dobj") for g in (c, *c.children)
            if lex.victim("wound", g.lemma_.lower())
        ]  # fmt: skip
        if not wounds:
            return None
        return (
            "killed" if any(lex.victim("fatal", m.lower_) for w in wounds for m in w.children) else "injured"
        )
    if lex.victim("hit", lemma) and _passive(token) and token.tag_ == "VBN":
        return "killed" if fatal else "injured"  # "was struck in the arm", "was hit by a car"
    if lex.victim("care", lemma) and token.tag_ == "VBN" and _cared_for(token, lex):
        return "injured"  # "was taken to a hospital", "treated for smoke inhalation"
    if (
        lemma == "condition"
        and token.head.lower_ == "in"
        and any(c.dep_ == "amod" and c.lower_ in _CONDITIONS for c in token.children)
    ):
        return "injured"  # "was listed in critical condition", "remains in serious condition"
    for outcome in ("killed", "injured", "arrested"):
        if lex.victim(outcome, lemma):
            if token.pos_ == "NOUN" and lemma != "death":
                return None
            if token.pos_ == "ADJ" and lemma != "dead":
                return None
            return "killed" if outcome == "injured" and fatal else outcome
    return None


def _cause_of_death(trigger: Token, head: Token, lex: FigureLexicon) -> bool:
    """Whether an injury is the cause of a death told by its sentence, befalling the one who died:
    "A boy died after he shot himself", "She died hours after she was stabbed"."""
    return (
        lex.victim("pronoun", head.lower_)
        and trigger.dep_ == "advcl"
        and outcome_of(trigger.head, lex) == "killed"
    )


def _cared_for(token: Token, lex: FigureLexicon) -> bool:
    """Whether a care verb names care for the hurt: "to a hospital", "at the scene", "for burns",
    "treated and released" (not "taken to the police station", "flown to the capital")."""
    treat = token.lemma_.lower() == "treat"
    for child in token.children:
        if child.dep_ == "conj" and treat and child.lemma_.lower() == "release":
            return True
        if child.dep_ != "prep":
            continue
        if treat and child.lower_ == "for":
            return True
        for place in (g for g in child.children if g.dep_ == "pobj"):
            if child.lower_ in ("to", "at") and (
                lex.victim("hospital", place.lemma_.lower())
                or (
                    place.lower_ in ("center", "centre")
                    and any(m.lower_ in _CARE_CENTRES for m in place.children)
                )
            ):
                return True
    return False


def _unreal(token: Token) -> bool:
    """A negated, hypothetical or intended outcome: "no one was hurt", "could be killed"."""
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.lemma_.lower() in _MODALS):
            return True
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in _INTENT


def _victims_of(token: Token, lex: FigureLexicon) -> Iterator[Token]:
    """The head nouns of the people ``token`` befalls."""
    lemma = token.lemma_.lower()
    if lemma == "condition" and token.pos_ == "NOUN":  # "A man was in critical condition"
        verb = token.head.head
        yield from _subjects(verb) if verb.pos_ in ("VERB", "AUX") else ()
        return
    if token.pos_ == "NOUN":  # "the death of a civilian"
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                yield from (g for g in prep.children if g.dep_ == "pobj")
        return
    if token.pos_ == "ADJ" or lemma == "dead":  # "found dead", "pronounced dead", "is dead"
        objects = [c for c in token.children if c.dep_ == "dobj"]
        if token.head.lemma_.lower() == "leave":  # "the shooting left one man dead"
            objects = [c for c in token.head.children if c.dep_ == "dobj"]
        if objects:  # "gunmen shoot dead a man", parsed with "dead" as the verb
            yield objects[0]
            return
        if token.dep_ in ("oprd", "acomp", "xcomp", "ccomp"):
            if outcome_of(token.head, lex) is not None:
                return  # "shot dead": the verb speaks for it
            yield from _subjects(token.head)
        return
    if token.dep_ == "acl" and token.tag_ == "VBN":  # "a man killed in the attack"
        yield token.head
        return
    if token.dep_ == "acomp" and token.tag_ == "VBN" and token.head.lemma_ == "be":
        yield from _subjects(token.head)  # "A girl was critically injured", parsed as "was" + adjective
        return
    if token.dep_ in ("xcomp", "oprd", "ccomp") and token.tag_ == "VBN" and _passive(token.head):
        yield from _subjects(token.head)  # "a man was found shot to death"
        return
    if lex.victim("suffer", lemma):  # "a man suffering from a gunshot wound"
        yield from (token.head,) if token.dep_ == "acl" else _subjects(token)
        return
    reflexive = any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVE for c in token.children)
    if (lemma in ("take", "turn") or reflexive) and not _passive(token):
        # "... before taking his own life", "before killing himself": the one who did it
        node = token
        for _ in range(5):  # "opened fire, killing two co-workers before taking his own life"
            subjects = list(_subjects(node))
            if subjects or node.head.i == node.i:
                yield from subjects
                return
            node = node.head
        return
    passive = _passive(token)
    if lemma in ("die", "succumb") or passive:
        subjects = list(_subjects(token))
        if not subjects and token.dep_ in ("pcomp", "advcl") and token.tag_ == "VBN":
            # "A man was in critical condition after being shot": the one the clause tells of
            verb = token.head.head if token.dep_ == "pcomp" else token.head
            yield from _subjects(verb) if verb.pos_ in ("VERB", "AUX") else ()
            return
        if subjects or token.dep_ != "conj":
            yield from subjects
            return
        node = token.head  # "was shot and killed": the subject is the first verb's
        for _ in range(3):  # "was shot while sitting in his car and died at the scene"
            subjects = list(_subjects(node))
            if subjects or node.dep_ not in ("conj", "advcl") or node.head.i == node.i:
                yield from subjects
                return
            node = node.head
        return
    objects = [c for c in token.children if c.dep_ == "dobj"]
    # The first object only: "killed eight members in the valley, the final stronghold" has a
    # second "object" that is an apposition misparsed.
    yield from objects[:1]


def _passive(token: Token) -> bool:
    """A passive verb, or a participle joined to one ("was shot and killed")."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
        return True
    return token.dep_ == "conj" and token.tag_ == "VBN" and token.head.tag_ == "VBN" and _passive(token.head)


def _subjects(verb: Token) -> Iterator[Token]:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                yield verb.head  # "the man who was killed"
            else:
                yield child


def _count(head: Token, outcome: str, trigger: Token, lex: FigureLexicon) -> Victim | None:
    """The victims of ``head`` and its conjuncts that no number counts, as one Victim."""
    if head.dep_ == "pobj" and head.head.lower_ in _SUBSET:
        return None
    if head.lower_ == "one" and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        # "One of them died at the hospital": one of the victims told before
        span = head.doc[head.i : head.right_edge.i + 1]
        return Victim(span.start_char, span.end_char, span.text, outcome, 1, "one_of")
    members = [head, *_joined(head)]
    count, first, last = 0, None, None
    for member in members:
        size = _people(member, lex)
        if size == 0 and member is not head and member.tag_ == "NN" and _people(head, lex) == 1:
            size = 0 if lex.victim("not_victim", member.lemma_.lower()) else 1  # "a brother and sister"
        if size == 0:
            continue
        count += size
        start = min([member.i, *(t.i for t in member.subtree if t.i < member.i and t.dep_ != "punct")])
        first = start if first is None else min(first, start)
        last = member.i if last is None else max(last, member.i)
    if count == 0 or first is None or last is None:
        return None
    span = head.doc[first : last + 1]
    new = (
        any(lex.victim("new", t.lower_) for t in (*span, *trigger.children))
        or all(lex.victim("perpetrator", m.lemma_.lower()) for m in members)
        or (outcome == "killed" and trigger.lemma_.lower() in ("take", "turn"))
        or any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVE for c in trigger.children)
    )  # a perpetrator's own death is a further one ("the gunman turned the gun on himself")
    known = len(members) == 1 and (
        lex.victim("pronoun", head.lower_)
        or (
            any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in head.children)
            # "the driver of the pickup": someone picked out anew by what he is of
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
        )
    )
    scope = "new" if new else "known" if known else None
    ordinal = next((_ORDINALS[t.lower_] for t in span if t.lower_ in _ORDINALS), None)
    if ordinal is not None and outcome == "killed" and len(members) == 1:
        return Victim(span.start_char, span.end_char, span.text, outcome, ordinal, "total")
    return Victim(span.start_char, span.end_char, span.text, outcome, count, scope)


def _joined(head: Token) -> list[Token]:
    """The conjuncts of ``head`` that a list joins: "A, B and C" (not "the valley, the stronghold")."""
    conjuncts = list(head.conjuncts)
    if not conjuncts:
        return []

    def joiner(token: Token) -> str:
        left = token.left_edge.i
        return head.doc[left - 1].lower_ if left > 0 else ""

    if joiner(conjuncts[-1]) not in ("and", "or", "&"):
        return []
    return [c for c in conjuncts if joiner(c) in ("and", "or", "&", ",")]


def _people(token: Token, lex: FigureLexicon) -> int:
    """How many people one conjunct names: 1 for a singular person, 2 for a couple, else 0."""
    lemma, word = token.lemma_.lower(), token.lower_
    if token.tag_ == "CD" or any(c.dep_ == "nummod" for c in token.children):
        return 0  # a number counts them (figures.py)
    if any(c.lower_ in lex.vague_words for c in token.children):
        return 0
    if lex.victim("pronoun", word):
        return 1
    if word in ("another", "other") or (token.tag_ in ("JJ", "NNP", "NN") and _has_article(token)):
        age = word == "old" and token.ent_type_ == "DATE"  # "a 17-year-old was hurt"
        if lex.victim("not_victim", lemma) or (token.ent_type_ in _NOT_PERSON_ENTS and not age):
            return 0
        return 2 if lex.victim("pair", lemma) else 1
    if token.tag_ == "NNP" and token.ent_type_ in ("PERSON", "") and not lex.victim("not_victim", lemma):
        return 1 if token.ent_type_ == "PERSON" or _is_title_name(token) or token.is_title else 0
    return 0


def _has_article(token: Token) -> bool:
    return any(
        (c.dep_ in ("det", "poss") and c.lower_ in _DETERMINERS | {"his", "her", "their", "its"})
        or c.dep_ == "poss"
        for c in token.children
    )


def _is_title_name(token: Token) -> bool:
    """A name after a title or role word ("Commander Volodymyr Zhoha"): a person by its form."""
    return any(c.dep_ == "compound" and c.tag_ == "NNP" for c in token.children) and token.is_title


# -- without a parse -----------------------------------------------------------------------


def _surface(doc: Doc, lex: FigureLexicon) -> list[Victim]:
    """ "A man was shot and killed", "another was wounded", "killing an Italian nun"."""
    words = [t.lower_ for t in doc]
    victims = []
    i = 0
    while i < len(doc):
        if words[i] not in ("a", "an", "another") or (i > 0 and words[i - 1] in _SUBSET):
            i += 1
            continue
        end = i + 1 if words[i] == "another" else _noun_end(doc, i + 1, lex)
        if end is None:
            i += 1
            continue
        before = lex.cues_before.match_ending_at(words, i, max(i - 3, 0))
        outcome = before[1] if before is not None else _cue_after(words, end, lex)
        if outcome is not None:
            span = doc[i:end]
            scope = "new" if words[i] == "another" else None
            victims.append(Victim(span.start_char, span.end_char, span.text, outcome, 1, scope))
        i = end
    return victims


def _noun_end(doc: Doc, k: int, lex: FigureLexicon) -> int | None:
    """The end of a short singular noun phrase from ``k`` ("24-year-old man"), if one is there."""
    j = k
    while j < len(doc) and j - k < 7 and (doc[j].is_alpha or doc[j].text == "-" or doc[j].like_num):
        word = doc[j].lower_
        if lex.has("skip", word) or word in lex.cue_words or lex.has("place_prep", word) or word == "and":
            break
        j += 1
    return j if j > k and doc[j - 1].is_alpha and not doc[j - 1].lower_.endswith("s") else None


def _cue_after(words: list[str], k: int, lex: FigureLexicon) -> str | None:
    i = k
    while i < len(words) and i - k <= 4:
        cue = lex.cues_after.match_at(words, i, len(words))
        if cue is not None:
            return cue[1]
        if not lex.has("skip", words[i]):
            return None
        i += 1
    return None
