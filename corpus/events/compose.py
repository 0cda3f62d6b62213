"""Compose the event-type corpus from hand-written lexicons, frames and sentences.

``source/<split>/{lexicon.json, frames.txt, targets.txt, written.txt, edge.txt}`` →
``<split>.jsonl``, one ``{"text", "plover", "acled_sub", "acled_event", "kind", "group"}`` object a
line. ``kind`` is composed, written or edge; ``group`` names the frame (or hand-written line) an item
came from, so that cross-validation can hold out whole frames.

Each split has its own lexicon and frames, written separately, so that the test split measures
how well a model generalises beyond the phrasing it was trained on. Composition is
deterministic: the same sources and seed give byte-identical files.

Run ``python corpus/events/compose.py`` to regenerate both splits.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
EVENT_TYPES = HERE.parents[1] / "src" / "sitrep" / "code" / "models" / "event_types.json"
SEED = 20220106
SPLITS = ("train", "test")

SLOT = re.compile(r"\{(\w+)\}")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
# Lexicon slots whose entries must not be shared by the two splits.
DISJOINT_SLOTS = ("agency", "source", "civ_one", "ngo", "when", "follow_ups")

# Share of composed sentences that get a wrapper, a second sentence or translation noise.
P_WRAP = 0.35
P_FOLLOW = 0.12
P_NOISE = 0.10


@dataclass(frozen=True, slots=True)
class Frame:
    """One hand-written sentence frame with the labels every sentence made from it gets."""

    plover: str
    acled_sub: str
    template: str
    headline: bool
    line: int


@dataclass(frozen=True, slots=True)
class Item:
    """One labelled corpus sentence."""

    text: str
    plover: str
    acled_sub: str
    acled_event: str
    kind: str
    group: str

    def to_json(self) -> str:
        """The item as one JSON line."""
        return json.dumps(
            {
                "text": self.text,
                "plover": self.plover,
                "acled_sub": self.acled_sub,
                "acled_event": self.acled_event,
                "kind": self.kind,
                "group": self.group,
            },
            ensure_ascii=False,
        )


@dataclass(frozen=True, slots=True)
class Labels:
    """The label vocabularies: PLOVER types and ACLED sub-event → event type."""

    plover: tuple[str, ...]
    acled: dict[str, str]
    none: str

    def event_of(self, sub: str) -> str:
        """ACLED event type of a sub-event type ("none" stays "none")."""
        return self.none if sub == self.none else self.acled[sub]

    def check(self, plover: str, acled_sub: str, where: str) -> None:
        """Fail on a label that is not in the vocabularies."""
        if plover not in self.plover:
            raise ValueError(f"{where}: unknown PLOVER type {plover!r}")
        if acled_sub != self.none and acled_sub not in self.acled:
            raise ValueError(f"{where}: unknown ACLED sub-event type {acled_sub!r}")


def load_labels(path: Path = EVENT_TYPES) -> Labels:
    """Read the label vocabularies shipped with the package."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Labels(tuple(data["plover"]), dict(data["acled_sub_event_types"]), data["acled_none"])


