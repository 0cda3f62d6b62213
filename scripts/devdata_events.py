"""Labelled event-type sets from the real development data in ``../shared/devdata``.

``devdata folder → list[Item]``: short real news texts, each with a PLOVER event type and an
ACLED sub-event type where the data set's own labels map onto them soundly (either may be
missing), ``none`` for texts that report no event, and the split the project's fixed rule
(`sitrep.eval.splits.split_of`) assigns it. Nothing is copied into the repository: the
training script and the scoring script read the data from where it lies.

| data set | text | labels from |
| --- | --- | --- |
| ``rams_devtest`` | the sentence holding the annotated trigger | its AIDA event type (`RAMS_TYPES`); clearly non-violent types give ``none`` when the sentence names no violence |
| ``geneva`` | the FrameNet sentence | its frames (`GENEVA_FRAMES`, the most telling first; a ``Protest`` frame only on a protest word, `PROTEST_WORDS`: the data set also files "argue" and "prove" under it); a sentence whose every frame is an everyday one (`GENEVA_NONE_FRAMES`) gives ``none`` |
| ``ucdp_ged`` | the first news headline of the event that names a deed | the violence type (PLOVER: one-sided → ASSAULT, else FIGHT) and the headline's weapon and combat words (`CUES`, ACLED) |
| ``wcep_armed_conflicts`` | the item's one-line summary, cited outlets removed | the weapon, combat and abduction words of the text (`CUES`): a silver label, as the portal labels only the section |
| ``wcep_hand`` | the same summaries, those labelled by hand | ``corpus/devdata/events_wcep_labels.tsv``: one ACLED sub-event and one PLOVER type an item, read by a person (rules in ``corpus/devdata/EVENTS.md``) |

The mappings follow each folder's ``SOURCE.md``; where a source label could be several ACLED
sub-event types (RAMS ``conflict.attack.n/a``, GENEVA ``Attack``, a UCDP headline with no weapon
word) the ACLED label is left out rather than guessed. re3d has no event labels and its BBC
folder is evaluation-only; ECB+ is for fusion: neither is used here.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.eval.splits import Split, split_of  # noqa: E402
from sitrep.eval.vocab import sub_event_type_of  # noqa: E402

DEVDATA = ROOT.parent / "shared" / "devdata"
HAND_LABELS = ROOT / "corpus" / "devdata" / "events_wcep_labels.tsv"
NONE = "none"


@dataclass(frozen=True, slots=True)
class Item:
    """One labelled text; ``plover``/``acled`` are None where the source cannot tell."""

    dataset: str
    key: str
    text: str
    plover: str | None
    acled: str | None
    source_label: str
    split: Split


# AIDA type prefix → (PLOVER, ACLED sub-event); the longest matching prefix wins. None: not labelled.
RAMS_TYPES: dict[str, tuple[str | None, str | None]] = {
    "conflict.attack.airstrikemissilestrike": ("ASSAULT", "Air/drone strike"),
    "conflict.attack.bombing": ("ASSAULT", "Remote explosive/landmine/IED"),
    "conflict.attack.biologicalchemicalpoisonattack": ("ASSAULT", "Chemical weapon"),
    "conflict.attack.selfdirectedbattle": ("FIGHT", None),
    "conflict.attack.invade": ("FIGHT", None),
    "conflict.attack.firearmattack": ("ASSAULT", None),
    "conflict.attack.stabbing": ("ASSAULT", None),
    "conflict.attack.hanging": ("ASSAULT", None),
    "conflict.attack.setfire": ("ASSAULT", None),
    "conflict.attack.n/a": ("ASSAULT", None),
    "conflict.demonstrate": ("PROTEST", None),
    "conflict.yield": ("RETREAT", None),
    "justice.arrestjaildetain": ("COERCE", "Arrests"),
    "contact.threatencoerce": ("THREATEN", None),
    "contact.negotiate": ("CONSULT", NONE),
    "contact.discussion.meet": ("CONSULT", NONE),
    "government.agreements.acceptagreementcontractceasefire": ("AGREE", None),
    "transaction.transaction.embargosanction": ("SANCTION", NONE),
    "transaction.transferownership.embargosanction": ("SANCTION", NONE),
    "transaction.transfermoney.embargosanction": ("SANCTION", NONE),
    "transaction.transfermoney.giftgrantprovideaid": ("AID", NONE),
    "transaction.transferownership.giftgrantprovideaid": ("AID", NONE),
    "transaction.transaction.giftgrantprovideaid": ("AID", NONE),
    "justice.investigate": ("INVESTIGATE", NONE),
    "contact.collaborate": ("COOPERATE", NONE),
}
# Types that report no conflict event: their sentence is "no event" unless it names violence.
RAMS_NONE_PREFIXES = (
    "transaction.transfermoney.purchase",
    "transaction.transfermoney.payforservice",
    "transaction.transfermoney.borrowlend",
    "transaction.transferownership.purchase",
    "transaction.transferownership.borrowlend",
    "personnel.",
    "manufacture.",
    "government.vote",
    "government.legislate",
    "inspection.sensoryobserve.monitorelection",
    "disaster.",
    "life.die.nonviolentdeath",
    "life.injure.illnessdegradation",
    "movement.transportartifact.sendsupplyexport",
    "movement.transportartifact.receiveimport",
)
VIOLENCE_WORDS = re.compile(
    r"\b(?:kill\w*|attack\w*|bomb\w*|shot|shoot\w*|clash\w*|fight\w*|protest\w*|demonstrat\w*|arrest\w*|"
    r"detain\w*|war|wounded|injur\w*|dead|died|murder\w*|raid\w*|strike[sd]?|troops|militants?|rebels?)\b",
    re.I,
)

# FrameNet frame → (PLOVER, ACLED sub-event), the most telling frame of a sentence first.
GENEVA_FRAMES: dict[str, tuple[str | None, str | None]] = {
    "Hostile_encounter": ("FIGHT", "Armed clash"),
    "Conquering": ("FIGHT", None),
    "Terrorism": ("ASSAULT", None),
    "Attack": ("ASSAULT", None),
    "Killing": ("ASSAULT", None),
    "Arrest": ("COERCE", "Arrests"),
    "Protest": ("PROTEST", None),
    "Request": ("DEMAND", NONE),
    "Assistance": ("AID", NONE),
}
# Words that make GENEVA's Protest frame a protest (the frame also labels arguing).
PROTEST_WORDS = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march\w*|strik\w*|sit-?ins?|boycott\w*|riot\w*|"
    r"picket\w*|petition\w*|outcry|dissent\w*|object\w*|complain\w*)\b",
    re.I,
)
# Nouns that FrameNet files under a violent frame but that name a topic or a state of affairs
# rather than a deed: sentences with them are left out (neither an event nor "no event").
GENERIC_NOUNS = frozenset(
    [
        "war",
        "wars",
        "warfare",
        "terrorism",
        "terror",
        "terrorist",
        "terrorists",
        "conflict",
        "conflicts",
        "combat",
        "hostilities",
        "confrontation",
        "confrontations",
        "offensive",
        "fight",
        "struggle",
        "violence",
        "bw",
        "cw",
        "cbw",
        "assassinations",
        "murders",
    ]
)
# Frames of everyday life: a sentence with only these reports no conflict event.
GENEVA_NONE_FRAMES = frozenset(
    [
        "Statement",
        "Manufacturing",
        "Creating",
        "Using",
        "Arriving",
        "Presence",
        "Communication",
        "Scrutiny",
        "Process_start",
        "Building",
        "Getting",
        "Employment",
        "Connect",
        "Traveling",
        "Education_teaching",
        "Placing",
        "Know",
        "Process_end",
        "Cause_to_make_progress",
        "Research",
        "Self_motion",
        "Commerce_sell",
        "Motion",
        "Testing",
        "Giving",
        "Participation",
        "Bringing",
        "Telling",
        "Commerce_buy",
        "Becoming",
        "Change",
        "Cause_change_of_position_on_a_scale",
        "Departing",
        "Cost",
        "Receiving",
        "Earnings_and_losses",
        "Wearing",
        "Perception_active",
        "Coming_to_believe",
        "Deciding",
        "Check",
        "Influence",
        "Becoming_a_member",
        "Convincing",
        "Arranging",
        "Filling",
        "Cure",
        "Social_event",
        "Openness",
        "Rite",
        "Containing",
        "Expansion",
        "Practice",
        "Recovering",
        "Motion_directional",
        "Coming_to_be",
        "Choosing",
        "Competition",
        "Ingestion",
        "Writing",
        "Achieve",
        "Create_artwork",
        "Commerce_pay",
        "Labeling",
        "GetReady",
        "Adducing",
        "Hold",
        "Come_together",
        "Emptying",
    ]
)

# Weapon, combat and abduction words → ACLED sub-event type, the most specific first.
CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.I))
    for label, pattern in (
        ("Chemical weapon", r"\b(?:chemical (?:weapons?|attack)|chlorine|sarin|poison gas|toxic gas)\b"),
        ("Suicide bomb", r"\bsuicide\b"),
        ("Grenade", r"\bgrenades?\b"),
        (
            "Air/drone strike",
            r"\b(?:air ?strikes?|air ?raids?|warplanes?|jets?|aircraft|aerial|drones?|helicopters?|"
            r"barrel bombs?|bombers)\b",
        ),
        (
            "Shelling/artillery/missile attack",
            r"\b(?:shell(?:s|ed|ing)?|artillery|mortars?|rockets?|missiles?|bombardment|howitzers?|"
            r"mlrs|cannon)\b",
        ),
        (
            "Remote explosive/landmine/IED",
            r"\b(?:ieds?|improvised explosive|roadside bombs?|land ?mines?|mines?|car bombs?|bombs?|"
            r"bombings?|explosions?|explosives?|blasts?|detonat\w*|booby)\b",
        ),
        ("Abduction/forced disappearance", r"\b(?:kidnap\w*|abduct\w*|hostages?)\b"),
        (
            "Armed clash",
            r"\b(?:clash(?:es|ed)?|fight(?:s|ing)?|fought|battles?|gun ?fights?|firefights?|"
            r"exchange(?:s|d)? (?:of )?fire|ambush\w*|skirmish\w*)\b",
        ),
    )
)
DEED_WORDS = re.compile(
    r"\b(?:kill\w*|dead|died|die|deaths?|attack\w*|shot|shoot\w*|shell\w*|strikes?|raids?|clash\w*|"
    r"bomb\w*|explo\w*|fight\w*|fought|battles?|massacre\w*|execut\w*|wound\w*|injur\w*|"
    r"casualt\w*|slain|gunmen|gunfire|ambush\w*|behead\w*|target\w*|losses|perish\w*|kidnap\w*)\b",
    re.I,
)
FIGHT_WORDS = re.compile(
    r"\b(?:clash\w*|fight\w*|fought|battles?|gun ?fights?|firefights?|exchange\w* (?:of )?fire|"
    r"offensive|skirmish\w*|counter-?attack\w*|advances?|recaptur\w*|captur\w*|retak\w*)\b",
    re.I,
)
ONE_SIDED_WORDS = re.compile(
    r"\b(?:kill\w*|attack\w*|shot|shoot\w*|shell\w*|strikes?|raids?|bomb\w*|explo\w*|massacre\w*|"
    r"execut\w*|kidnap\w*|abduct\w*|stab\w*|behead\w*|gunmen|blasts?)\b",
    re.I,
)
OUTLETS = re.compile(r"(?:\s*\([^()]{1,80}\))+\s*$")


def cue_label(text: str) -> str | None:
    """The ACLED sub-event type the text's weapon and combat words name, if any."""
    return next((label for label, pattern in CUES if pattern.search(text)), None)


