"""Experiment configurations: frozen dataclasses with presets, string overrides and validation.

Each experiment declares its configuration as a subclass of :class:`ExperimentConfig` whose fields
are made with :func:`param`. The field defaults are the ``quick`` preset; ``PRESETS`` lists the
changes for the other presets. Users override single fields from the command line with
``--set key=value``; values are parsed by the field's type and checked against its bounds, and
every problem is reported as a :class:`~experiments.core.errors.UserError` naming what is allowed.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import typing
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import numpy as np

from experiments.core.errors import UserError, unknown_name

PRESET_NAMES = ("quick", "paper")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def param(
    default: Any,
    *,
    help: str,
    min: float | None = None,
    max: float | None = None,
    choices: Sequence[str] | None = None,
    min_len: int = 1,
) -> Any:
    """A configuration field with a help text and bounds.

    Parameters
    ----------
    default
        The value at the ``quick`` preset.
    help
        One line shown by ``render.py list`` and in error messages.
    min, max
        Inclusive bounds on the value (on every element for tuple fields).
    choices
        Allowed values for string fields (or string tuple elements).
    min_len
        Smallest allowed length for tuple fields.
    """
    meta = {
        "help": help,
        "min": min,
        "max": max,
        "choices": tuple(choices or ()),
        "min_len": min_len,
    }
    return dataclasses.field(default=default, metadata=meta)


def _field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _element_type(tp: Any) -> Any | None:
    """For ``tuple[X, ...]`` return X, else None."""
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


def _parse_scalar(tp: Any, text: str, key: str) -> Any:
    text = text.strip()
    if tp is bool:
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise UserError(f"{key} must be true or false (got '{text}')")
    if tp is int:
        try:
            value = float(text)
        except ValueError:
            raise UserError(f"{key} must be an integer (got '{text}')") from None
        if not math.isfinite(value) or not value.is_integer():
            raise UserError(f"{key} must be an integer (got '{text}')")
        return int(value)
    if tp is float:
        try:
            value = float(text)
        except ValueError:
            raise UserError(f"{key} must be a number (got '{text}')") from None
        if not math.isfinite(value):
            raise UserError(f"{key} must be a finite number (got '{text}')")
        return value
    if tp is str:
        return text
    raise TypeError(f"unsupported config field type {tp!r} for {key}")


def _coerce_scalar(tp: Any, value: Any, key: str) -> Any:
    """Coerce a Python value given in code (not text) to the field type, strictly."""
    if isinstance(value, str):
        return _parse_scalar(tp, value, key)
    is_number = isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)
    if tp is bool and isinstance(value, bool | np.bool_):
        return bool(value)
    if tp is int and is_number and float(value).is_integer():
        return int(value)
    if tp is float and is_number and math.isfinite(value):
        return float(value)
    raise UserError(f"{key} must be of type {tp.__name__} (got {value!r})")


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _describe_bounds(meta: Mapping[str, Any]) -> str:
    lo, hi, choices = meta["min"], meta["max"], meta["choices"]
    if choices:
        return "one of " + ", ".join(choices)
    if lo is not None and hi is not None:
        return f"between {_num(lo)} and {_num(hi)}"
    if lo is not None:
        return f">= {_num(lo)}"
    if hi is not None:
        return f"<= {_num(hi)}"
    return "any value"


def _check_scalar(value: Any, meta: Mapping[str, Any], key: str) -> None:
    lo, hi, choices = meta["min"], meta["max"], meta["choices"]
    bad = (
        (choices and value not in choices)
        or (lo is not None and value < lo)
        or (hi is not None and value > hi)
    )
    if bad:
        raise UserError(f"{key} must be {_describe_bounds(meta)} (got {value!r})")


@dataclasses.dataclass(frozen=True)
class ExperimentConfig:
    """Base class of experiment configurations.

    Subclasses are frozen dataclasses whose fields are made with :func:`param`. Values are
    coerced and validated on construction, so an instance is always valid.
    """

    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {"quick": {}, "paper": {}}

    def __post_init__(self) -> None:
        hints = _field_types(type(self))
        for f in dataclasses.fields(self):
            key, tp, meta = f.name, hints[f.name], f.metadata
            value = getattr(self, key)
            elem = _element_type(tp)
            if elem is not None:
                if isinstance(value, str):
                    parts = [p for p in value.split(",") if p.strip()]
                    value = tuple(_parse_scalar(elem, p, key) for p in parts)
                elif isinstance(value, Sequence):
                    value = tuple(_coerce_scalar(elem, v, key) for v in value)
                else:
                    raise UserError(f"{key} must be a comma-separated list (got {value!r})")
                if len(value) < meta.get("min_len", 1):
                    raise UserError(
                        f"{key} needs at least {meta.get('min_len', 1)} value(s) (got {len(value)})"
                    )
                for v in value:
                    _check_scalar(v, meta, key)
            else:
                value = _coerce_scalar(tp, value, key)
                _check_scalar(value, meta, key)
            object.__setattr__(self, key, value)
        self.validate()

    def validate(self) -> None:
        """Cross-field checks; raise :class:`UserError`. Override in subclasses."""

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def setting_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def from_preset(
        cls, preset: str = "quick", overrides: Mapping[str, Any] | None = None
    ) -> ExperimentConfig:
        """Build a config from a preset and overrides (text from ``--set`` or Python values)."""
        if preset not in PRESET_NAMES:
            raise unknown_name("preset", preset, PRESET_NAMES)
        values: dict[str, Any] = dict(cls.PRESETS.get(preset, {}))
        for key, value in (overrides or {}).items():
            if key not in cls.setting_names():
                raise unknown_name("setting", key, cls.setting_names())
            values[key] = value
        return cls(**values)

    def replace(self, **changes: Any) -> ExperimentConfig:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (tuples become lists), in field order."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            out[f.name] = list(v) if isinstance(v, tuple) else v
        return out

    @classmethod
    def describe(cls) -> list[tuple[str, str, Any, str]]:
        """(key, type, default, help + bounds) for each field."""
        hints = _field_types(cls)
        rows = []
        for f in dataclasses.fields(cls):
            tp = hints[f.name]
            elem = _element_type(tp)
            tname = f"list of {elem.__name__}" if elem is not None else tp.__name__
            text = f"{f.metadata['help']} ({_describe_bounds(f.metadata)})"
            rows.append((f.name, tname, f.default, text))
        return rows


def parse_set_options(items: Sequence[str]) -> dict[str, str]:
    """Parse ``["key=value", ...]`` from ``--set`` into a dict of raw text values."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UserError(f"--set expects KEY=VALUE (got '{item}')")
        out[key] = value
    return out