def read_rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """Rows of a source file, cells separated by `` | ``; blank lines and ``#`` comments skipped."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split(" | ")
        if len(cells) != columns:
            raise ValueError(f"{path.name}:{number}: expected {columns} cells separated by ' | '")
        yield number, [cell.strip() for cell in cells]


def load_frames(path: Path, labels: Labels) -> dict[tuple[str, str], list[Frame]]:
    """Frames by label pair; a template starting with ``^`` is a headline."""
    frames: dict[tuple[str, str], list[Frame]] = {}
    for number, (plover, acled_sub, template) in read_rows(path, 3):
        labels.check(plover, acled_sub, f"{path.name}:{number}")
        headline = template.startswith("^")
        frame = Frame(plover, acled_sub, template.lstrip("^"), headline, number)
        frames.setdefault((plover, acled_sub), []).append(frame)
    return frames


def load_targets(path: Path) -> dict[tuple[str, str], int]:
    """How many sentences to compose for each label pair."""
    return {(plover, sub): int(count) for _, (plover, sub, count) in read_rows(path, 3)}


def load_written(path: Path, labels: Labels, kind: str) -> list[Item]:
    """Fully hand-written sentences with their labels."""
    items = []
    for number, (plover, acled_sub, text) in read_rows(path, 3):
        labels.check(plover, acled_sub, f"{path.name}:{number}")
        items.append(Item(text, plover, acled_sub, labels.event_of(acled_sub), kind, f"{kind}:{number}"))
    return items


class Composer:
    """Fills frames from one split's lexicon with a seeded random generator."""

    def __init__(self, lexicon: dict[str, Any], rng: random.Random) -> None:
        self.rng = rng
        self.countries: list[dict[str, Any]] = lexicon["countries"]
        self.slots: dict[str, list[str]] = {
            key: value for key, value in lexicon.items() if key != "countries"
        }
        self.bound: dict[str, str] = {}

    def bind_country(self) -> None:
        """Choose the country whose places, groups and people this item talks about.

        The slots ``country dem capital town town2 TOWN region group person`` are bound once
        per item, so that a sentence's places and actors agree with each other.
        """
        country = self.rng.choice(self.countries)
        towns: list[str] = self.rng.sample(country["towns"], 2)
        self.bound = {
            "country": str(country["name"]),
            "dem": str(country["dem"]),
            "capital": str(country["capital"]),
            "town": towns[0],
            "town2": towns[1],
            "region": self.rng.choice(country["regions"]),
            "group": self.rng.choice(country["groups"]),
            "person": self.rng.choice(country["people"]),
            "TOWN": towns[0].upper(),
        }

    def number(self) -> str:
        """A casualty-sized count, spelled out when small as news style has it."""
        value = self.rng.choice(
            (2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 19, 21, 23, 26, 30, 34, 41, 52, 67)
        )
        if value <= 12 and self.rng.random() < 0.6:
            return NUMBER_WORDS[value - 2]
        return str(value)

    def fill(self, template: str, depth: int = 0) -> str:
        """Replace every ``{slot}`` of a template, recursively."""
        if depth > 6:
            raise ValueError(f"slot recursion too deep in {template!r}")

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in ("s", "S"):  # where a wrapper puts the sentence it wraps
                return match.group(0)
            if name in self.bound:
                return self.bound[name]
            if name in ("n", "n2", "n3"):
                return self.number()
            if name not in self.slots:
                raise KeyError(f"no lexicon slot {name!r} (in {template!r})")
            return self.fill(self.rng.choice(self.slots[name]), depth + 1)

        return SLOT.sub(replace, template)

    def compose(self, frame: Frame) -> str:
        """One sentence (or headline) from a frame, with optional wrapper and follow-up."""
        self.bind_country()
        core = tidy(self.fill(frame.template))
        if frame.headline:
            if self.rng.random() < 0.25:
                core = self.fill(self.rng.choice(self.slots["headline_prefix"])) + core
            return capitalise(core)
        bare = decapitalise(core.rstrip("."), frame.template)
        text = capitalise(bare) + "."
        if self.rng.random() < P_WRAP:
            wrapper = self.fill(self.rng.choice(self.slots["wrappers"]))
            text = wrapper.replace("{S}", capitalise(bare) + ".").replace("{s}", bare)
            text = capitalise(tidy(text))
            if text[-1] not in '.!?"”':
                text += "."
        if self.rng.random() < P_FOLLOW:
            text += " " + capitalise(self.fill(self.rng.choice(self.slots["follow_ups"])))
        if self.rng.random() < P_NOISE:
            text = add_translation_noise(text, self.rng)
        return text


ARTICLE = re.compile(r"\b([Aa]) (?=(?!one\b|uni|use|eu|ewe)[aeiou])")


