"""The sched speaker grammar's shortcut for common entries gives the grammar's answer.

``_common_entry`` reads ``Name``, ``Name (Company)`` and ``Name (Role, Company)``
without the full grammar, for speed on big programmes; on every entry it answers
for, it must say exactly what ``_grammar_entry`` says. The words are chosen to hit
the grammar's rules: names, roles, companies, acronyms, particles, a date, the
separators, and a repeated piece.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.readers.sched_lines import _common_entry, _grammar_entry, _name_and_affiliation, parse_speakers
from planner.readers.sched_speakers import rule_date_is_no_affiliation

WORDS = [
    "Ana", "Lima", "Bo", "Chen", "de", "The", "Engineer", "Staff", "Sr.", "Partner", "Acme",
    "Red", "Hat", "Labs", "Inc.", "IBM", "x", "November", "13", "2025", "1:45pm", "and", "&",
    "(", ")", ",", ";", "-", "  ",
]  # fmt: skip
phrase = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)
entry = st.one_of(
    phrase,
    st.builds("{} ({})".format, phrase, phrase),
    st.builds("{} ({}, {})".format, phrase, phrase, phrase),
    st.builds("{} ({},{})".format, phrase, phrase, phrase),
    st.builds("{} ({}, {}, {})".format, phrase, phrase, phrase, phrase),
)


@settings(max_examples=3000, deadline=None)
@given(entry)
def test_the_shortcut_says_what_the_grammar_says(text):
    if not text.strip():
        return
    # As _entry_speakers asks it: a date where the affiliation should be is dropped first.
    name, affiliation = _name_and_affiliation(text)
    affiliation = rule_date_is_no_affiliation(affiliation)
    short = _common_entry(name, affiliation)
    if short is not None:
        assert short == _grammar_entry(name, affiliation)


def test_the_shortcut_takes_the_common_shapes():
    # Not only correct when it answers: it does answer for the shapes it is for.
    assert _common_entry("Ana Lima", None) == [("Ana Lima", None)]
    assert _common_entry("Ana Lima", "Acme") == [("Ana Lima", "Acme")]
    assert _common_entry("Ana Lima", "Staff Engineer, Acme") == [("Ana Lima", "Staff Engineer, Acme")]
    assert _common_entry("Ana Lima", "Acme & Bo Chen, Initech") is None
    people, _ = parse_speakers("John Coyne (Distinguished Engineer, Capital One); Bo Chen (Red Hat)")
    assert [(p.name, p.affiliation) for p in people] == [
        ("John Coyne", "Distinguished Engineer, Capital One"),
        ("Bo Chen", "Red Hat"),
    ]