def detokenise(tokens: list[str]) -> str:
    """Tokens as running text ("Iraq 's army ." → "Iraq's army.")."""
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)\]}]|'s|n't|'re|'ve|'ll|'d|'m)", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r"`` ?", '"', re.sub(r" ?''", '"', text))
    return re.sub(r"\s+", " ", text).strip()


def read_rams(folder: Path) -> Iterator[Item]:
    """RAMS windows: the trigger's sentence, typed by its AIDA event type."""
    for name in ("dev.jsonlines", "test.jsonlines"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            start, _end, ((aida, _),) = doc["evt_triggers"][0][0], None, doc["evt_triggers"][0][2][:1]
            offset, sentence = 0, doc["sentences"][0]
            for tokens in doc["sentences"]:
                if offset <= start < offset + len(tokens):
                    sentence = tokens
                    break
                offset += len(tokens)
            text = detokenise(sentence)
            labels = _rams_labels(aida, text)
            if labels is not None:
                key = doc["doc_key"]
                yield Item("rams_devtest", key, text, *labels, aida, split_of("rams_devtest", key))


def _rams_labels(aida: str, text: str) -> tuple[str | None, str | None] | None:
    match = max((prefix for prefix in RAMS_TYPES if aida.startswith(prefix)), key=len, default=None)
    if match is not None:
        plover, acled = RAMS_TYPES[match]
        if match == "conflict.attack.airstrikemissilestrike" and re.search(r"\bmissiles?\b", text, re.I):
            acled = "Shelling/artillery/missile attack"
        if match == "conflict.attack.bombing" and re.search(r"\bsuicide\b", text, re.I):
            acled = "Suicide bomb"
        return plover, acled
    if aida.startswith(RAMS_NONE_PREFIXES) and not VIOLENCE_WORDS.search(text):
        return NONE, NONE
    return None


def read_geneva(folder: Path) -> Iterator[Item]:
    """GENEVA sentences, typed by their most telling FrameNet frame (official splits)."""
    splits = {
        "train_reconstructed.jsonl": Split.TRAIN,
        "val.jsonl": Split.DEV,
        "test.jsonl": Split.TEST,
    }
    for name, split in splits.items():
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            mentions = [m for m in row["event_mentions"] if _frame_fits(m)]
            frames = [mention["event_type"] for mention in mentions]
            if not frames:
                continue
            text = detokenise(row["tokens"])
            if any(
                m["event_type"] in GENEVA_FRAMES and m["trigger"]["text"].lower() in GENERIC_NOUNS
                for m in mentions
            ):
                continue  # "the war", "chemical warfare", "terrorism": a topic, not a reported deed
            telling = next((f for f in GENEVA_FRAMES if f in frames), None)
            if telling is not None:
                plover, acled = GENEVA_FRAMES[telling]
                yield Item("geneva", row["wnd_id"], text, plover, acled, telling, split)
            elif all(f in GENEVA_NONE_FRAMES for f in frames) and not VIOLENCE_WORDS.search(text):
                yield Item("geneva", row["wnd_id"], text, NONE, NONE, "+".join(sorted(set(frames))), split)


def _frame_fits(mention: dict) -> bool:
    """Whether a GENEVA frame mention is what its frame says: the ``Protest`` frame also
    labels arguing and proving ("critics argue that ...", "has it been proven"), which is no
    protest; only a protest word makes it one."""
    return mention["event_type"] != "Protest" or bool(PROTEST_WORDS.search(mention["trigger"]["text"]))


def read_ucdp(folder: Path) -> Iterator[Item]:
    """UCDP GED headlines (each headline once, keyed by its first event's id)."""
    seen: set[str] = set()
    for name in ("ged231_global_sample1000.csv", "ged191_syria_2016_2019.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as stream:
            rows = sorted(csv.DictReader(stream), key=lambda r: float(r["id"]))
        for row in rows:
            headline = _deed_headline(row["source_headline"])
            if headline is None or headline.lower() in seen:
                continue
            seen.add(headline.lower())
            violence = int(float(row["type_of_violence"]))
            plover = "ASSAULT" if violence == 3 else "FIGHT"
            acled = cue_label(headline) or ("Attack" if violence == 3 else None)
            key = f"{name}:{row['id']}"
            yield Item(
                "ucdp_ged", key, headline, plover, acled, f"violence {violence}", split_of("ucdp_ged", key)
            )


def _deed_headline(field: str) -> str | None:
    for part in re.split(r"\s*;\s*", field):
        text = re.sub(r"\s*\|\s*", ". ", part).strip(" .")
        if len(text.split()) >= 4 and DEED_WORDS.search(text):
            return text
    return None


def read_wcep(folder: Path) -> Iterator[Item]:
    """Wikipedia Current Events "armed conflicts and attacks" items, typed by their words."""
    seen: set[str] = set()
    for line in (folder / "items.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = OUTLETS.sub("", row["text"]).strip()
        if not text or text in seen:
            continue
        seen.add(text)
        plover, acled = wcep_labels(text)
        if plover is None and acled is None:
            continue
        key = f"{row['date']}\x1f{row['text']}"
        yield Item(
            "wcep_armed_conflicts",
            key,
            text,
            plover,
            acled,
            "cue words",
            split_of("wcep_armed_conflicts", key),
        )


# Classes of phrasing for the silver labels of the Wikipedia items (`wcep_labels`), written
# after the hand-labelled dev items (``corpus/devdata/events_wcep_labels.tsv``) showed what the
# weapon words alone get wrong: weapons delivered, deployed or warned of are no attack, a toll
# update is no event, an armed group's attack on state forces is an Armed clash.
HARM = re.compile(
    r"\b(?:kill\w*|dead|died|die|deaths?|injur\w*|wound\w*|damag\w*|destroy\w*|hits?|struck|strikes?|"
    r"launch(?:es|ed)?|fir(?:e|es|ed|ing) (?:at|on|into|upon)|opens? fire|opened fire|shell(?:s|ed|ing)|"
    r"bomb(?:s|ed|ing)|bombard\w*|explo(?:de|des|ded|sion|sions)|blasts?|attack\w*|target\w*|casualt\w*|"
    r"massacre\w*|execut\w*|shot|shoot\w*|stab\w*|ambush\w*|raids?|clash\w*|fight\w*|fought|battles?)\b",
    re.I,
)
TOLL_UPDATE = re.compile(
    r"\b(?:death toll|casualty (?:figures?|count)|(?:number|total) of (?:people|civilians|deaths)|"
    r"(?:ha(?:ve|s) been|were) (?:killed|injured) (?:so far|since)|since the (?:war|invasion|conflict) began|"
    r"(?:fled|displaced|refugees)\b)",
    re.I,
)
DELIVERY = re.compile(
    r"\b(?:suppl(?:y|ies|ying|ied)|deliver\w*|donat\w*|send(?:s|ing)?|sent|provid\w*|packages?|sales?|sell\w*|"
    r"transfer\w*|aid|assistance|purchase\w*|buy\w*|bought|acquir\w*|pledg\w*|shipments?)\b",
    re.I,
)
DEPLOY = re.compile(
    r"\b(?:deploy\w*|reinforc\w*|mobili[sz]\w*|mass(?:es|ed|ing)? (?:troops|forces)|columns? of)\b", re.I
)
EXERCISE = re.compile(r"\b(?:exercises?|drills?|missile tests?|test-fir\w*|parades?)\b", re.I)
INTERCEPT = re.compile(
    r"\b(?:intercept\w*|shoots? down|shot down|downed|air defen[cs]es?|repel(?:s|led)? (?:a |an )?(?:\w+ ){0,2}"
    r"(?:drone|missile|rocket|air)|jamm\w*|defus\w*)\b",
    re.I,
)
ARREST = re.compile(r"\b(?:arrest\w*|detain\w*|detention|apprehend\w*|taken into custody)\b", re.I)
PROTEST_WORD = re.compile(r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march(?:es|ed)?|sit-ins?)\b")
RIOT_WORD = re.compile(
    r"\b(?:riot\w*|loot\w*|set fire|set ablaze|torch\w*|stones?|clash\w*|storm\w*|burn\w*)\b", re.I
)
STATE_FORCE_FIRE = re.compile(
    r"\b(?:police|soldiers|troops|security forces|forces)\b[^.]*\b(?:fire[sd]? (?:live|on|at|upon)|open(?:s|ed)? fire|"
    r"kill\w*|shoot\w*|shot)\b|\bcrackdown\b",
    re.I,
)
DISPERSE = re.compile(
    r"\b(?:dispers\w*|tear gas|rubber bullets|water cannons?|stun grenades?|arrest\w*|detain\w*)\b", re.I
)
AGREEMENT = re.compile(
    r"\b(?:(?:ceasefire|peace|truce) (?:agreement|deal|accord)|agree\w* (?:to|on) (?:a )?(?:ceasefire|truce)|"
    r"sign\w* (?:a |the )?(?:\w+ )?(?:agreement|deal|accord)|(?:prisoner|body|bodies|pow) (?:exchange|swap)|"
    r"exchange (?:of )?(?:\w+ )?(?:prisoners|bodies|pows)|in exchange for)\b",
    re.I,
)
REGAIN = re.compile(
    r"(?<!to )(?<!will )\b(?:[Rr]ecaptur\w*|[Rr]etak(?:es|en|ing)|retake|retook|[Rr]egain(?:s|ed)|liberat(?:es|ed|ing)|"
    r"reclaim\w*|take back|took back)\b"
)
CAPTURE = re.compile(
    r"\b(?:captur(?:e|es|ed)|seiz(?:e|es|ed)|overr(?:un|uns|an)|tak(?:e|es|en) (?:over|control)|took (?:over|control)|"
    r"(?:gain|gains|gained|in) control)\b",
    re.I,
)
NON_STATE = re.compile(
    r"\b(?:rebels?|militants?|insurgents?|jihadists?|militia\w*|taliban|m23|rapid support forces|rsf|gangs?|"
    r"houthis?|al-shabaab|islamic state|isil|isis|wagner|separatists?|fighters|fano|tigray\w* forces|tpl?f|tdf|"
    r"army of|liberation army|liberation front|mujahideen)\b",
    re.I,
)
SECURITY_TARGET = re.compile(
    r"\b(?:police(?:m[ae]n| officers?| stations?| posts?| checkpoints?| convoys?| patrols?)?|policem[ae]n|soldiers?|"
    r"troops|servicem[ae]n|gendarmes?|peacekeepers?|border guards?|security (?:forces|personnel|officers?|posts?|outposts?)|"
    r"(?:military|army) (?:bases?|posts?|outposts?|convoys?|patrols?|positions?|camps?)|checkpoints?|outposts?|patrols?|"
    r"militiam[ae]n|fighters|militants|insurgents|rebels|jihadists)\b",
    re.I,
)
CIVILIAN_TARGET = re.compile(
    r"\b(?:civilians?|villagers?|residents?|worshippers?|passengers?|farmers?|people|persons?|children|women|men|man|woman|"
    r"girls?|boys?|students?|teachers?|journalists?|priests?|nuns?|families|family|couple|activists?|workers?|"
    r"(?:bank )?managers?|traders?|shoppers|mourners|tourists|[a-z]+ians\b|israelis|iraqis|palestinians)\b",
    re.I,
)
VERBAL: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.I))
    for label, pattern in (
        ("THREATEN", r"\b(?:warns?|warned|threaten\w*|vows? to|ultimatum)\b"),
        (
            "DEMAND",
            r"\b(?:calls? (?:on|for)|called (?:on|for)|urg(?:es|ed|e)|demand\w*|asks?|asked|requests?|implor\w*|appeal\w*)\b",
        ),
        ("REJECT", r"\b(?:den(?:y|ies|ied)|rejects?|rejected|refus\w*|rules? out|veto\w*)\b"),
        ("DISAPPROVE", r"\b(?:condemn\w*|accus\w*|criticis\w*|criticiz\w*|blam\w*|denounc\w*)\b"),
        ("SANCTION", r"\b(?:sanction\w*|bans?|banned|expel\w*|embargo\w*|suspend\w*)\b"),
        ("INVESTIGATE", r"\b(?:investigat\w*|inquiry|probe|documents?|documented)\b"),
        ("CONSULT", r"\b(?:meets?|met|talks|visits?|visited|negotiat\w*|summit)\b"),
    )
)


