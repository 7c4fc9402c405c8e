"""Where sched puts the speakers: the scrape's ``Speakers:`` line and the iCal SUMMARY.

Both are read by the grammar of :mod:`planner.readers.sched_speakers`; this module
finds the parts it is asked about:

- :func:`parse_speakers` reads the scrape's ``Name (Rest); Name (Rest)`` entries,
  the common ones (``Name (Role, Company)``) without the full grammar.
- :func:`split_subtitle` finds a title's tail that was pushed in front of the names
  (``Part Two - Ana Lima & Bo Chen (Acme)``).
- :func:`split_summary` cuts ``Title - Speakers`` where the grammar is sure of them.
"""

from __future__ import annotations

import functools
import re

from .sched_speakers import (
    MAX_NAME_LENGTH,
    NAME_TOKEN,
    SEGMENT_MARK,
    Known,
    ParsedSpeaker,
    Unsure,
    date_like,
    group_speakers,
    is_role,
    looks_like_person,
    rule_date_is_no_affiliation,
    segments,
)

# How many ``Title - Speakers`` splits of one SUMMARY are tried in full (keeps it linear).
MAX_SPLITS_TRIED = 3
_ENTRY_MARK = re.compile(r"[();]")
_PAREN = re.compile(r"[()]")


def _top_level_entries(text: str) -> list[str]:
    """Split on ``;`` outside parentheses, in one pass.

    >>> _top_level_entries("A (x; y); B")
    ['A (x; y)', 'B']
    """
    pieces = text.split(";")
    for piece in pieces:
        opened = piece.count("(")
        if opened > 1 or piece.count(")") != opened or piece.find("(") > piece.find(")"):
            return _entries_walked(text)
    # Each piece between two ``;`` closes what it opens (``Name (Affiliation)``, the common
    # case): no ``;`` is inside parentheses, so every one splits.
    return [e.strip() for e in pieces if e.strip()]


def _entries_walked(text: str) -> list[str]:
    """:func:`_top_level_entries`, walking the parentheses and the ``;`` in order."""
    entries: list[str] = []
    depth = 0
    start = 0
    for match in _ENTRY_MARK.finditer(text):
        mark = match.group()
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            entries.append(text[start : match.start()])
            start = match.end()
    entries.append(text[start:])
    return [e.strip() for e in entries if e.strip()]


def _name_and_affiliation(entry: str) -> tuple[str, str | None]:
    """``Name (Affiliation)`` -> parts; the name and the affiliation may hold parentheses."""
    entry = entry.strip()
    if not entry.endswith(")"):
        return entry, None
    if entry.count("(") == 1 and entry.count(")") == 1:
        # The common case, ``Name (Affiliation)``, without walking the parentheses.
        i = entry.index("(")
        name, aff = entry[:i].strip(), entry[i + 1 : -1].strip()
        return (name, aff or None) if name else (entry, None)
    depth = 0
    # Only the parentheses are visited, from the last one back.
    for i in reversed([m.start() for m in _PAREN.finditer(entry)]):
        if entry[i] == ")":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                name, aff = entry[:i].strip(), entry[i + 1 : -1].strip()
                return (name, aff or None) if name else (entry, None)
    return entry, None


def _dash_positions(text: str) -> list[tuple[int, int]]:
    """Where a title dash is (``a - b``, ``a -b``, ``a – b``): (start, end) of each, in order."""
    found = []
    for i, ch in enumerate(text):
        # A dash inside a word ("Co-Founder", "Take-Two") has no space before it.
        if ch in "-–—" and text[i - 1 : i] == " ":
            found.append((i, i + 1))
    return found


def _first_piece(text: str, start: int) -> str:
    """The text from ``start`` to the next separator, bounded so that a run of dashes stays linear."""
    window = text[start : start + MAX_NAME_LENGTH + 8].lstrip()
    # A name begins with a capital: most dashes are rejected without cutting anything.
    if not window[:1].isupper():
        return ""
    first = segments(window)
    return first[0].text if first else ""


def split_subtitle(text: str) -> tuple[str | None, str]:
    """``Part Two - Ana Lima & Bo Chen`` -> (``Part Two``, ``Ana Lima & Bo Chen``).

    The earliest dash after which a name begins; (None, text) if there is none.

    >>> split_subtitle("Are You Ready? -Ana Lima, Acme")
    ('Are You Ready?', 'Ana Lima, Acme')
    >>> split_subtitle("Lightning Talks - 5 Minutes of Fame")
    (None, 'Lightning Talks - 5 Minutes of Fame')
    """
    first_word = len(text) - len(text.lstrip())
    for start, end in _dash_positions(text):
        # The head is sliced only once a name follows: slicing it at every dash is quadratic.
        if start > first_word and looks_like_person(_first_piece(text, end).strip()):
            return text[:start].strip(), text[end:].strip()
    return None, text


