"""Text helpers shared by search, matching and IDs: folding, words, short hashes."""

from __future__ import annotations

import re
import unicodedata

# Control characters (C0 but newline and tab, DEL, C1) and lone surrogates: a
# feed's ESC or BEL must never reach a terminal, an .ics (RFC 5545 forbids them)
# or the HTML view, and a lone surrogate cannot even be printed.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: str) -> str:
    r"""``value`` without control characters (newline and tab kept) or lone surrogates.

    >>> clean_text("Keynote\x1b[31m in red\x07\ud800,\tthen\n")
    'Keynote[31m in red,\tthen\n'
    """
    # Nearly every text is printable (no control character, no surrogate): one C-level
    # check says so; only the rest (a newline, a tab, a control character) goes to the regex.
    if value.isprintable():
        return value
    return _UNPRINTABLE.sub("", value) if _UNPRINTABLE.search(value) else value


_NON_WORD = re.compile(r"[^0-9a-z]+")
# Crockford's base32 alphabet: no i, l, o, u, so an ID is easy to read aloud and type.
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _without_combining(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group() if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, for case/accent-insensitive matching.

    >>> fold("Lucas Käldström")
    'lucas kaldstrom'
    >>> fold("Ça déjà – ﬁn")
    'ca deja – fin'
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Only the runs of non-ASCII characters are looked at (a description with one dash in it
    # was walked character by character: the TUI's first typed letter folded a whole day so).
    return _NON_ASCII_RUN.sub(_without_combining, decomposed)


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
    import hashlib  # here, not at the top: `planner --help` imports this module

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


# Text made only of these takes one column a character, each character a grapheme of its
# own: printable ASCII, Latin-1 and Latin Extended-A (not the soft hyphen) and the marks
# planner's own lines use. Such text is measured without wcwidth, whose import is about a
# tenth of a read-only command's start (tests/test_presentation.py checks every one of
# these characters against wcwidth).
ONE_COLUMN = "\x20-\x7e\xa0-\xac\xae-\u017f·–—…←↑→↓☆✓✗"
_ONE_COLUMN = re.compile(f"[{ONE_COLUMN}]*")


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes, as :mod:`wcwidth` measures them: wide
    characters such as emoji take two, and so does a joined sequence.

    >>> display_width("👩‍💻 Contribfest"), display_width("Käldström")
    (14, 9)
    """
    if _ONE_COLUMN.fullmatch(text):
        return len(text)
    from wcwidth import wcswidth

    width = wcswidth(text)
    # Control characters have no width of their own (wcswidth says -1); count them as one.
    return width if width >= 0 else sum(max(wcswidth(ch), 1) for ch in text)


def ellipsize(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, with an ellipsis when it was cut;
    a joined emoji sequence is never cut in the middle.

    >>> ellipsize("👩‍💻👩‍💻 Contribfest", 5)
    '👩‍💻👩‍💻…'
    """
    if width <= 0:
        return ""
    if display_width(text) <= width:
        return text
    if _ONE_COLUMN.fullmatch(text):
        return text[: width - 1].rstrip() + "…"
    from wcwidth import iter_graphemes

    kept, used = [], 0
    for grapheme in iter_graphemes(text):
        columns = display_width(grapheme)
        if used + columns > width - 1:
            break
        kept.append(grapheme)
        used += columns
    return "".join(kept).rstrip() + "…"


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` terminal columns.

    >>> fit("🚨 Contribfest", 8) + "|"
    '🚨 Cont…|'
    """
    cut = ellipsize(text, width)
    return cut + " " * (width - display_width(cut))


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_styles(text: str) -> str:
    """``text`` without the colour codes click.style adds.

    >>> strip_styles("\x1b[1mbold\x1b[0m")
    'bold'
    """
    return _ANSI.sub("", text)


def wrap_line(line: str, width: int, indent: int | None = None) -> list[str]:
    """``line`` in lines of at most ``width`` display columns, broken between words;
    each continuation is indented under the item (its own indent plus two, or
    ``indent``). A line that fits is kept as it is, styles and all; a wrapped one
    loses its colours. A word wider than a line is cut with an ellipsis.

    >>> wrap_line("  ✗ overlaps A Very Long Title by 30 min", 24)
    ['  ✗ overlaps A Very Long', '    Title by 30 min']
    """
    if display_width(strip_styles(line)) <= width:
        return [line]
    plain = strip_styles(line)
    lead = len(plain) - len(plain.lstrip(" "))
    pad = " " * min(indent if indent is not None else lead + 2, width // 2)
    lines: list[str] = []
    current = plain[:lead]
    for word in plain[lead:].split(" "):
        room = width - display_width(current) - (1 if current.strip() else 0)
        if current.strip() and display_width(word) > room:
            lines.append(current.rstrip())
            current = pad
            room = width - len(pad)
        if display_width(word) > room:
            word = ellipsize(word, room)
        current += (" " if current.strip() else "") + word
    lines.append(current.rstrip())
    return _no_widow(lines, width)


def _no_widow(lines: list[str], width: int) -> list[str]:
    """A last line of one short word ("1" of "Saal 1") takes the word before it
    along, where that fits, so that a name is not split as its tail alone."""
    if len(lines) < 2:
        return lines
    last, before = lines[-1], lines[-2]
    tail = last.strip()
    words = before.strip().split(" ")
    if " " in tail or display_width(tail) > 3 or len(words) < 3:
        return lines
    pad = last[: len(last) - len(last.lstrip(" "))]
    moved = f"{pad}{words[-1]} {tail}"
    if display_width(moved) > width:
        return lines
    return [*lines[:-2], before.rstrip()[: -len(words[-1])].rstrip(), moved]


def wrap_text(text: str, width: int) -> str:
    """Every line of ``text`` wrapped by :func:`wrap_line`."""
    return "\n".join(part for line in text.split("\n") for part in wrap_line(line, width))