def wcep_labels(text: str) -> tuple[str | None, str | None]:
    """Silver PLOVER and ACLED labels of one Wikipedia item from classes of its phrasing
    (None: the words cannot tell)."""
    harm = HARM.search(text)
    if TOLL_UPDATE.search(text) and not CUES[-1][1].search(text):
        return NONE, NONE  # "The death toll in Gaza increases to 1,200": no new event
    if not harm:
        if DELIVERY.search(text) and re.search(
            r"\b(?:weapons?|missiles?|arms|tanks?|jets?|ammunition|shells|systems?|aircraft|vehicles?|howitzers?|drones?|aid)\b",
            text,
            re.I,
        ):
            return "AID", NONE
        if EXERCISE.search(text):
            return "MOBILIZE", NONE
        if DEPLOY.search(text):
            return "MOBILIZE", "Other"
        if ARREST.search(text):
            return (
                ("COERCE", "Protest with intervention")
                if PROTEST_WORD.search(text)
                else ("COERCE", "Arrests")
            )
    if PROTEST_WORD.search(text):
        if STATE_FORCE_FIRE.search(text):
            return "ASSAULT", "Excessive force against protesters"
        if DISPERSE.search(text):
            return "COERCE", "Protest with intervention"
        if RIOT_WORD.search(text):
            return "PROTEST", "Violent demonstration"
        if not harm:
            return "PROTEST", "Peaceful protest"
    if AGREEMENT.search(text):
        return ("RETREAT" if re.search(r"exchange|swap", text, re.I) else "AGREE"), "Agreement"
    if INTERCEPT.search(text) and not re.search(r"\b(?:kill\w*|dead|injur\w*|wound\w*)\b", text, re.I):
        return "FIGHT", "Disrupted weapons use"
    if REGAIN.search(text):
        return "FIGHT", "Government regains territory"
    if CAPTURE.search(text) and re.search(
        r"\b(?:town|village|city|capital|district|base|airport|province|territory|settlements?|positions?|plant|station|region|area)\b",
        text,
        re.I,
    ):
        before = CAPTURE.split(text, maxsplit=1)[0]
        return "FIGHT", "Non-state actor overtakes territory" if NON_STATE.search(
            before
        ) else "Government regains territory"
    if not harm:
        verbal = next((label for label, pattern in VERBAL if pattern.search(text)), None)
        return (verbal, NONE) if verbal is not None else (None, None)
    acled = cue_label(text)
    if acled == "Armed clash" or (acled is None and FIGHT_WORDS.search(text)):
        plover: str | None = "FIGHT"
    elif acled is not None or ONE_SIDED_WORDS.search(text):
        plover = "ASSAULT"
    else:
        plover = None
    if acled is None and plover == "ASSAULT":
        acled = (
            "Armed clash" if SECURITY_TARGET.search(text) and not CIVILIAN_TARGET.search(text) else "Attack"
        )
    if (
        acled == "Armed clash"
        and plover == "FIGHT"
        and re.search(r"\b(?:ambush\w*|attack\w*)\b", text, re.I)
        and not re.search(
            r"\b(?:clash\w*|fight\w*|fought|battles?|gun ?fights?|shootouts?|exchanges? of fire)\b",
            text,
            re.I,
        )
    ):
        plover = "ASSAULT"
    return plover, acled