def _entry_speakers(entry: str, known: Known | None = None) -> list[ParsedSpeaker]:
    """One scrape entry, ``Name (Rest)``: sched's ``Name, Rest`` read by the grammar."""
    if known is None:
        return list(_entry_speakers_alone(entry))
    return _read_entry(entry, known)


@functools.lru_cache(maxsize=8192)
def _entry_speakers_alone(entry: str) -> tuple[ParsedSpeaker, ...]:
    """An entry read without what the rest of the schedule says (a pure function of the
    text): a speaker on several sessions is written the same way each time, read once."""
    return tuple(_read_entry(entry, None))


def _read_entry(entry: str, known: Known | None) -> list[ParsedSpeaker]:
    name, affiliation = _name_and_affiliation(entry)
    affiliation = rule_date_is_no_affiliation(affiliation)
    common = _common_entry(name, affiliation)
    return common if common is not None else _grammar_entry(name, affiliation, known)


def _grammar_entry(name: str, affiliation: str | None, known: Known | None = None) -> list[ParsedSpeaker]:
    flat = f"{name}, {affiliation}" if affiliation else name
    pieces = segments(flat)
    # The scrape put a name before the parenthesis; if it is one piece, it is that name.
    single = bool(pieces) and pieces[0].text == name
    people = group_speakers(pieces, first_is_name=single, known=known)
    # Not sure: the entry as written, its name and its affiliation as the scrape had them.
    return people if people else [ParsedSpeaker(name, affiliation)]


def _common_entry(name: str, affiliation: str | None) -> list[ParsedSpeaker] | None:
    """What the grammar makes of the entries nearly every programme is made of,
    ``Name``, ``Name (Company)`` and ``Name (Role, Company)``, without cutting them
    into segments; None for any other entry, which the grammar reads in full.
    (The same results as :func:`_grammar_entry`: tests check it on random entries.)"""
    if SEGMENT_MARK.search(name):
        return None
    if affiliation is None:
        return [ParsedSpeaker(name, None)]
    # The marks as the grammar sees them, in "Name, Affiliation" ("& x" is a mark there).
    marks = SEGMENT_MARK.findall(f"{name}, {affiliation}")
    if any(mark != "," for mark in marks) or len(marks) > 2:
        return None
    if len(marks) == 1:
        # rule_repeated_piece: "Red Hat (Red Hat)" is said once.
        return [ParsedSpeaker(name, None if affiliation.casefold() == name.casefold() else affiliation)]
    role, company = (part.strip() for part in affiliation.split(","))
    if not role or not company or role.casefold() == name.casefold() or looks_like_person(role):
        return None
    if company.casefold() == role.casefold():
        return [ParsedSpeaker(name, role)]
    if looks_like_person(company) and not is_role(role):
        return None  # "Name (Partner, Bo Chen)": a second person, read by the grammar
    return [ParsedSpeaker(name, rule_date_is_no_affiliation(f"{role}, {company}"))]


def parse_speakers(line: str, known: Known | None = None) -> tuple[list[ParsedSpeaker], str | None]:
    """Parse a scrape's Speakers line into people, and a title tail that was pushed into it.
    ``known`` is what the rest of the schedule says of names (``Bo Chen`` speaks elsewhere:
    in ``Ana Lima (Bo Chen & Cy Dorr, Initech)`` he is a person, not Ana's company).

    >>> people, subtitle = parse_speakers("Lucas Käldström (Upbound & Micah Hausler, AWS)")
    >>> [(p.name, p.affiliation) for p in people], subtitle
    ([('Lucas Käldström', 'Upbound'), ('Micah Hausler', 'AWS')], None)
    >>> people, subtitle = parse_speakers("Part Two - Ana Lima & Bo Chen (Acme)")
    >>> [(p.name, p.affiliation) for p in people], subtitle
    ([('Ana Lima', 'Acme'), ('Bo Chen', 'Acme')], 'Part Two')
    """
    entries = _top_level_entries(line)
    if not entries:
        return [], None
    subtitle = None
    name, affiliation = _name_and_affiliation(entries[0])
    if not looks_like_person(name) and not _joint_names(name):
        head, tail = split_subtitle(name)
        if head is not None:
            # "Subtitle - Speaker (Affiliation)"
            subtitle = head
            entries[0] = f"{tail} ({affiliation})" if affiliation else tail
        elif affiliation and not date_like(affiliation):
            # "Intro (Updates, More Subtitle - Speaker & Speaker, Company)": the scrape cut
            # the subtitle at its comma.
            head, tail = split_subtitle(f"{name}, {affiliation}")
            if head is not None and (people := group_speakers(segments(tail), known=known)):
                rest = [s for e in entries[1:] for s in _entry_speakers(e, known)]
                return people + rest, head
    return [s for e in entries for s in _entry_speakers(e, known)], subtitle


