"""The speakers of a sched-hosted session, from the text scrape or the iCal SUMMARY.

sched writes a session's title as ``Title - Speaker, Role, Company; Speaker2, Company2``
(also ``A & B, Company`` and ``A, Company & B, Company``). Its iCal feed keeps that
SUMMARY; the text scrape split it at the first `` - `` and rewrote each ``Name, Rest``
as ``Name (Rest)``, leaving artifacts (``Lucas Käldström (Upbound & Micah Hausler, AWS)``).
Both come down to one grammar, read here by one implementation:

1. :func:`segments` cuts the text at its separators (``;``, ``,``, `` & ``, `` and ``)
   outside parentheses, in one pass (no regular expression that could backtrack).
2. :func:`looks_like_person` tells a name (``Bo Chen``) from a role or a company
   (``Staff Engineer``, ``Initech``, ``Solo.io``).
3. :func:`group_speakers` reads the segments as groups of names, each followed by
   the affiliation they share; the rules are small functions named ``rule_*``.

Where the speakers sit in the scrape's ``Speakers:`` line and in the SUMMARY is
:mod:`planner.readers.sched_lines`. A text the rules are not sure of is kept as written:
one speaker, the text as sched had it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

# Words that mark a job title or an honorific, never a person's name.
ROLE_WORDS = frozenset(
    """
    manager engineer engineering director lead founder cofounder co-founder ceo cto cio coo cfo
    cso cpo vp svp evp president officer architect developer advocate head maintainer consultant
    scientist researcher student professor chair co-chair member analyst specialist principal
    senior sr staff chief product program technical software marketing evangelist owner
    partner administrator designer intern fellow mr ms mrs dr team group committee creator
    contributor ambassador sre devops lecturer editor author
    """.split()
)
# Words that mark an organisation (a company, a university, a project), never a person's name.
ORGANISATION_WORDS = frozenset(
    """
    inc inc. llc ltd ltd. corp corp. corporation co co. gmbh ag sa bv plc labs lab technologies
    technology systems cloud foundation university institute research networks solutions
    services security data bank holdings computing digital media community project consulting
    studio interactive telecom telekom communications global international platform platforms
    io ai company industries enterprises group ventures
    """.split()
)
# First words of phrases that are titles, not names ("The Why", "Intro").
NOT_NAME_START = frozenset("the a an intro what where why how when who which".split())
NAME_PARTICLES = frozenset("de da das do dos del della der den di du la le van von bin al el y".split())
NAME_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'.\-]*")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE_LIKE = re.compile(
    rf"\b(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}:\d{{2}}\s*[ap]m\b", re.IGNORECASE
)
# The longest name planner believes in; what is longer is a title's words.
MAX_NAME_LENGTH = 80
# What :func:`segments` looks at: parentheses, and the separators (`` & `` and `` and ``
# only between spaces). The marks share no character, so no match hides another.
SEGMENT_MARK = re.compile(r"([(),;]|(?<= )&(?= )|(?<= )and(?= ))")
_DIGIT = re.compile(r"\d")


# Tuples, not frozen dataclasses: a 10,000-session programme makes tens of thousands
# of each, and a frozen dataclass is several times slower to build.
class ParsedSpeaker(NamedTuple):
    name: str
    affiliation: str | None


class Known(NamedTuple):
    """Names a feed uses elsewhere without doubt: as people, and as affiliations."""

    people: frozenset[str] = frozenset()
    affiliations: frozenset[str] = frozenset()


class Unsure(Exception):
    """The grammar cannot tell a person from a company here (``A, Bo Chen & Cy Dorr, Initech``)."""


class Segment(NamedTuple):
    """A piece of a speaker text between separators, and the separator before it."""

    text: str
    before: str  # "", ",", ";", "&" or "and"


# Pure functions of one short string, asked again and again for the same names and
# companies (a programme repeats its speakers): cached. Bounded, so memory stays flat.
@functools.lru_cache(maxsize=8192)
def looks_like_person(text: str) -> bool:
    """True when ``text`` reads as a person's name: 2-5 capitalised words, no job or company words.

    >>> looks_like_person("Justin Santa Barbara"), looks_like_person("General Manager")
    (True, False)
    >>> looks_like_person("The Why"), looks_like_person("Intro"), looks_like_person("Acme Labs")
    (False, False, False)
    >>> looks_like_person("Vaclav (Oisin) Haken")
    True
    """
    if len(text) > MAX_NAME_LENGTH:
        return False
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or tokens[0].casefold() in NOT_NAME_START:
        return False
    for token in tokens:
        # A nickname in parentheses or quotes is part of a name: "Vaclav (Oisin) Haken", 'Ana "Ace" Lima'.
        bare = token.strip('()"“”‘’').strip(".,")
        folded = bare.casefold()
        if folded in ROLE_WORDS or folded in ORGANISATION_WORDS or any(ch.isdigit() for ch in token):
            return False
        if folded in NAME_PARTICLES:
            continue
        if not NAME_TOKEN.fullmatch(bare.strip(".")) or (len(bare) > 1 and bare.isupper()):
            # An all-capitals word is an acronym (IBM, AWS), not a name.
            return False
    return True


@functools.lru_cache(maxsize=8192)
def is_role(text: str) -> bool:
    """True when ``text`` holds a job word: a role waits for its company (``Staff Engineer``)."""
    return any(word.strip(".,()").casefold() in ROLE_WORDS for word in text.split())


def segments(text: str) -> list[Segment]:
    """Cut ``text`` at ``;``, ``,``, `` & `` and `` and `` outside parentheses, in one pass.

    >>> [(s.before, s.text) for s in segments("Ana Lima, Acme (EU, US) & Bo Chen and Cy Dorr")]
    [('', 'Ana Lima'), (',', 'Acme (EU, US)'), ('&', 'Bo Chen'), ('and', 'Cy Dorr')]
    """
    if "(" not in text and ")" not in text:
        return _flat_segments(text)
    found: list[Segment] = []
    depth = 0
    start = 0
    before = ""
    # Only the characters that matter are visited (one C-level scan), not every character.
    for match in SEGMENT_MARK.finditer(text):
        mark = match.group()
        if mark == "(":
            depth += 1
            continue
        if mark == ")":
            depth = max(depth - 1, 0)
            continue
        if depth:
            continue
        i = match.start()
        piece = text[start:i].strip()
        if piece:
            found.append(Segment(piece, before))
            before = mark
        elif mark != ",":
            # ", and": the word is the separator that counts.
            before = mark
        start = match.end()
    piece = text[start:].strip()
    if piece:
        found.append(Segment(piece, before))
    return found


def _flat_segments(text: str) -> list[Segment]:
    """:func:`segments` of a text without parentheses: one C-level split at the marks."""
    parts = SEGMENT_MARK.split(text)
    if len(parts) == 1:
        # Most pieces (a name, a company) hold no separator at all.
        piece = text.strip()
        return [Segment(piece, "")] if piece else []
    found: list[Segment] = []
    before = ""
    # The split alternates piece, mark, piece, ...: each mark follows its piece.
    for index in range(0, len(parts), 2):
        piece = parts[index].strip()
        mark = parts[index + 1] if index + 1 < len(parts) else None
        if piece:
            found.append(Segment(piece, before))
            if mark is not None:
                before = mark
        elif mark is not None and mark != ",":
            # ", and": the word is the separator that counts.
            before = mark
    return found


# -- the rules that group segments into speakers ----------------------------


@dataclass
class _Group:
    names: list[str]
    affiliation: list[Segment]


def rule_joint_name(group: _Group, segment: Segment) -> bool:
    """``A & B, Company``, ``A and B``: a name joined to names before any affiliation."""
    return not group.affiliation and segment.before in ("&", "and")


def rule_company_after_one_name(group: _Group, segment: Segment, following: Segment | None) -> bool:
    """``Ana Lima, Red Hat & Bo Chen, Capital One``: after a lone name, a name-like piece that
    ends the text or its group is that person's company, not a second person."""
    if group.affiliation or segment.before != ",":
        return False
    return following is None or (len(group.names) == 1 and following.before in ("&", "and", ";"))