def wcep_digest(split_key: str) -> str:
    """The key a hand label is stored under: 12 hex digits of SHA-256 of the split key."""
    return hashlib.sha256(split_key.encode()).hexdigest()[:12]


def read_hand_labels(path: Path = HAND_LABELS) -> dict[str, tuple[str, str]]:
    """``digest → (ACLED sub-event as ACLED spells it, or none; PLOVER type or none)``."""
    labels: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        digest, _split, code, plover = line.split("\t")
        acled = sub_event_type_of(code)
        if acled is None:
            raise ValueError(f"{path}:{number}: {code!r} is no ACLED sub-event code")
        labels[digest] = (acled, plover)
    return labels


def read_wcep_hand(folder: Path) -> Iterator[Item]:
    """The Wikipedia Current Events items labelled by hand (``HAND_LABELS``)."""
    labels = read_hand_labels()
    for line in (folder / "items.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = f"{row['date']}\x1f{row['text']}"
        label = labels.pop(wcep_digest(key), None)
        if label is not None:
            acled, plover = label
            text = OUTLETS.sub("", row["text"]).strip()
            yield Item(
                "wcep_hand", key, text, plover, acled, "by hand", split_of("wcep_armed_conflicts", key)
            )


READERS = {
    "rams_devtest": read_rams,
    "geneva": read_geneva,
    "ucdp_ged": read_ucdp,
    "wcep_armed_conflicts": read_wcep,
}
# Read by name (``load_items(only=...)``), not with the rest: its items are the same texts as
# ``wcep_armed_conflicts``' with other labels.
HAND_READERS = {"wcep_hand": (read_wcep_hand, "wcep_armed_conflicts")}


def load_items(root: Path = DEVDATA, only: Collection[str] = ()) -> list[Item]:
    """Every labelled item of every data set (or of the data sets named in ``only``, which
    may name the hand-labelled ``wcep_hand``), in a stable order."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: the real development data is not there")
    readers = {name: (read, name) for name, read in READERS.items()} | HAND_READERS
    unknown = set(only) - set(readers)
    if unknown:
        raise ValueError(f"unknown data sets {sorted(unknown)}; known: {sorted(readers)}")
    chosen = only or READERS
    return [item for name in chosen for item in readers[name][0](root / readers[name][1])]


if __name__ == "__main__":
    from collections import Counter

    items = load_items()
    print(Counter((i.dataset, i.split.value) for i in items))
    print(Counter(i.plover for i in items))
    print(Counter(i.acled for i in items))
