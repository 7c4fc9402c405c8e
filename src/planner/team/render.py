"""The team's day as text for a terminal (no click here: the CLI prints what this returns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..text import display_width, ellipsize, wrap_line
from ..wording import count
from .model import DutyWindow, SaveResult, TeamPick, TeamPlan, TeamView, Uncovered

# Uncovered sessions listed under each slot of the plan (the JSON lists them all).
UNCOVERED_PER_SLOT = 2


def _clock(moment: dt.datetime) -> str:
    return f"{moment:%H:%M}"


def _room(pick: TeamPick) -> str:
    loc = pick.item.location
    return loc.place if loc.room else "?"


def _serves(pick: TeamPick) -> str:
    """Whose interest a pick serves: the members its reasons name; a duty, a together
    session nobody scores and a must nobody scores say so."""
    names = dict.fromkeys(reason.split(":", 1)[0] for reason in pick.reasons if ":" in reason)
    if names:
        return f"for {', '.join(names)}"
    return {"duty": "for the team", "together": "for the team", "must": f"for {pick.member} (a must)"}.get(
        pick.kind, ""
    )


def _pick_lines(pick: TeamPick, width: int, titles: dict[str, str], columns: int) -> list[str]:
    """Who goes where (the title cut to the line), then the room, whose interest it
    serves, its value and the walk there, wrapped under it."""
    what = {
        "together": "together",
        "duty": "on duty",
        "must": f"must · value {pick.value}",
        "session": f"value {pick.value}",
    }[pick.kind]
    if pick.kind == "together" and pick.value:
        what += f" · value {pick.value}"
    serves = _serves(pick)
    parts = [_room(pick), what + (f" {serves}" if serves else "")]
    if pick.walk is not None and pick.walk.minutes:
        origin = titles.get(pick.previous or "", pick.previous or "")
        parts.append(f"{pick.walk.minutes} min walk from {origin} ({pick.gap_minutes} min gap)")
    head = f"  {pick.member:<{width}}  "
    suffix = "" if pick.kind == "duty" else f" [{pick.id}]"
    title = ellipsize(pick.title, columns - display_width(head) - len(suffix)) + suffix
    pad = " " * (len(head) + 2)
    return [head + title, *wrap_line(pad + " · ".join(parts), columns, indent=len(pad) + 2)]


def _uncovered_line(item: Uncovered, indent: str) -> str:
    wanted = ", ".join(f"{name} {points}" for name, points in item.wanted_by)
    return (
        f"{indent}not covered: {item.session.title} [{item.session.id}] value {item.value} "
        f"(wanted by {wanted}) — " + "; ".join(item.why)
    )


def plan_text(plan: TeamPlan, saved: Sequence[SaveResult] | None = None, columns: int = 80) -> str:
    """Slot by slot: who is where, whose interest it serves and the walk each makes,
    what nobody covers, the shares; lines fit ``columns``."""
    width = max((len(m.name) for m in plan.members), default=4)
    # A walk from a duty block names the duty, not its internal ID.
    titles = {p.id: p.title for m in plan.members for p in m.picks if p.kind == "duty"}
    picks = sorted(
        (p for m in plan.members for p in m.picks), key=lambda p: (p.item.start, p.member, p.item.end)
    )
    uncovered_at: dict[dt.datetime, list[Uncovered]] = {}
    for item in plan.uncovered:
        uncovered_at.setdefault(item.session.start, []).append(item)
    starts = sorted({p.item.start for p in picks} | set(uncovered_at))
    names = ", ".join(f"{m.name} {m.share}" for m in plan.members)
    lines = [f"Team plan ({plan.strategy}): team value {plan.total} — {names}"]
    day = None
    for start in starts:
        if start.date() != day:
            day = start.date()
            lines += ["", f"{day:%A %d %B %Y}"]
        here = [p for p in picks if p.item.start == start]
        missing = uncovered_at.get(start, [])[:UNCOVERED_PER_SLOT]
        if not here and not missing:
            continue
        lines.append(_clock(start))
        for p in here:
            lines += _pick_lines(p, width, titles, columns)
        lines += [_uncovered_line(u, "  ") for u in missing]
    rest = len(plan.uncovered) - sum(min(len(v), UNCOVERED_PER_SLOT) for v in uncovered_at.values())
    lines.append("")
    if plan.uncovered:
        more = f" ({rest} more not shown; --json lists all)" if rest > 0 else ""
        lines.append(f"Not covered: {count(len(plan.uncovered), 'session')} someone wanted{more}.")
    for member in plan.members:
        sessions = [p for p in member.picks if p.kind != "duty"]
        duty = [p for p in member.picks if p.kind == "duty"]
        on_duty = f", {len(duty)} duty" if duty else ""
        lines.append(
            f"{member.name:<{width}}  brings {member.share} of the team value "
            f"(own score {member.own_score}; {count(len(sessions), 'session')}{on_duty})"
        )
    lines.append(f"Team value: {plan.total}")
    if saved is not None:
        for result in saved:
            if result.added:
                lines.append(f"Saved {count(len(result.added), 'pick')} to {result.agenda}")
            else:
                lines.append(f"{result.agenda}: already holds this plan")
    return "\n".join(lines)


def _duty_line(duty: DutyWindow) -> str:
    """Who is on a duty window (as the saved plan put them), and who else is free."""
    when = f"{duty.start:%a} {_clock(duty.start)}–{_clock(duty.end)}"
    head = f"Duty at {duty.where}, {when}, needs {duty.need}: "
    free = ", ".join(duty.free) if duty.free else "nobody"
    if not duty.on_duty:
        short = "" if len(duty.free) >= duty.need else " (too few: drop a pick or change the duty)"
        return (
            f"{head}nobody on duty yet; free in their agendas: {free}{short} "
            "(`planner team plan --save` puts someone there)"
        )
    text = f"{head}on duty: {', '.join(duty.on_duty)}"
    if len(duty.on_duty) < duty.need:
        others = ", ".join(n for n in duty.free if n not in duty.on_duty) or "nobody"
        text += f"; {duty.need - len(duty.on_duty)} short (also free: {others})"
    if duty.clashes:
        text += f"; but {'; '.join(duty.clashes)} (re-plan, or drop that pick)"
    return text


def view_text(view: TeamView) -> str:
    """The merged day of the members' own agendas, doubled-up and best uncovered flagged."""
    width = max((len(n) for n in view.members), default=4)
    lines = [f"Team day: {', '.join(view.members)} — team value {view.total}"]
    day = None
    for slot in view.slots:
        if slot.start.date() != day:
            day = slot.start.date()
            lines += ["", f"{day:%A %d %B %Y}"]
        lines.append(_clock(slot.start))
        for seat in slot.seats:
            if seat.priority == "duty":
                lines.append(f"  {seat.member:<{width}}  {seat.title} — on duty for the team")
                continue
            flags = []
            if seat.priority != "must":
                flags.append(seat.priority)
            if seat.item.id in slot.doubled:
                flags.append(
                    "DOUBLED UP with " + ", ".join(n for n in view.doubled[seat.item.id] if n != seat.member)
                )
            room = seat.item.location.place if seat.item.location.room else "?"
            flag = f" ({'; '.join(flags)})" if flags else ""
            serves = f" for {', '.join(seat.serves)}" if seat.serves else ""
            lines.append(
                f"  {seat.member:<{width}}  {seat.title} [{seat.item.id}] — {room} "
                f"value {seat.value}{serves}{flag}"
            )
        lines += [_uncovered_line(u, "  ") for u in slot.uncovered]
    lines.append("")
    if view.doubled:
        lines.append(
            f"Doubled up: {count(len(view.doubled), 'session')} (`planner team plan` splits the team)."
        )
    else:
        lines.append("Nobody doubles up.")
    for duty in view.duties:
        lines.append(_duty_line(duty))
    if view.uncovered:
        best = view.uncovered[0]
        lines.append(f"Best uncovered: {best.session.title} [{best.session.id}] value {best.value}")
    return "\n".join(lines)