def _joint_names(text: str) -> bool:
    pieces = segments(text)
    return len(pieces) > 1 and all(looks_like_person(p.text) for p in pieces)


def split_summary(summary: str, lone_names: bool = False) -> tuple[str, list[ParsedSpeaker]]:
    """A sched iCal SUMMARY, ``Title - Speaker, Role, Company; ...``, into title and speakers.

    Only a tail the grammar is sure of becomes speakers: it begins with a name and
    says whose company it is, or names two people. Otherwise the SUMMARY is all title.
    ``lone_names`` accepts a tail that is one name alone (``Talk - Dave Protasowski``):
    the reader sets it for a feed whose other titles show that it puts speakers there.

    >>> title, people = split_summary("Scaling - Part Two - Ana Lima, Staff Engineer, Acme; Bo Chen, Initech")
    >>> title, [(p.name, p.affiliation) for p in people]
    ('Scaling - Part Two', [('Ana Lima', 'Staff Engineer, Acme'), ('Bo Chen', 'Initech')])
    >>> split_summary("Main Concert (Gold Team) - Opening Night Concert")
    ('Main Concert (Gold Team) - Opening Night Concert', [])
    """
    title, people, _ = read_summary(summary, lone_names)
    return title, people


def read_summary(
    summary: str, lone_names: bool = False, known: Known | None = None, strict: bool = False, place: str = ""
) -> tuple[str, list[ParsedSpeaker], bool]:
    """:func:`split_summary`, and whether the grammar was unsure (then the title is whole).

    ``known`` is what the rest of the feed says of names; ``strict`` keeps the title
    whole where a name could be a person or a company; ``place`` is the session's
    LOCATION: a tail it names (``Shore Excursion - Nassau, Bahamas``) is no speaker.

    >>> read_summary("Talk - Ana Lima, Bo Chen & Cy Dorr, Initech", strict=True)
    ('Talk - Ana Lima, Bo Chen & Cy Dorr, Initech', [], True)
    >>> known = Known(people=frozenset({"Bo Chen"}))
    >>> summary = "Talk - Ana Lima, Bo Chen & Cy Dorr, Initech"
    >>> [p.name for p in read_summary(summary, known=known, strict=True)[1]]
    ['Ana Lima', 'Bo Chen', 'Cy Dorr']
    """
    tried = 0
    first_word = len(summary) - len(summary.lstrip())
    for start, end in _dash_positions(summary):
        first = _first_piece(summary, end).strip()
        if start <= first_word or not (looks_like_person(first) or _one_word(first)):
            continue
        tried += 1
        tail = summary[end:].strip()
        if place and tail.casefold() in place.casefold():
            return summary.strip(), [], False
        try:
            people = _summary_speakers(tail, lone_names, known, strict)
        except Unsure:
            return summary.strip(), [], True
        if people:
            return summary[:start].strip(), people, False
        if tried >= MAX_SPLITS_TRIED:
            break
    return summary.strip(), [], False


def _one_word(text: str) -> bool:
    return len(text.split()) == 1 and bool(NAME_TOKEN.fullmatch(text))


def _summary_speakers(
    tail: str, lone_names: bool, known: Known | None = None, strict: bool = False
) -> list[ParsedSpeaker] | None:
    people: list[ParsedSpeaker] = []
    pieces = 0
    for entry in _top_level_entries(tail):
        cut = segments(entry)
        found = group_speakers(cut, known=known, strict=strict)
        if not found and lone_names and _one_word_with_company(cut, known):
            found = group_speakers(cut, first_is_name=True, known=known, strict=strict)
        if not found:
            return None
        people += found
        pieces += len(cut)
    # A lone name and nothing else may as well be the title's words ("Opening Night Concert").
    if pieces == 1 and not lone_names:
        return None
    return people


def _one_word_with_company(cut: list, known: Known | None) -> bool:
    """``Rowan, Acme`` in a feed that puts speakers in titles: a one-word name and its
    company, unless the pair is a place (``Nassau, Bahamas``) or the word is a company."""
    if not cut or not _one_word(cut[0].text) or cut[0].text.isupper():
        return False
    if known is not None and cut[0].text in known.affiliations:
        return False
    if known is not None and cut[0].text in known.people:
        return True
    if len(cut) != 2 or looks_like_person(cut[1].text):
        return False
    from .zones import split_place

    return split_place(f"{cut[0].text}, {cut[1].text}")[1] is None
