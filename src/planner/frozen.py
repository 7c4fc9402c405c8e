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
import operator
import reprlib
import types
import typing
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, dataclass_transform

from .text import clean_text

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")

# What pydantic reads from a stdlib dataclass when it validates one: a file's unknown key
# is an error, as a typo in an agenda should be.
_CONFIG = {"extra": "forbid"}


@typing.overload
def frozen(cls: type[T], /) -> type[T]: ...
@typing.overload
def frozen(*, kw_only: bool = True) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: Any = None, /, *, kw_only: bool = True) -> Any:
    """``cls`` as a frozen dataclass that pydantic validates strictly: keyword-only unless
    ``kw_only=False``.

    It is a dataclass in every way :mod:`dataclasses` and pydantic look at (``fields``,
    ``replace``, its ``__dataclass_fields__``), with the methods ``dataclass(frozen=True)``
    would write (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, and an assignment that
    raises ``FrozenInstanceError``). Those methods are shared, not compiled for each class:
    the standard library compiles six small functions per frozen class, which was a quarter
    of what a short command cost to start (``bench/README.md``, "Fifth pass").
    """
    if cls is None:
        return functools.partial(_make_frozen, kw_only=kw_only)
    return _make_frozen(cls, kw_only=kw_only)


class _Shape:
    """What the shared methods need to know of one frozen class, worked out once."""

    __slots__ = (
        "defaults",
        "factories",
        "fields",
        "key",
        "name",
        "positional",
        "post_init",
        "shown",
    )

    def __init__(self, cls: type, kw_only: bool) -> None:
        fields = dataclasses.fields(cls)
        self.name = cls.__qualname__
        self.fields = frozenset(f.name for f in fields)
        self.positional = () if kw_only else tuple(f.name for f in fields if not f.kw_only)
        self.defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
        self.factories = tuple(
            (f.name, f.default_factory) for f in fields if f.default_factory is not dataclasses.MISSING
        )
        compared = tuple(f.name for f in fields if f.compare)
        getter = operator.attrgetter(*compared) if compared else (lambda record: ())
        self.key = getter if len(compared) != 1 else (lambda record: (getter(record),))
        self.shown = tuple(f.name for f in fields if f.repr)
        self.post_init = hasattr(cls, "__post_init__")


def _make_frozen(cls: Any, kw_only: bool) -> Any:
    cls.__pydantic_config__ = _CONFIG
    # dataclasses lets a frozen class extend only frozen ones, and writes that class's two
    # assignment methods itself; it is the one case that pays for them.
    extends = any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:])
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = cls.__name__  # dataclasses would parse a signature to write one
    dataclasses.dataclass(init=False, repr=False, eq=False, frozen=extends, kw_only=kw_only)(cls)
    if undocumented:
        cls.__doc__ = f"{cls.__name__}({', '.join(f.name for f in dataclasses.fields(cls))})"
    # What a dataclass it now is, as dataclasses and pydantic read it: a frozen one with the
    # usual methods, so a stdlib frozen dataclass may extend it (a writer's options do).
    params = cls.__dataclass_params__
    params.init = params.repr = params.eq = params.frozen = True
    cls.__frozen_shape__ = _Shape(cls, kw_only)
    own = cls.__dict__
    for name, method in _METHODS.items():
        if name not in own or (name == "__hash__" and own[name] is None):
            setattr(cls, name, method)
    return cls


def _init(self: Any, *args: Any, **values: Any) -> None:
    shape: _Shape = self.__frozen_shape__
    if args:
        if len(args) > len(shape.positional):
            raise TypeError(
                f"{shape.name}() takes {len(shape.positional)} positional arguments, {len(args)} given"
            )
        for name, value in zip(shape.positional, args, strict=False):
            if name in values:
                raise TypeError(f"{shape.name}() got multiple values for argument {name!r}")
            values[name] = value
    given = self.__dict__
    if values.keys() == shape.fields:
        # Every field given (as a reader gives a session's): no default nor factory to look at.
        given.update(values)
    else:
        given.update(shape.defaults)
        given.update(values)
        for name, factory in shape.factories:
            if name not in values:
                given[name] = factory()
        if len(given) != len(shape.fields) or not values.keys() <= shape.fields:
            unknown = sorted(values.keys() - shape.fields)
            if unknown:
                raise TypeError(f"{shape.name}() got an unexpected keyword argument {unknown[0]!r}")
            missing = sorted(shape.fields - given.keys())
            raise TypeError(f"{shape.name}() missing required argument(s): {', '.join(map(repr, missing))}")
    if shape.post_init:
        self.__post_init__()


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shape: _Shape = self.__frozen_shape__
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in shape.shown)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__frozen_shape__.key
    return bool(key(self) == key(other))


def _hash(self: Any) -> int:
    return hash(self.__frozen_shape__.key(self))


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


_METHODS = {
    "__init__": _init,
    "__repr__": _repr,
    "__eq__": _eq,
    "__hash__": _hash,
    "__setattr__": _setattr,
    "__delattr__": _delattr,
}


def clean_fields(record: object, names: Iterable[str]) -> None:
    """Take control characters out of the text fields ``names`` of a frozen ``record``
    (None and text that is clean already are left as they are)."""
    # Made for every session a reader finds, so the common case, clean text, costs one
    # C-level check (clean_text makes the same one first) and no call.
    values = record.__dict__
    for name in names:
        value = values[name]
        if value is not None and not value.isprintable():
            cleaned = clean_text(value)
            if cleaned is not value:
                values[name] = cleaned


def settle(record: object, name: str, value: Any) -> None:
    """Set field ``name`` of a frozen ``record`` while it is being made (in ``__post_init__``)."""
    object.__setattr__(record, name, value)


def trusted(cls: type[T], values: dict[str, Any]) -> T:
    """A ``cls`` made from ``values`` planner validated before (its own kept copy), without
    running ``__init__``. ``values`` must name exactly the fields, else ``ValueError``."""
    kind: Any = cls
    if values.keys() != _field_names(kind):
        raise ValueError(f"a kept {cls.__name__} has fields {sorted(values)}")
    record = object.__new__(cls)
    record.__dict__.update(values)
    return record


@functools.cache
def _field_names(cls: Any) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


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
