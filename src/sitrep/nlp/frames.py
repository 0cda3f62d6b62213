"""Predicate frames: who does what to whom, read from a sentence's dependency parse.

``spacy Span (a parsed sentence) → list[Frame]``. One frame for every verb (with its subject,
object, agent, prepositional arguments, voice, negation and modality) and one for every
noun (``exchange of fire``, ``state of emergency``, ``protests``): the code stage decides
which of them are events, so this module knows nothing of event types.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from sitrep.model import Frame, Phrase

_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
_OBJECTS = {"dobj", "attr", "oprd"}
_MODALS = {"will", "would", "may", "might", "could", "should", "must", "shall", "can"}
_ATTEMPT = {
    "try",
    "attempt",
    "seek",
    "threaten",
    "plan",
    "want",
    "vow",
    "pledge",
    "promise",
    "decide",
    "agree",
}
_DIRECTIVE = {
    "order",
    "instruct",
    "tell",
    "ask",
    "call",
    "urge",
    "authorize",
    "authorise",
    "command",
    "direct",
}
_NOBODY = {"no one", "nobody", "none", "no-one"}
_MAX_PHRASE_TOKENS = 14
_PRONOUNS = {"it", "they", "he", "she", "this", "which", "who", "that"}
_RELATIVES = {"who", "which", "that"}
# A noun governed by these words is the background of a sentence, not its event.
_BACKGROUND_HEADS = {
    "response",
    "background",
    "amid",
    "because",
    "following",
    "after",
    "despite",
    "right",
    "trigger",
    "since",
    "before",
    "during",
    "wake",
    "aftermath",
    "part",
    "cause",
    "reason",
}
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}


def read_frames(sentence: Span, *, offset: int = 0) -> list[Frame]:
    """Frames of every verb and noun in ``sentence``; character offsets shifted by ``offset``."""
    frames: list[Frame] = []
    for token in sentence:
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
            frames.append(_verb_frame(token, offset))
        elif token.pos_ in ("NOUN", "PROPN") and token.dep_ != "compound":
            frames.append(_noun_frame(token, offset))
    return frames


def _verb_frame(verb: Token, offset: int) -> Frame:
    subject = _child(verb, _SUBJECTS)
    if subject is not None and subject.lower_ in _PRONOUNS and verb.dep_ == "ccomp":
        # "X announced that it will send troops": "it" is X.
        subject = _child(verb.head, _SUBJECTS) or subject
    source = verb
    while (
        subject is None and source.dep_ in ("conj", "xcomp", "advcl", "ccomp") and source.head is not source
    ):
        if source.dep_ == "conj" or source.dep_ == "xcomp":
            source = source.head
            subject = _child(source, _SUBJECTS)
        else:
            break
    if subject is not None and subject.lower_ in _RELATIVES and source.dep_ == "relcl":
        subject = source.head  # "protesters who tried to storm the office": the protesters
    obj = _child(verb, _OBJECTS)
    if obj is None and verb.dep_ == "xcomp":
        # "ordered the army to be deployed": the army is what is deployed.
        obj = _child(verb.head, _OBJECTS)
    agent_token = _child(verb, {"agent"})
    agent = _child(agent_token, {"pobj"}) if agent_token is not None else None
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN"
        and verb.dep_ == "conj"
        and _child(verb, {"nsubj"}) is None
        and _is_passive(verb.head)
    )
    particle = _child(verb, {"prt"})
    negated = any(c.dep_ == "neg" for c in verb.children) or (
        subject is not None and _phrase(subject, 0).text.lower() in _NOBODY
    )
    modality = _modality(verb)
    return Frame(
        lemma=verb.lemma_.lower(),
        trigger=_phrase_of_tokens(verb, particle, offset),
        kind="verb",
        subject=_phrase(subject, offset) if subject is not None else None,
        object=_phrase(obj, offset) if obj is not None else None,
        co_subjects=tuple(_phrase(c, offset) for c in subject.conjuncts) if subject is not None else (),
        co_objects=tuple(_phrase(c, offset) for c in obj.conjuncts) if obj is not None else (),
        agent=_phrase(agent, offset) if agent is not None else None,
        # "requested help from the alliance": the object's own arguments belong to the event too.
        obliques=tuple(_obliques(verb, offset) + (_obliques(obj, offset) if obj is not None else [])),
        passive=passive,
        negated=negated,
        modality=modality,
        directive=verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _DIRECTIVE,
        particle=particle.lower_ if particle is not None else None,
        modifiers=tuple(
            c.lemma_.lower()
            for c in verb.children
            if c.dep_ in ("advmod", "npadvmod", "acomp", "oprd", "xcomp")
        ),
    )


def _noun_frame(noun: Token, offset: int) -> Frame:
    governor = noun.head if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr") else None
    # "Police used tear gas", "AFRICOM carried out an air strike": the doer of the light verb.
    doer = _child(governor, _SUBJECTS) if governor is not None and noun.dep_ in ("dobj", "attr") else None
    return Frame(
        lemma=noun.lemma_.lower(),
        trigger=_phrase(noun, offset, whole=False),
        kind="noun",
        subject=_phrase(doer, offset) if doer is not None and doer.lower_ != "there" else None,
        object=None,
        co_subjects=tuple(_phrase(c, offset) for c in doer.conjuncts) if doer is not None else (),
        # "fighting broke out between the army and the rebels": the verb's arguments are the noun's.
        obliques=tuple(
            _obliques(noun, offset)
            + (_obliques(governor, offset) if governor is not None and noun.dep_ != "pobj" else [])
        ),
        negated=any(c.dep_ == "neg" or c.lower_ == "no" for c in noun.children),
        modality=governor.lemma_.lower() if governor is not None and governor.pos_ == "VERB" else None,
        background=_is_background(noun),
        modifiers=tuple(
            c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "compound", "nmod", "poss")
        ),
    )


def _is_background(noun: Token) -> bool:
    """Whether the noun sits in a phrase such as "in response to the protests"."""
    token = noun
    for _ in range(3):
        if token.dep_ not in ("pobj", "prep", "conj", "amod"):
            return False
        token = token.head
        if token.lemma_.lower() in _BACKGROUND_HEADS or token.lower_ in _BACKGROUND_HEADS:
            return True
    return False


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _modality(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ == "aux" and child.lemma_.lower() in _MODALS:
            return child.lemma_.lower()
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _ATTEMPT | _DIRECTIVE:
        return verb.head.lemma_.lower()
    return None


def _child(token: Token, deps: set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _obliques(token: Token, offset: int) -> list[tuple[str, Phrase]]:
    found: list[tuple[str, Phrase]] = []
    for child in token.children:
        if child.dep_ == "prep":
            pobj = _child(child, {"pobj"})
            if pobj is not None:
                found.append((child.lower_, _phrase(pobj, offset)))
                found.extend((child.lower_, _phrase(c, offset)) for c in pobj.conjuncts if c.i > pobj.i)
                # "in front of the town hall", "in the center of Almaty"
                for grandchild in pobj.children:
                    if grandchild.dep_ == "prep" and (inner := _child(grandchild, {"pobj"})) is not None:
                        found.append((f"{child.lower_}..{grandchild.lower_}", _phrase(inner, offset)))
    return found


def _phrase(token: Token, offset: int, *, whole: bool = True) -> Phrase:
    """The phrase a token heads: its subtree, cut before relative clauses and long tails."""
    if not whole:
        left = token
        while left.i > 0 and left.nbor(-1).dep_ == "compound" and left.nbor(-1).head is token:
            left = left.nbor(-1)
        tokens = token.doc[left.i : token.i + 1]
        return Phrase(
            tokens.text,
            tokens.start_char + offset,
            tokens.end_char + offset,
            token.lemma_.lower(),
            token.ent_type_,
            words=_words(tokens),
        )
    start = token.left_edge.i
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("relcl", "acl", "advcl", "punct", "cc") or child.i - start >= _MAX_PHRASE_TOKENS:
            break
        end = child.right_edge.i + 1
    span = token.doc[start:end]
    while len(span) > 1 and span[0].is_punct:
        span = span[1:]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    # The words reach further than the text: "government and Russian warplanes" counts its
    # conjuncts when a trigger asks what struck.
    return Phrase(
        span.text,
        span.start_char + offset,
        span.end_char + offset,
        token.lemma_.lower(),
        token.ent_type_,
        words=_words(token.doc[token.left_edge.i : token.right_edge.i + 1]),
    )


def _words(span: Span) -> tuple[str, ...]:
    return tuple(t.lemma_.lower() for t in span if t.pos_ in _CONTENT_POS)


def _phrase_of_tokens(verb: Token, particle: Token | None, offset: int) -> Phrase:
    # The span's own text, not a slice of ``doc.text``: that joins the whole document again for
    # every verb, and a long report's cost would grow with the square of its length.
    ends = (verb.i,) if particle is None else (verb.i, particle.i)
    span = verb.doc[min(ends) : max(ends) + 1]
    return Phrase(span.text, span.start_char + offset, span.end_char + offset, verb.lemma_.lower(), "")
