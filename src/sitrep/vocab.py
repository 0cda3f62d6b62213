"""The project's closed vocabularies as Enums: one place for every code a record may carry.

Each Enum is a `StrEnum`, so a member compares and serialises as the string the `sitrep/1`
contract spells (``Stage.SEGMENT == "segment"``, ``json.dumps`` writes ``"segment"``).
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """The pipeline stage a document was at when it was rejected."""

    INGEST = "ingest"
    SEGMENT = "segment"
    ANALYSE = "analyse"
    CODE = "code"
    EXPORT = "export"


class PloverType(StrEnum):
    """PLOVER's 19 event types (appeals and requests are coded DEMAND)."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    INVESTIGATE = "INVESTIGATE"
    DEMAND = "DEMAND"
    DISAPPROVE = "DISAPPROVE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    MOBILIZE = "MOBILIZE"
    SANCTION = "SANCTION"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"
    FIGHT = "FIGHT"
    CRIME = "CRIME"


class AcledEventType(StrEnum):
    """ACLED's 6 event types, spelled as ACLED spells them."""

    BATTLES = "Battles"
    EXPLOSIONS = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class AcledSubEventType(StrEnum):
    """ACLED's 25 sub-event types, in ACLED's order; `acled_event_type` gives each one's type."""

    ARMED_CLASH = "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING_ARTILLERY_MISSILE_ATTACK = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE_LANDMINE_IED = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION_FORCED_DISAPPEARANCE = "Abduction/forced disappearance"
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP_ACTIVITY = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_OR_BASE_ESTABLISHED = "Headquarters or base established"
    LOOTING_PROPERTY_DESTRUCTION = "Looting/property destruction"
    NON_VIOLENT_TRANSFER_OF_TERRITORY = "Non-violent transfer of territory"
    OTHER = "Other"

    @property
    def event_type(self) -> AcledEventType:
        """The ACLED event type this sub-event type belongs to."""
        return _ACLED_EVENT_OF[self]


_ACLED_EVENT_OF: dict[AcledSubEventType, AcledEventType] = {
    **dict.fromkeys(list(AcledSubEventType)[0:3], AcledEventType.BATTLES),
    **dict.fromkeys(list(AcledSubEventType)[3:9], AcledEventType.EXPLOSIONS),
    **dict.fromkeys(list(AcledSubEventType)[9:12], AcledEventType.VIOLENCE_AGAINST_CIVILIANS),
    **dict.fromkeys(list(AcledSubEventType)[12:15], AcledEventType.PROTESTS),
    **dict.fromkeys(list(AcledSubEventType)[15:17], AcledEventType.RIOTS),
    **dict.fromkeys(list(AcledSubEventType)[17:], AcledEventType.STRATEGIC_DEVELOPMENTS),
}


class ActorRole(StrEnum):
    """What a participant does in an event."""

    ACTOR = "actor"
    TARGET = "target"
    SOURCE = "source"


class EntityKind(StrEnum):
    """What an entity is."""

    PERSON = "person"
    ORGANIZATION = "organization"
    GROUP = "group"
    PLACE = "place"


class Outcome(StrEnum):
    """What a casualty figure counts."""

    KILLED = "killed"
    INJURED = "injured"
    ARRESTED = "arrested"
    MISSING = "missing"
    DISPLACED = "displaced"


class Qualifier(StrEnum):
    """How exact a figure is ("dozens" is vague with min 12, as ACLED codes it)."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    APPROX = "approx"
    VAGUE = "vague"


class FigureScope(StrEnum):
    """A casualty figure's standing among the report's other figures (`sitrep.code.tolls`)."""

    TOTAL = "total"  # a running total ("the death toll rose to 84")
    NEW = "new"  # further victims ("three more died", "another was wounded")
    SUBSET = "subset"  # members of a group counted elsewhere ("including five children")
    KNOWN = "known"  # someone already introduced ("the victim", "he")
    ONE_OF = "one_of"  # one of those told before ("one of them died")


class AttributionLevel(StrEnum):
    """How firmly a claim is made, from the reporter's own assertion to an allegation."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    CLAIMED = "claimed"
    ALLEGED = "alleged"


class PlacePrecision(StrEnum):
    """How precisely a place is located, finest first."""

    POINT = "point"
    CITY = "city"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"


class BriefSection(StrEnum):
    """The sections of a situation report (``sitrep report``), in the order they are printed."""

    KEY_POINTS = "Key points"
    HEADLINE = "Headline figures"
    CHANGES = "What changed since the last report"
    RESTRICTIONS = "Restrictions in force"
    TIMELINE = "Timeline"
    ACTORS = "Actors and what they did"
    REACTIONS = "International reactions"
    CONTESTED = "Contested claims and framing"
    UNKNOWN = "What the record does not know"
