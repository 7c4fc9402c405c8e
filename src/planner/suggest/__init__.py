"""Let planner plan your day: scores from your interests, the best agenda you can
actually walk, alternatives for a clash, free windows, and what comes next.

Scoring
-------
Every point a session scores comes with a reason, so a suggestion can be checked.

- **Interests** are terms with whole-number weights, ``"gitops:3, security:2, ebpf"``
  (weight 1 when none is given; a negative weight pushes a topic down). A term
  with weight *w* scores *w* x 3 when it is in the title, *w* x 2 in the speakers
  (names and affiliations) and *w* x 1 in the description; each field counts
  once per term, however often the term occurs in it. So a title match is worth
  three description matches.
- **Tracks** (``"MAINTAINER TRACK:1"``) add their weight when the session's type
  matches; **speakers** (``"Stefan Prodan:5"``) add theirs when one of the
  session's speakers matches (once per session).
- Matching is by whole words, in order, ignoring case, accents and punctuation
  (``ebpf`` finds "eBPF", ``in-place`` finds "In-Place"; ``kube`` does not find
  "Kubernetes"), after light stemming of both sides: a plural ``s``/``es``/``ies``,
  then ``-ing`` or ``-ed``, then a doubled final consonant and a final ``e`` are
  dropped, so scale, scales, scaled and scaling are one word. Speaker names are
  matched as whole words without stemming.
- Drop-in items (breaks, lounges, the expo hall: the agenda's ``drop_in_types``)
  are left out unless asked for, and so are sessions whose type matches
  ``avoid`` (whole words, like tracks).

>>> scorer = Scorer(Preferences.parse(interests="gitops:3, deploy", tracks="operations:2"))
>>> from planner import load_schedule
>>> [str(r) for r in scorer.score(load_schedule().find("gitops without variables")).reasons]
['gitops (x3) in title (+9)', 'gitops (x3) in description (+3)', 'track OPERATIONS + PERFORMANCE (+2)']

The solver
----------
:func:`solve` (in :mod:`.solver`) finds, exactly, the agenda with the highest total score in which
no two picks overlap and every move from one pick to the next is walkable with
the buffer to spare: staying in the same room (a walk of 0 minutes) needs no
gap, any other move needs ``gap >= walk + buffer`` (the rule
:func:`planner.conflicts.move_problem`: nothing ``overlap``, ``unreachable`` or ``tight``).
It is weighted interval scheduling with travel times, a dynamic programme over
the sessions in time order, run from the end of the day backwards: the best
agenda that starts with a session is the session plus the best agenda that
starts with a compatible later one. Every session starting at least
``W = venue.max_walk(rooms) + buffer`` minutes after one ends is compatible with
it, so a running maximum over start order covers those; only the sessions that
start inside that window need a pairwise walk check. That is O(n log n + n k)
for k sessions per window.

What is maximised, in this order: the number of must picks kept (so musts are
forced in whenever they fit together, and a must never loses to a higher
score), the total score, then the number of picks (a talk that matches nothing
fills an otherwise empty slot; ``fill=False`` leaves those out). Ties break
toward the earliest sessions: of the best agendas, the one whose sequence of
(start, ID) is lexicographically smallest, whatever the input order. Two must
picks the user chose may follow each other with less than the buffer (they are
reported as tight, not changed); they may never be unreachable.

Around the agenda
-----------------
:func:`alternatives_at` (a time), :func:`conflict_alternatives` (each hard
conflict) and :func:`find_gaps` (free windows) offer sessions that fit: adding
one to the must picks creates no conflict of any kind involving it, by
:func:`planner.conflicts.find_conflicts` itself. They are ranked by the same
score, then by similarity with the picks already made (title and track words
shared with them), then by time. Where you are and where to go next is the day
plan's business: :func:`planner.day.whats_next`.

The package's modules: :mod:`.matching` (words and the stemmer),
:mod:`.preferences` (what the user typed), :mod:`.scoring` (points and reasons),
:mod:`.solver`, :mod:`.pool` (the sessions as suggestions see them),
:mod:`.suggestion` (the day) and :mod:`.around` (alternatives and gaps).
"""

from __future__ import annotations

from ..clock import parse_window
from .around import (
    DEFAULT_MIN_GAP_MINUTES,
    Alternatives,
    ConflictReport,
    Gap,
    Option,
    OptionFinder,
    alternatives_at,
    conflict_alternatives,
    conflict_report,
    find_gaps,
)
from .matching import STOP_STEMS, STOP_WORDS, stem, stem_set, stems
from .pool import LUNCH_ID, SessionPool
from .preferences import Preferences, Weighted, parse_weighted
from .scoring import FIELD_WEIGHTS, Profile, Reason, Score, Scorer
from .solver import Candidate, solve
from .suggestion import FILL_REASON, MUST_REASON, SuggestedPick, Suggestion, suggest_day

__all__ = [
    "DEFAULT_MIN_GAP_MINUTES",
    "FIELD_WEIGHTS",
    "FILL_REASON",
    "LUNCH_ID",
    "MUST_REASON",
    "STOP_STEMS",
    "STOP_WORDS",
    "Alternatives",
    "Candidate",
    "ConflictReport",
    "Gap",
    "Option",
    "OptionFinder",
    "Preferences",
    "Profile",
    "Reason",
    "Score",
    "Scorer",
    "SessionPool",
    "SuggestedPick",
    "Suggestion",
    "Weighted",
    "alternatives_at",
    "conflict_alternatives",
    "conflict_report",
    "find_gaps",
    "parse_weighted",
    "parse_window",
    "solve",
    "stem",
    "stem_set",
    "stems",
    "suggest_day",
]
