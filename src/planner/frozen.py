"""Planner's records: frozen dataclasses, which pydantic validates only where data comes in.

Sessions, schedules, picks, agendas and venues are plain frozen dataclasses. Each
cleans its own text in ``__post_init__`` (whoever builds it: a reader, a command, the
person's note), so no text reaches a terminal or a calendar with control characters in
it. What a file says is checked by pydantic at the edge, where a file is read for the
first time (:func:`validate`): it builds these same classes, and its errors know their
path in the document. A command that loads what planner kept already validated (a
schedule, an agenda, a venue: :mod:`planner.cache`) imports no pydantic, which is most
of what such a command would otherwise cost (``bench/README.md``, "the imports alone").

>>> @frozen
... class Room:
...     name: str
...     level: int | None = None
...     def __post_init__(self) -> None:
...         clean_fields(self, ("name",))
>>> Room(name="B401\\x1b[31m")
Room(name='B401[31m', level=None)
>>> validate(Room, {"name": "B401", "level": 4})
Room(name='B401', level=4)
>>> revive(Room, plain(Room(name="B401", level=4)))
Room(name='B401', level=4)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar, dataclass_transform

from .text import clean_text

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")

# What pydantic reads from a stdlib dataclass when it validates one: a file's unknown key
# is an error, as a typo in an agenda should be.
_CONFIG = {"extra": "forbid"}


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    """``cls`` as a frozen, keyword-only dataclass that pydantic validates strictly."""
    cls.__pydantic_config__ = _CONFIG  # type: ignore[attr-defined]
    return dataclasses.dataclass(frozen=True, kw_only=True)(cls)


def clean_fields(record: object, names: Iterable[str]) -> None:
    """Take control characters out of the text fields ``names`` of a frozen ``record``
    (None and text that is clean already are left as they are)."""
    for name in names:
        value = getattr(record, name)
        if value is not None:
            cleaned = clean_text(value)
            if cleaned is not value:
                object.__setattr__(record, name, cleaned)


def settle(record: object, name: str, value: Any) -> None:
    """Set field ``name`` of a frozen ``record`` while it is being made (in ``__post_init__``)."""
    object.__setattr__(record, name, value)


def trusted(cls: type[T], values: dict[str, Any]) -> T:
    """A ``cls`` made from ``values`` planner validated before (its own kept copy), without
    running ``__init__``. Every field must be in ``values``, else ``ValueError``."""
    kind: Any = cls
    if len(values) != _field_count(kind):
        raise ValueError(f"a kept {cls.__name__} has fields {sorted(values)}")
    record = object.__new__(cls)
    record.__dict__.update(values)
    return record


@functools.cache
def _field_count(cls: Any) -> int:
    return len(dataclasses.fields(cls))


class Aware:
    """``Annotated[dt.datetime, Aware()]``: pydantic refuses a time without a zone."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.datetime_schema(tz_constraint="aware")


class Limits:
    """``Annotated[int, Limits(ge=1)]``: bounds pydantic checks on a number or a text."""

    def __init__(self, **limits: float) -> None:
        self.limits = limits

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return {**handler(source), **self.limits}


class Before:
    """``Annotated[T, Before(fn)]``: pydantic passes what a file says through ``fn`` first
    (``None`` read as empty, a version that must be a whole number)."""

    def __init__(self, function: Any) -> None:
        self.function = function

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.function, handler(source))


@functools.cache
def adapter(kind: Any) -> TypeAdapter[Any]:
    """pydantic's validator of ``kind``, built once per process, on first use."""
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


class Invalid(ValueError):
    """What pydantic found wrong in data from a file: its errors, as ``ValidationError.errors()``
    gives them (the first is the one a message tells)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors[0]["msg"] if errors else "invalid")
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return self._errors


# pydantic words a dataclass's unknown or missing key as a function's argument; a file has keys.
_KEY_WORDS = {
    "unexpected_keyword_argument": "Extra inputs are not permitted",
    "missing_argument": "Field required",
}


def validate(kind: type[T], data: Any) -> T:
    """``data`` (from a file) as a ``kind``; raises :class:`Invalid`."""
    from pydantic import ValidationError

    shape: Any = kind
    try:
        record: T = adapter(shape).validate_python(data)
    except ValidationError as exc:
        errors = [{**e, "msg": _KEY_WORDS.get(e["type"], e["msg"])} for e in exc.errors()]
        raise Invalid(errors) from None
    return record


def revive(kind: Any, data: Any) -> Any:
    """The ``kind`` :func:`plain` wrote as ``data``, made again without validating: for
    what planner validated and signed itself (:mod:`planner.cache`), never for a file.

    A ``ValueError``, ``TypeError``, ``KeyError`` or ``AttributeError`` says ``data`` is
    not such a copy (the caller reads the file again).
    """
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        fields = _field_kinds(kind)
        if not isinstance(data, dict) or data.keys() != fields.keys():
            raise ValueError(f"not a kept {kind.__name__}")
        return trusted(kind, {name: revive(fields[name], data[name]) for name in fields})
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is types.UnionType:
        (kind,) = (arg for arg in typing.get_args(kind) if arg is not type(None))
        return revive(kind, data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(revive(args[0], v) for v in data)
        return tuple(revive(a, v) for a, v in zip(args, data, strict=True))
    if origin is dict:
        value_kind = typing.get_args(kind)[1]
        return {str(k): revive(value_kind, v) for k, v in data.items()}
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(data)
    if kind is dt.date:
        return dt.date.fromisoformat(data)
    if kind is float:
        return float(data)
    return data


@functools.cache
def _field_kinds(cls: Any) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def plain(value: Any) -> Any:
    """``value`` as JSON can hold it: records as objects (every field), times in ISO 8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value
