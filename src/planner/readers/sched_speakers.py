"""Repairing the Speakers line of a sched text scrape.

sched titles read "Title - Speaker, Company & Speaker, Company"; the scrape
split them at the first `` - `` and rewrote ``Name, Rest`` as ``Name (Rest)``.
That leaves artifacts this module undoes, each only where it is sure:

- ``Tim Allclair & Mofi Rahman (Software Engineer, Google)``: two people who
  share one affiliation.
- ``Lucas Käldström (Upbound & Micah Hausler, AWS)``: a pair,
  Lucas Käldström (Upbound) and Micah Hausler (AWS).
- ``The Problems With Feature Flagging and How To Avoid Them - Pete Hodgson (...)``:
  a subtitle that belongs to the title, then the speaker.
- ``Intro (Updates, Model Distribution ... - Wenbo Qi & Tao Peng, Ant Group)``:
  the same, with the subtitle's commas turned into a fake affiliation.
- ``Gustavo Carvalho (Thursday November 13, 2025 1:45pm - 3:00pm EST)``: a date
  where the affiliation should be; it is dropped.
- ``David Ashpole (David Ashpole, Google)`` and ``(Software Engineer, Red Hat, Red Hat)``:
  the name or the company repeated inside the affiliation.

``William Rizzo (Strategy Lead, Mirantis Inc - USA)`` stays one speaker: a dash
inside an affiliation is only a subtitle when what follows it reads as names
and what precedes the parenthesis does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that mark a job title or an honorific, never a person's name.
ROLE_WORDS = frozenset(
    """
    manager engineer engineering director lead founder cofounder co-founder ceo cto cio coo cfo
    cso vp svp evp president officer architect developer advocate head maintainer consultant
    scientist researcher student professor chair co-chair member analyst specialist principal
    senior sr staff chief product program technical software marketing evangelist owner
    partner administrator designer intern fellow mr ms mrs dr team group committee
    """.split()
)
# First words of phrases that are subtitles, not names ("The Why", "Intro").
NOT_NAME_START = frozenset("the a an intro what where why how when who which".split())
NAME_PARTICLES = frozenset("de da das do dos del della der den di du la le van von bin al el y".split())
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w’'.\-]*$")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE_LIKE = re.compile(
    rf"\b(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}:\d{{2}}\s*[ap]m\b", re.IGNORECASE
)


@dataclass(frozen=True)
class ParsedSpeaker:
    name: str
    affiliation: str | None


def looks_like_person(text: str) -> bool:
    """True when ``text`` reads as a person's name: 2-5 capitalised words, no job words.

    >>> looks_like_person("Justin Santa Barbara"), looks_like_person("General Manager")
    (True, False)
    >>> looks_like_person("The Why"), looks_like_person("Intro")
    (False, False)
    """
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or tokens[0].casefold() in NOT_NAME_START:
        return False
    for token in tokens:
        bare = token.strip(".,").casefold()
        if bare in ROLE_WORDS or any(ch.isdigit() for ch in token):
            return False
        if not (_NAME_TOKEN.match(token) or bare in NAME_PARTICLES):
            return False
    return True


def _split_top_level(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses.

    >>> _split_top_level("A (x; y); B", ";")
    ['A (x; y)', 'B']
    """
    parts: list[str] = []
    for piece in text.split(sep):
        # A piece continues the previous one while that one has an open parenthesis.
        if parts and parts[-1].count("(") > parts[-1].count(")"):
            parts[-1] += sep + piece
        else:
            parts.append(piece)
    return [p.strip() for p in parts if p.strip()]


def _name_and_affiliation(entry: str) -> tuple[str, str | None]:
    """``Name (Affiliation)`` -> parts; the affiliation may hold nested parentheses."""
    entry = entry.strip()
    if not entry.endswith(")"):
        return entry, None
    depth = 0
    for i in range(len(entry) - 1, -1, -1):
        if entry[i] == ")":
            depth += 1
        elif entry[i] == "(":
            depth -= 1
            if depth == 0:
                name, aff = entry[:i].strip(), entry[i + 1 : -1].strip()
                return (name, aff or None) if name else (entry, None)
    return entry, None


