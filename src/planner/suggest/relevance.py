"""How close a session is to the picks already made, by BM25 over the schedule's text.

Each session is a document of its title, abstract, track and speakers (accents
folded, English stop words out); the picks together are the query. BM25 (SQLite's
FTS5 ``bm25()``, in Python's own :mod:`sqlite3`: no dependency to install) weighs a
word by how rare it is in this conference, so "kubernetes" at KubeCon counts for
little and "gitops" for much. The words that weigh most
are the reason given, with the pick that has them:

>>> from planner import load_schedule
>>> schedule = load_schedule()
>>> near = Relevance(schedule.sessions, [schedule.find("gitops without variables")])
>>> close = near.of(schedule.find("bringing oci into the gitops world"))
>>> "gitops" in close.words, close.like.title
(True, 'GitOps Without Variables')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..frozen import frozen
from ..text import fold

if TYPE_CHECKING:
    from ..models import Session

# The English stop words of NLTK's list, and words every abstract or web address has.
_STOP_WORDS = frozenset(
    "a about above after again against ain all am an and any are aren as at be because been before "
    "being below between both but by can couldn d did didn do does doesn doing don down during each "
    "few for from further had hadn has hasn have haven having he her here hers herself him himself "
    "his how i if in into is isn it its itself just ll m ma me mightn more most mustn my myself "
    "needn no nor not now o of off on once only or other our ours ourselves out over own re s same "
    "shan she should shouldn so some such t than that the their theirs them themselves then there "
    "these they this those through to too under until up ve very was wasn we were weren what when "
    "where which while who whom why will with won wouldn y you your yours yourself yourselves".split()
)
# Words every abstract or web address has, beyond the English stop words.
_NOISE = frozenset(
    "com org net www http https html talk talks session sessions will also new use using used "
    "one two get learn join us can like well way ways many much make makes made help without within "
    "beyond across toward towards via driven based first next still even really every whole".split()
)
# A word shared by more sessions than this share says nothing about the topic.
_COMMON_SHARE = 0.2


@frozen(kw_only=False)
class Closeness:
    """A session's BM25 score against the picks, the words that weigh most, and the
    pick that has most of those words."""

    score: float = 0.0
    words: tuple[str, ...] = ()
    like: Session | None = None


def heading_text(session: Session) -> str:
    """What a session says it is about at a glance: title, track, type and speakers."""
    people = " ".join(p.name for p in session.speakers)
    return fold(" ".join((session.title, session.track or "", session.type or "", people)))


def session_text(session: Session) -> str:
    """What a session is about, as one text: the heading twice (it weighs more than a
    word in passing, as BM25F would weigh the field), then the abstract."""
    heading = heading_text(session)
    return f"{heading} {heading} {fold(session.description or '')}"


# Words of two letters or more, as bm25s and scikit-learn cut them.
_WORD = re.compile(r"(?u)\b\w\w+\b")


def _tokens(texts: list[str]) -> list[list[str]]:
    # Letters only: numbers and years say little about a topic.
    return [
        [t for t in _WORD.findall(text.lower()) if t.isalpha() and t not in _STOP_WORDS and t not in _NOISE]
        for text in texts
    ]


def _bm25_columns(tokens: list[list[str]], query: list[str]) -> dict[str, list[float]]:
    """For each word of ``query``, every document's BM25 score for that word alone."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
        db.executemany(
            "INSERT INTO docs(rowid, body) VALUES (?, ?)",
            ((row, " ".join(doc)) for row, doc in enumerate(tokens, start=1)),
        )
        columns = {}
        for term in query:
            column = [0.0] * len(tokens)
            # FTS5's bm25() is negative, more so for a better match; the word is letters only.
            found = db.execute("SELECT rowid, -bm25(docs) FROM docs WHERE docs MATCH ?", (f'"{term}"',))
            for row, score in found:
                column[row - 1] = score
            columns[term] = column
    return columns


class Relevance:
    """BM25 closeness of every session of ``corpus`` to the sessions in ``picks``."""

    def __init__(self, corpus: Sequence[Session], picks: Sequence[Session]) -> None:
        self._index = {s.id: i for i, s in enumerate(corpus)}
        self._picks = [p for p in picks if p.id in self._index]
        self._by_term: dict[str, list[float]] = {}
        self._docs: list[set[str]] = []
        if not self._picks or not corpus:
            return
        tokens = _tokens([session_text(s) for s in corpus])
        self._docs = [set(doc) for doc in tokens]
        self._headings = {p.id: set(_tokens([heading_text(p)])[0]) for p in self._picks}
        frequency: dict[str, int] = {}
        for doc in self._docs:
            for term in doc:
                frequency[term] = frequency.get(term, 0) + 1
        limit = max(2, _COMMON_SHARE * len(corpus))
        query = sorted(
            {t for p in self._picks for t in self._docs[self._index[p.id]] if frequency[t] <= limit}
        )
        if not query:
            return
        # One score column per word of the query, so a session's score splits into its words.
        self._by_term = _bm25_columns(tokens, query)

    def of(self, session: Session) -> Closeness:
        """How close ``session`` is to the picks (nothing for a pick itself, or no picks)."""
        index = self._index.get(session.id)
        if index is None or not self._by_term or any(p.id == session.id for p in self._picks):
            return Closeness()
        weights = {t: column[index] for t, column in self._by_term.items() if column[index] > 0}
        if not weights:
            return Closeness()
        # The reason names words of a title, track or speaker (the pick's or this one's):
        # a word an abstract uses in passing ranks, but explains nothing.
        mine = set(_tokens([heading_text(session)])[0])
        topical = [t for t in weights if t in mine or any(t in h for h in self._headings.values())]
        ranked = sorted(topical, key=lambda t: (-weights[t], t))

        # The pick named is the one that has the weightiest word; the words said are the ones it has.
        def has(pick: Session, term: str) -> bool:
            return term in self._docs[self._index[pick.id]]

        like = max(
            self._picks,
            key=lambda p: (
                has(p, ranked[0]) if ranked else False,
                sum(weights[t] for t in weights if has(p, t)),
                p.id,
            ),
        )
        said = tuple(t for t in ranked if has(like, t))[:3]
        return Closeness(round(sum(weights.values()), 3), said, like)
