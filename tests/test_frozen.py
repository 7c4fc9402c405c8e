"""planner's frozen records (``planner.frozen.frozen``): dataclasses whose methods are shared
rather than compiled for each class, and which behave as ``dataclass(frozen=True)`` ones do."""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import field

import pytest

from planner.frozen import frozen, validate


@frozen
class Room:
    name: str
    level: int | None = None
    doors: tuple[str, ...] = field(default_factory=tuple)
    secret: str | None = field(default=None, repr=False)
    shown: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.level is not None and self.level < 0:
            raise ValueError("no basements")


@frozen(kw_only=False)
class Walk:
    start: str
    end: str
    minutes: int = 5


def test_a_record_is_made_compared_hashed_and_shown_as_a_frozen_dataclass_is():
    room = Room(name="B401", level=4, secret="hunter2")
    assert dataclasses.is_dataclass(room) and dataclasses.fields(room)[0].name == "name"
    assert room == Room(name="B401", level=4, secret="hunter2", shown=9)  # shown is not compared
    assert room != Room(name="B401", level=5, secret="hunter2")
    assert room != ("B401", 4)
    assert hash(room) == hash(Room(name="B401", level=4, secret="hunter2"))
    assert len({room, Room(name="B401", level=4, secret="hunter2")}) == 1
    assert repr(room) == "test_frozen.Room(name='B401', level=4, doors=(), shown=0)".split(".", 1)[1]
    assert "hunter2" not in repr(room)  # a field kept out of repr stays out
    assert dataclasses.replace(room, level=2) == Room(name="B401", level=2, secret="hunter2")
    with pytest.raises(ValueError, match="no basements"):
        Room(name="B0", level=-1)  # __post_init__ runs
    with pytest.raises(dataclasses.FrozenInstanceError):
        room.name = "B402"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del room.level  # type: ignore[misc]


def test_a_record_refuses_what_its_fields_do_not_allow():
    with pytest.raises(TypeError, match=r"missing required argument.*'name'"):
        Room()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'floor'"):
        Room(name="B401", floor=4)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="positional"):
        Room("B401")  # type: ignore[misc]
    assert Walk("A", "B") == Walk(start="A", end="B", minutes=5)
    with pytest.raises(TypeError, match="multiple values"):
        Walk("A", start="B", end="C")  # type: ignore[misc]
    with pytest.raises(TypeError, match="positional"):
        Walk("A", "B", 3, 4)  # type: ignore[call-arg]


def test_factory_defaults_are_made_for_each_record():
    @frozen
    class Bag:
        items: list[str] = field(default_factory=list)

    first, second = Bag(), Bag()
    first.items.append("x")
    assert second.items == []


def test_a_stdlib_frozen_dataclass_may_extend_a_record():
    # A writer declared elsewhere extends planner's options with dataclass(frozen=True).
    @dataclasses.dataclass(frozen=True)
    class LongWalk(Walk):
        steps: int = 0

    walk = LongWalk("A", "B", 20, 3000)
    assert walk.steps == 3000 and walk.minutes == 20
    with pytest.raises(dataclasses.FrozenInstanceError):
        walk.steps = 1  # type: ignore[misc]


def test_pydantic_validates_a_record_and_runs_its_checks():
    assert validate(Room, {"name": "B401", "level": 4}) == Room(name="B401", level=4)
    with pytest.raises(ValueError, match="no basements"):
        validate(Room, {"name": "B401", "level": -1})


def test_making_a_record_class_compiles_no_code():
    # dataclass(frozen=True) compiles six small functions for each class (exec, with the
    # source of each); planner's records share theirs, which is most of what a short command
    # saves at start.
    compiled: list[str] = []
    listening = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if listening[0] and event in {"exec", "compile"}:
            compiled.append(event)

    sys.addaudithook(hook)  # cannot be removed: it stops listening at the end of the test
    try:

        @frozen
        class Talk:
            title: str
            minutes: int = 30

        @frozen(kw_only=False)
        class Gap:
            before: str
            after: str
    finally:
        listening[0] = False
    assert compiled == []
    assert Talk(title="x").minutes == 30 and Gap("a", "b").after == "b"