def _clean_affiliation(name: str, affiliation: str | None) -> str | None:
    if affiliation is None or _DATE_LIKE.search(affiliation):
        return None
    parts = [p.strip() for p in affiliation.split(",")]
    # "David Ashpole (David Ashpole, Google)": the name stands where the role should.
    if len(parts) > 1 and parts[0].casefold() == name.casefold():
        parts = parts[1:]
    # "(Software Engineer, Red Hat, Red Hat)": the company twice.
    if len(parts) > 1 and parts[-1].casefold() == parts[-2].casefold():
        parts = parts[:-1]
    return ", ".join(parts) or None


def _split_joint_names(names: str) -> list[str] | None:
    """``A & B`` -> ``[A, B]`` when every part reads as a person, else None."""
    if " & " not in names:
        return None
    parts = [p.strip() for p in names.split(" & ")]
    return parts if all(looks_like_person(p) for p in parts) else None


def _split_pair(affiliation: str) -> tuple[str, str, str] | None:
    """``Upbound & Micah Hausler, AWS`` -> ``("Upbound", "Micah Hausler", "AWS")``."""
    pieces = affiliation.split(" & ")
    if len(pieces) != 2:
        return None
    first_org, rest = pieces[0].strip(), pieces[1].strip()
    if "," in first_org or "," not in rest:
        return None
    second_name, second_org = (p.strip() for p in rest.split(",", 1))
    if not looks_like_person(second_name) or not second_org:
        return None
    if any(w.strip(".").casefold() in ROLE_WORDS for w in first_org.split()):
        return None
    return first_org, second_name, second_org


def _from_raw_form(text: str) -> list[ParsedSpeaker] | None:
    """sched's own ``A & B, Company`` form (what the scrape had not rewritten yet)."""
    names, _, org = text.partition(",")
    names, org = names.strip(), org.strip() or None
    people = _split_joint_names(names) or ([names] if looks_like_person(names) else None)
    if people is None:
        return None
    return [ParsedSpeaker(p, org) for p in people]


def _entry_speakers(entry: str) -> list[ParsedSpeaker]:
    name, aff = _name_and_affiliation(entry)
    aff = _clean_affiliation(name, aff)
    if aff is not None and (pair := _split_pair(aff)):
        first_org, second_name, second_org = pair
        return [ParsedSpeaker(name, first_org), ParsedSpeaker(second_name, second_org)]
    if joint := _split_joint_names(name):
        return [ParsedSpeaker(p, aff) for p in joint]
    return [ParsedSpeaker(name, aff)]


def parse_speakers(line: str) -> tuple[list[ParsedSpeaker], str | None]:
    """Parse a Speakers line into people, and a title tail that was pushed into it.

    >>> people, subtitle = parse_speakers("Lucas Käldström (Upbound & Micah Hausler, AWS)")
    >>> [(p.name, p.affiliation) for p in people], subtitle
    ([('Lucas Käldström', 'Upbound'), ('Micah Hausler', 'AWS')], None)
    """
    entries = _split_top_level(line, ";")
    if not entries:
        return [], None
    subtitle = None
    name, aff = _name_and_affiliation(entries[0])
    if " - " in name:
        # "Subtitle - Speaker (Affiliation)"
        head, tail = name.rsplit(" - ", 1)
        if looks_like_person(tail):
            subtitle = head.strip()
            entries[0] = f"{tail} ({aff})" if aff else tail
    elif aff and " - " in aff and not _DATE_LIKE.search(aff) and not looks_like_person(name):
        # "Intro (Updates, More Subtitle - Speaker & Speaker, Company)"
        head, tail = aff.rsplit(" - ", 1)
        if (people := _from_raw_form(tail)) is not None:
            subtitle = f"{name}, {head.strip()}"
            rest = [s for e in entries[1:] for s in _entry_speakers(e)]
            return people + rest, subtitle
    return [s for e in entries for s in _entry_speakers(e)], subtitle
