"""The fingerprint of the code a computation runs: what a stored result is keyed on, besides its
config, so that a result made by code that has since changed is never read back as current.

Starting from the functions given (an experiment, a sweep's cell function), it follows every
name their code reads from its module (the globals), through the functions, classes and
modules of the project they reach, and hashes:

- the source text of every project function and class reached (edit one: a new fingerprint);
- the value of every constant they read (a tuple of sizes, a threshold, an array), and their
  default arguments;
- the whole source of any project module they use as a module (``nets.train_sweep(...)``).

Code outside the project (NumPy, PyTorch) counts by the versions the store records beside each
result. What the fingerprint cannot see (a method reached only through an attribute of an
object built elsewhere) is what ``version=`` is still for: bump it after such an edit.

Reads sources with :mod:`inspect`, which for classes parses them: call it in the main thread
(``experiments.core.sources``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import types
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

PROJECT_PACKAGES = ("experiments", "assets")  # code whose edits change results
_SIMPLE = (int, float, complex, str, bytes, bool, type(None))


def _in_project(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) if not isinstance(obj, types.ModuleType) else obj
    name = module.__name__ if isinstance(module, types.ModuleType) else module
    return isinstance(name, str) and name.split(".")[0] in PROJECT_PACKAGES


def _value_text(value: Any) -> str | None:
    """A stable text for a constant's value, or None if it is not a plain value."""
    if isinstance(value, _SIMPLE):
        return repr(value)
    if isinstance(value, np.ndarray):
        digest = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()
        return f"array({value.dtype}, {value.shape}, {digest})"
    if isinstance(value, np.generic):
        return repr(value.item())
    if isinstance(value, tuple | list):
        parts = [_value_text(v) for v in value]
        return None if None in parts else f"{type(value).__name__}({', '.join(parts)})"  # type: ignore[arg-type]
    if isinstance(value, frozenset | set):
        parts = [_value_text(v) for v in value]
        return None if None in parts else f"set({', '.join(sorted(parts))})"  # type: ignore[arg-type]
    if isinstance(value, dict):
        items = [(_value_text(k), _value_text(v)) for k, v in value.items()]
        if any(k is None or v is None for k, v in items):
            return None
        return "dict(" + ", ".join(f"{k}: {v}" for k, v in items) + ")"
    return None


def _names_read(code: types.CodeType) -> Iterator[str]:
    """The global (and attribute) names a code object and the code nested in it read."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _names_read(const)


def _source(obj: Any) -> str:
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return f"<no source: {getattr(obj, '__qualname__', obj)!r}>"


class _Walk:
    def __init__(self) -> None:
        self.parts: dict[str, str] = {}  # what -> its text, hashed in sorted order
        self.seen: set[int] = set()

    def add(self, obj: Any, via: str) -> None:
        if id(obj) in self.seen:
            return
        if isinstance(obj, functools.partial):
            self.seen.add(id(obj))
            self.add(obj.func, via)
            for k, arg in enumerate([*obj.args, *obj.keywords.values()]):
                self.value(arg, f"{via}.partial[{k}]")
            return
        if isinstance(obj, types.MethodType):
            self.add(obj.__func__, via)
            return
        if not _in_project(obj):
            return
        self.seen.add(id(obj))
        if isinstance(obj, types.ModuleType):
            self.parts[f"module {obj.__name__}"] = _source(obj)
        elif isinstance(obj, types.FunctionType):
            self.function(obj)
        elif isinstance(obj, type):
            self.parts[f"class {obj.__module__}.{obj.__qualname__}"] = _source(obj)
            for member in vars(obj).values():
                target = member
                if isinstance(member, classmethod | staticmethod):
                    target = member.__func__
                if isinstance(target, property):
                    target = target.fget
                if isinstance(target, types.FunctionType):
                    self.function(target, source=False)

    def function(self, fn: types.FunctionType, source: bool = True) -> None:
        self.seen.add(id(fn))
        name = f"{fn.__module__}.{fn.__qualname__}"
        if source:
            self.parts[f"function {name}"] = _source(fn)
        defaults = [*(fn.__defaults__ or ()), *(fn.__kwdefaults__ or {}).values()]
        for k, default in enumerate(defaults):
            self.value(default, f"{name}.default[{k}]")
        for k, cell in enumerate(fn.__closure__ or ()):
            with contextlib.suppress(ValueError):  # an empty cell has no contents
                self.value(cell.cell_contents, f"{name}.closure[{k}]")
        scope = fn.__globals__
        for read in sorted(set(_names_read(fn.__code__))):
            if read in scope:
                self.value(scope[read], f"{fn.__module__}.{read}")

    def value(self, value: Any, name: str) -> None:
        text = _value_text(value)
        if text is not None:
            self.parts[f"value {name}"] = text
        elif callable(value) or isinstance(value, types.ModuleType):
            self.add(value, name)
        elif _in_project(type(value)):  # an instance of a project class: its class's code
            self.add(type(value), name)


def code_fingerprint(*roots: Callable[..., Any] | type | None) -> str:
    """SHA-256 of the code ``roots`` run (see the module docstring); ``None`` roots are skipped."""
    walk = _Walk()
    for root in roots:
        if root is not None:
            walk.add(root, getattr(root, "__qualname__", repr(root)))
    h = hashlib.sha256()
    for what in sorted(walk.parts):
        h.update(what.encode() + b"\0" + walk.parts[what].encode() + b"\0")
    return h.hexdigest()[:20]
