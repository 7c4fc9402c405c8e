"""Planning the day slot by slot, as ``planner plan`` does it, without a terminal.

:func:`plan_slot_by_slot` walks the slots and asks, for each one, which option
to take; the asking is a callback, so the same loop runs under click, a test
feeding answers from a list, or another face::

    answers = iter(["2", "s", "q"])
    plan = plan_slot_by_slot(planner, lambda question: next(answers))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from .frozen import frozen

if TYPE_CHECKING:
    from .planning import PickResult, Planner, Slot, SlotOption

QUIT, BACK, SKIP = "q", "b", "s"


@frozen(kw_only=False)
class SlotQuestion:
    """What to ask about one slot: its options, and where it is in the day."""

    slot: Slot
    options: list[SlotOption]
    index: int
    total: int


@frozen(kw_only=False)
class SlotPlan:
    """What the walk through the slots did: how many slots there were, and the
    results of saving the chosen picks (empty when nothing was chosen)."""

    slots: int
    results: list[PickResult]

    @property
    def added(self) -> int:
        return sum(1 for r in self.results if r.status == "added")


def answer_hint(options: int) -> str:
    """What a slot's question accepts, said for its number of options.

    >>> answer_hint(1)
    'Answer 1 to pick it, s to skip, b to go back or q to save and quit.'
    >>> answer_hint(3)
    'Answer a number from 1 to 3 to pick one, s to skip, b to go back or q to save and quit.'
    """
    rest = "s to skip, b to go back or q to save and quit."
    if options == 0:
        return f"Answer {rest}"
    if options == 1:
        return f"Answer 1 to pick it, {rest}"
    return f"Answer a number from 1 to {options} to pick one, {rest}"


def plan_slot_by_slot(
    planner: Planner,
    ask: Callable[[SlotQuestion], str],
    complain: Callable[[str], None] = lambda message: None,
    *,
    after: dt.time | str | None = None,
    include_drop_ins: bool = False,
) -> SlotPlan:
    """Ask about each slot (at or after ``after``: a time, or text such as
    ``11:00`` or ``2pm``) and save the chosen sessions.

    ``ask`` gets a :class:`SlotQuestion` and answers with an option's number
    (from 1), ``s`` to skip (also an empty answer), ``b`` to go back or ``q``
    to stop; ``complain`` hears about answers that are none of these. The
    choices are saved as must picks at the end (existing picks are kept).
    """
    if isinstance(after, str):
        from .clock import parse_clock

        after = parse_clock(after)
    slots = planner.slots(after, include_drop_ins)
    chosen: dict[int, str] = {}
    index = 0
    while 0 <= index < len(slots):
        options = planner.slot_options(slots[index], list(chosen.values()))
        answer = ask(SlotQuestion(slots[index], options, index, len(slots))).strip().lower()
        if answer == QUIT:
            break
        if answer == BACK:
            index = max(0, index - 1)
            chosen.pop(index, None)
        elif answer in (SKIP, ""):
            chosen.pop(index, None)
            index += 1
        elif answer.isdigit() and 1 <= int(answer) <= len(options):
            chosen[index] = options[int(answer) - 1].session.id
            index += 1
        else:
            complain(answer_hint(len(options)))
    results = planner.pick(list(chosen.values())) if chosen else []
    return SlotPlan(len(slots), results)
