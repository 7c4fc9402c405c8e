"""Text helpers shared by search, matching and IDs: folding, words, short hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Crockford's base32 alphabet: no i, l, o, u, so an ID is easy to read aloud and type.
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, for case/accent-insensitive matching.

    >>> fold("Lucas Käldström")
    'lucas kaldstrom'
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    """Fold ``text`` and reduce it to words separated by single spaces.

    >>> normalize("In-Place Pod Resize: Dynamic!")
    'in place pod resize dynamic'
    """
    return _NON_WORD.sub(" ", fold(text)).strip()


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return normalize(text).split()


def phrase_in(phrase: str, text: str) -> bool:
    """True if ``phrase`` occurs in ``text`` starting at a word boundary.

    Case, accents and punctuation are ignored, so ``ebpf`` finds "eBPF" and
    ``kube`` finds "Kubernetes", but ``ai`` does not find "maintainer".

    >>> phrase_in("ebpf", "CICD Pipeline for eBPF Programs")
    True
    >>> phrase_in("ai", "Maintainer Track")
    False
    """
    needle = normalize(phrase)
    if not needle:
        return True
    return f" {needle}" in f" {normalize(text)} "


def short_hash(text: str, length: int = 5) -> str:
    """A short, stable base32 digest of ``text`` (25 bits for the default 5 characters)."""
    digest = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
    chars = []
    for _ in range(length):
        digest, index = divmod(digest, 32)
        chars.append(_ID_ALPHABET[index])
    return "".join(chars)


def slug(text: str) -> str:
    """A lower-case, dash-separated ASCII slug.

    >>> slug("KubeCon + CloudNativeCon North America 2025")
    'kubecon-cloudnativecon-north-america-2025'
    """
    return "-".join(words(text))


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide characters such as emoji take two."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def ellipsize(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, with an ellipsis when it was cut."""
    if width <= 0:
        return ""
    if display_width(text) <= width:
        return text
    # The longest prefix that fits beside the ellipsis, found in one pass (cutting one
    # character at a time and measuring again was quadratic in a 90,000-character title).
    used = 0
    for end, ch in enumerate(text):
        used += display_width(ch)
        if used > width - 1:
            text = text[:end]
            break
    return text.rstrip() + "…"


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` terminal columns.

    >>> fit("🚨 Contribfest", 8) + "|"
    '🚨 Cont…|'
    """
    cut = ellipsize(text, width)
    return cut + " " * (width - display_width(cut))
