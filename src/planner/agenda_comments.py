"""Where the comments of an agenda file go when part of it leaves.

ruamel attaches a comment to the node before it; removing a pick or a section
by the tree would take the person's comments that follow it along. These
helpers keep them where the person reads them.
"""

from __future__ import annotations

from typing import Any

# The comment older planners wrote above ``exported:``; it leaves with the section.
EXPORTED_COMMENT = (
    "\nKept by `planner export` so that calendars update events in place\n"
    "(SEQUENCE, LAST-MODIFIED) and can cancel dropped ones. Leave it be."
)


def keep_following_comments(data: Any, picks: Any, index: int) -> None:
    """Move the full-line comments after ``picks[index]`` onto what precedes it.

    ruamel attaches the comment lines between two list items to the last key of
    the first item; deleting that item would delete them, though they belong
    with what follows. The deleted item's own end-of-line comments go with it.
    """
    entry = picks[index]
    if not hasattr(entry, "ca") or not entry:
        return
    last_key = list(entry.keys())[-1]
    slot = entry.ca.items.get(last_key)
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or "\n" not in token.value:
        return
    following = token.value.split("\n", 1)[1]
    if not following.strip():
        return
    if index > 0 and hasattr(picks[index - 1], "ca") and picks[index - 1]:
        before = picks[index - 1]
        before_key = list(before.keys())[-1]
        before_slot = before.ca.items.setdefault(before_key, [None, None, None, None])
        if before_slot[2] is None:
            token.value = "\n" + following
            before_slot[2] = token
        else:
            before_slot[2].value = before_slot[2].value.rstrip("\n") + "\n" + following
    else:
        # A comment before the first item is written at its column; its own indent would double.
        token.value = following.lstrip(" \t")
        picks_slot = data.ca.items.setdefault("picks", [None, None, None, None])
        if picks_slot[3] is None:
            picks_slot[3] = []
        picks_slot[3].append(token)


def without_section(text: str, data: Any, key: str) -> str | None:
    """``text`` less the top-level ``key`` and planner's comment above it; None if
    that cannot be cut by lines. Comment lines at the left margin just before the
    next key are the person's and stay."""
    keys = list(data)
    if not hasattr(data, "lc") or data.fa.flow_style():
        return None
    lines = text.splitlines(keepends=True)
    index = keys.index(key)
    start = data.lc.key(key)[0]
    end = data.lc.key(keys[index + 1])[0] if index + 1 < len(keys) else len(lines)
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    ours = [f"# {line}" for line in EXPORTED_COMMENT.strip("\n").splitlines()]
    if [line.rstrip() for line in lines[max(start - len(ours), 0) : start]] == ours:
        start -= len(ours)
        if start > 0 and not lines[start - 1].strip():
            start -= 1
    return "".join(lines[:start] + lines[end:])