def rule_role_waits_for_company(group: _Group, segment: Segment) -> bool:
    """``Staff Engineer, Red Hat``: after a role, the next piece is the company."""
    return bool(group.affiliation) and is_role(group.affiliation[-1].text) and segment.before == ","


def rule_repeated_piece(group: _Group, segment: Segment) -> bool:
    """``David Ashpole, David Ashpole, Google`` and ``Red Hat, Red Hat``: said twice, kept once."""
    last = group.affiliation[-1].text if group.affiliation else group.names[-1]
    return segment.text.casefold() == last.casefold()


def _affiliation_text(pieces: list[Segment]) -> str | None:
    text = ""
    for piece in pieces:
        joint = {"": "", ",": ", ", ";": "; ", "&": " & ", "and": " and "}[piece.before if text else ""]
        text += joint + piece.text
    return text or None


def rule_one_word_name(pieces: list[Segment]) -> bool:
    """``Flynn, Buoyant & Daniel Bryant, Ambassador Labs``: a lone capitalised word is a name
    when an affiliation follows it and then, after ``&`` or ``;``, a piece that reads as a name."""
    first = pieces[0].text if pieces else ""
    if len(first.split()) != 1 or not NAME_TOKEN.fullmatch(first) or first.isupper():
        return False
    return (
        len(pieces) >= 3
        and not looks_like_person(pieces[1].text)
        and pieces[2].before in ("&", ";", "and")
        and looks_like_person(pieces[2].text)
    )