def tidy(text: str) -> str:
    """Fix spacing, doubled punctuation and a/an after slots were filled."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ([,;:])", r"\1", text)
    text = re.sub(r",,+", ",", text)
    text = re.sub(r"\.\.+$", ".", text)
    return ARTICLE.sub(lambda m: m.group(1) + "n ", text)


def capitalise(text: str) -> str:
    """Upper-case the first character when it is a letter (or the letter after a quote)."""
    start = 1 if text[:1] in "\"“'" else 0
    if text[start : start + 1].isalpha():
        return text[:start] + text[start].upper() + text[start + 1 :]
    return text


def decapitalise(text: str, template: str) -> str:
    """Lower-case a sentence's first letter when the frame's own first word is a common word.

    Used where a wrapper puts the sentence inside another ("Reports say troops ...").
    Words that come from a slot keep their case (names), and so do acronyms ("UN experts").
    """
    first = template.split(" ", 1)[0]
    if template.startswith("{") or (len(first) > 1 and first.isupper()):
        return text
    return text[:1].lower() + text[1:]


def add_translation_noise(text: str, rng: random.Random) -> str:
    """Artefacts of machine translation seen in live tickers: stray spaces, typographic quotes."""
    choice = rng.randrange(4)
    if choice == 0:
        return re.sub(r"\.$", " .", text)
    if choice == 1:
        return text.replace("'", "’")
    if choice == 2:
        return re.sub(r"\b(the|The) ", "", text, count=1)
    return text.replace(", ", " , ", 1)


def compose_split(split: str, labels: Labels, seed: int = SEED) -> list[Item]:
    """All items of one split: composed, hand-written and edge cases, de-duplicated."""
    folder = SOURCE / split
    lexicon = json.loads((folder / "lexicon.json").read_text(encoding="utf-8"))
    frames = load_frames(folder / "frames.txt", labels)
    targets = load_targets(folder / "targets.txt")
    if set(targets) != set(frames):
        odd = sorted(set(targets) ^ set(frames))
        raise ValueError(f"{split}: label pairs with frames but no target, or the reverse: {odd}")
    rng = random.Random(f"{seed}-{split}")
    composer = Composer(lexicon, rng)
    items: list[Item] = []
    seen: set[str] = set()
    for (plover, acled_sub), count in sorted(targets.items()):
        pool = frames[(plover, acled_sub)]
        made, attempts = 0, 0
        order = pool
        while made < count and attempts < count * 20:
            attempts += 1
            # Walk the frames in shuffled rounds so every frame is used about equally.
            if (attempts - 1) % len(pool) == 0:
                order = rng.sample(pool, len(pool))
            frame = order[(attempts - 1) % len(pool)]
            text = composer.compose(frame)
            if text in seen:
                continue
            seen.add(text)
            group = f"frame:{frame.line}"
            items.append(Item(text, plover, acled_sub, labels.event_of(acled_sub), "composed", group))
            made += 1
        if made < count:
            logger.warning("%s %s/%s: only %d of %d unique", split, plover, acled_sub, made, count)
    for kind in ("written", "edge"):
        for item in load_written(folder / f"{kind}.txt", labels, kind):
            if item.text not in seen:
                seen.add(item.text)
                items.append(item)
    rng.shuffle(items)
    return items


def check_disjoint() -> None:
    """Fail when the two splits' lexicons share places, groups, people or sources."""
    lexicons = {s: json.loads((SOURCE / s / "lexicon.json").read_text(encoding="utf-8")) for s in SPLITS}

    def names(lexicon: dict[str, Any]) -> set[str]:
        found: set[str] = set()
        for country in lexicon["countries"]:
            found.add(country["name"])
            found.add(country["capital"])
            for key in ("towns", "regions", "groups", "people"):
                found.update(country[key])
        for slot in DISJOINT_SLOTS:
            found.update(lexicon.get(slot, []))
        return found

    found = {split: names(lexicon) for split, lexicon in lexicons.items()}
    shared = found["train"] & found["test"]
    if shared:
        raise ValueError(f"train and test lexicons share entries: {sorted(shared)}")
    # Hand-written sentences must not name the other split's places and actors either.
    for split, other in (("train", "test"), ("test", "train")):
        proper = sorted(name for name in found[other] if len(name) >= 4 and name[:1].isupper())
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, proper)) + r")\b")
        for kind in ("written", "edge"):
            for _, (_, _, text) in read_rows(SOURCE / split / f"{kind}.txt", 3):
                hit = pattern.search(text)
                if hit:
                    raise ValueError(f"{split}/{kind}.txt names {hit.group(0)!r} from the {other} lexicon")


def write_corpus(seed: int = SEED) -> dict[str, list[Item]]:
    """Compose both splits, check them and write ``train.jsonl`` and ``test.jsonl``."""
    labels = load_labels()
    check_disjoint()
    splits = {split: compose_split(split, labels, seed) for split in SPLITS}
    train_texts = {item.text.casefold() for item in splits["train"]}
    leaked = [item.text for item in splits["test"] if item.text.casefold() in train_texts]
    if leaked:
        raise ValueError(f"test sentences also in train: {leaked[:5]}")
    for split, items in splits.items():
        path = HERE / f"{split}.jsonl"
        path.write_text("".join(item.to_json() + "\n" for item in items), encoding="utf-8")
        counts = Counter(item.kind for item in items)
        logger.info("%s: %d items %s", path.name, len(items), dict(counts))
    return splits


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_corpus()
