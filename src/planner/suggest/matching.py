"""Matching words: folded, lightly stemmed, whole words in order.

The stemmer is planner's own on purpose (see "Scoring" in the README): it
drops inflections only (plurals, ``-ing``, ``-ed``), so a term keeps its meaning.
A full Porter/Snowball stemmer also strips derivations and would make
``operator`` find "operations" and ``experience`` find "experiment".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from ..models import Session
from ..text import words

# Words too common to make two sessions similar (English glue, and what every
# talk at a cloud native conference says).
STOP_WORDS = frozenset(
    "a an and are as at be beyond by can do for from how in into is it its more my new next not "
    "of on or our the their this to up us using via vs we what when where who why will with you "
    "your cloud native kubernetes k8s cncf intro introduction deep dive update updates session "
    "talk track".split()
)


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Light stemming of a folded word: plurals, -ing, -ed, doubled consonants, final e.

    >>> [stem(w) for w in ("policies", "pods", "scaling", "scaled", "scale", "running", "runs")]
    ['policy', 'pod', 'scal', 'scal', 'scal', 'run', 'run']
    >>> [stem(w) for w in ("gitops", "status", "class", "processes", "string", "need", "ebpf", "k8s")]
    ['gitop', 'status', 'class', 'process', 'string', 'need', 'ebpf', 'k8s']
    >>> [stem(w) for w in ("operator", "operations", "experience", "experiment")]
    ['operator', 'operation', 'experienc', 'experiment']
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    cut = word
    if word.endswith("ing"):
        cut = word[:-3]
    elif word.endswith("ed") and not word.endswith("eed"):
        cut = word[:-2]
    if cut is not word and len(cut) >= 3 and any(v in cut for v in "aeiouy"):
        word = cut
        if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouylsz":
            word = word[:-1]
    if len(word) >= 4 and word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=1 << 16)
def stems(text: str) -> tuple[str, ...]:
    """The stemmed, folded words of ``text`` (cached: schedules repeat their texts)."""
    return tuple(stem(w) for w in words(text))


@functools.lru_cache(maxsize=1 << 16)
def stem_set(text: str) -> frozenset[str]:
    """The stems of ``text`` as a set, for one-word lookups."""
    return frozenset(stems(text))


STOP_STEMS = frozenset(stem(w) for w in STOP_WORDS)


def contains(haystack: Sequence[str], needle: Sequence[str], as_set: frozenset[str] | None = None) -> bool:
    """True if the words ``needle`` occur in ``haystack`` together and in order.

    >>> contains(["in", "place", "pod", "resize"], ["pod", "resize"]), contains(["a", "b"], ["b", "a"])
    (True, False)
    """
    if not needle:
        return False
    if len(needle) == 1 and as_set is not None:
        return needle[0] in as_set
    width = len(needle)
    first = needle[0]
    return any(
        haystack[i] == first and tuple(haystack[i : i + width]) == tuple(needle)
        for i in range(len(haystack) - width + 1)
    )


def text_has(text: str | None, needle: Sequence[str]) -> bool:
    """Whether the stemmed words ``needle`` occur in ``text``, in order."""
    return bool(text) and contains(stems(text), needle, stem_set(text))


def title_stems(session: Session) -> frozenset[str]:
    """The title's stems that say what a session is about (no glue words, no numbers)."""
    return frozenset(
        w for w in stems(session.title) if len(w) > 1 and not w.isdigit() and w not in STOP_STEMS
    )


def track_key(session: Session) -> str | None:
    """The session's type as folded words, to compare tracks."""
    track = session.category
    return " ".join(words(track)) if track and words(track) else None