def group_speakers(
    pieces: list[Segment], first_is_name: bool = False, known: Known | None = None, strict: bool = False
) -> list[ParsedSpeaker] | None:
    """Read segments as ``Names, Affiliation`` groups; None when the first piece is no name
    (``first_is_name``: the caller knows it is one, as the scrape's ``Name (...)`` says).

    ``A, B & C, Company`` says nothing of whether B is A's company or a second person:
    ``known`` (what the rest of the feed says of B) decides; with ``strict`` and nothing
    known, :class:`Unsure` is raised instead of a guess.

    >>> people = group_speakers(segments("Ana Lima, Acme, Bo Chen, and Cy Dorr, Initech"))
    >>> [(p.name, p.affiliation) for p in people]
    [('Ana Lima', 'Acme'), ('Bo Chen', 'Initech'), ('Cy Dorr', 'Initech')]
    """
    if not pieces:
        return None
    if not (first_is_name or looks_like_person(pieces[0].text) or rule_one_word_name(pieces)):
        return None
    groups = [_Group([pieces[0].text], [])]
    for index, segment in enumerate(pieces[1:], 1):
        group = groups[-1]
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if rule_repeated_piece(group, segment):
            continue
        if not looks_like_person(segment.text) or rule_role_waits_for_company(group, segment):
            group.affiliation.append(segment)
        elif rule_joint_name(group, segment):
            group.names.append(segment.text)
        elif rule_company_after_one_name(group, segment, following):
            if known is not None and segment.text in known.people and segment.text not in known.affiliations:
                group.names.append(segment.text)
            elif (
                strict
                and following is not None
                and (known is None or segment.text not in known.affiliations)
                and len(segment.text.split()) > 1
            ):
                raise Unsure(segment.text)
            else:
                group.affiliation.append(segment)
        elif not group.affiliation:
            # "Bo Chen, Cy Dorr & Di Eng, Initech": more names before the company.
            group.names.append(segment.text)
        else:
            groups.append(_Group([segment.text], []))
    people: list[ParsedSpeaker] = []
    for position, group in enumerate(groups):
        affiliation = rule_date_is_no_affiliation(_affiliation_text(group.affiliation))
        # "Ana Lima, Senior Engineer and Bo Chen, Acme": a role alone shares the next group's company.
        if affiliation and all(is_role(p.text) for p in group.affiliation) and position + 1 < len(groups):
            company = [p for p in groups[position + 1].affiliation if not is_role(p.text)]
            if company:
                affiliation = f"{affiliation}, {_affiliation_text(company)}"
        people += [ParsedSpeaker(name, affiliation) for name in group.names]
    return people


def rule_date_is_no_affiliation(affiliation: str | None) -> str | None:
    """``Gustavo Carvalho (Thursday November 13, 2025 1:45pm - 3:00pm EST)``: a date where the
    affiliation should be is dropped."""
    return None if affiliation is not None and date_like(affiliation) else affiliation


def date_like(text: str) -> bool:
    # Every date or clock _DATE_LIKE knows holds a digit: a text without one is not
    # searched with its slow case-blind alternation of month names.
    return bool(_DIGIT.search(text)) and bool(_DATE_LIKE.search(text))
