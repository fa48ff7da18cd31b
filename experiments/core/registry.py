"""Registries of named things, and the registry of experiments.

:class:`Registry` is the one mechanism behind every name a user types: experiments (here) and
paper figures (``figures.kit.registry``) are registered by decorators in their topic modules, looked
up with a close-match suggestion, and listed in order.

An experiment is a pure function ``(config, ctx) -> dict of arrays`` registered under a name with
:func:`experiment`. The result key holds the fingerprint of the code it runs
(:attr:`Experiment.code`), so an edit to that code is never ignored; ``version`` goes into the
key too, for a change the fingerprint cannot see.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from experiments.core.config import ExperimentConfig
from experiments.core.errors import UserError, unknown_name
from experiments.core.fingerprint import code_fingerprint
from experiments.core.sources import syntax_tree

if TYPE_CHECKING:
    from experiments.core.sweep import Sweep

T = TypeVar("T")


@dataclass
class RunContext:
    """What an experiment function may use besides its config.

    Attributes
    ----------
    device
        ``"cpu"`` or ``"cuda"`` (already resolved from ``auto``).
    track
        Wraps an iterable to show progress: ``for x in ctx.track(xs, "label", total=len(xs))``.
    """

    device: str = "cpu"
    track: Callable[..., Iterable[Any]] = field(default=lambda it, description="", total=None: it)

    def progress(
        self, iterable: Iterable[T], description: str, total: int | None = None
    ) -> Iterator[T]:
        yield from self.track(iterable, description, total)


def _decorated_names(source: Path) -> Iterator[str]:
    """The first arguments, where a string literal, of the decorators called on the functions
    of ``source``: the names its ``@experiment("...")`` or ``@figure("...")`` register."""
    for node in ast.walk(syntax_tree(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and deco.args:
                    first = deco.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        yield first.value


class Registry(Generic[T]):
    """Named items (experiments, figures) registered by decorators in their topic modules.

    The topic modules are imported on first use, so listing or looking up a name never depends
    on what the caller happened to import. A name registered twice by two different functions
    is a programming error; the same function registered again (a module reloaded) replaces it.

    Parameters
    ----------
    kind
        What the items are, for messages (``"experiment"``).
    package
        The package of the topic modules (``"experiments.topics"``): every module in it is one,
        found by its file, listed in the order of the file names. A new topic is a new file.
        None: no topic modules, items are added by hand.
    """

    def __init__(self, kind: str, package: str | None = None) -> None:
        self.kind = kind
        self.package = package
        self._items: dict[str, T] = {}
        self._sources: dict[str, str] = {}
        self._module_of: dict[str, str] = {}
        self._declared: dict[str, str] | None = None  # name -> module, read from the sources

    def add(self, name: str, item: T, fn: Callable[..., Any]) -> None:
        """Register ``item`` under ``name``; ``fn`` is the function that defines it."""
        source = f"{fn.__module__}.{fn.__qualname__}"
        if name in self._sources and self._sources[name] != source:
            raise ValueError(
                f"{self.kind} {name!r} registered twice ({self._sources[name]} and {source})"
            )
        self._items[name] = item
        self._sources[name] = source
        self._module_of[name] = fn.__module__

    @property
    def modules(self) -> tuple[str, ...]:
        """The topic modules, by file name (found again each time: a file may have been added)."""
        if self.package is None:  # a registry filled by hand (tests)
            return ()
        folder = Path(importlib.import_module(self.package).__file__ or "").parent
        return tuple(
            f"{self.package}.{path.stem}"
            for path in sorted(folder.glob("*.py"))
            if not path.name.startswith("_")
        )

    def _load(self) -> None:
        for module in self.modules:
            importlib.import_module(module)

    def _declaring_module(self, name: str) -> str | None:
        """The topic module whose source registers ``name`` with a decorator (its first
        argument, a literal), found without importing any of them; None if none does."""
        if self._declared is None:
            declared: dict[str, str] = {}
            for module in self.modules:
                spec = importlib.util.find_spec(module)
                if spec is not None and spec.origin is not None:
                    for found in _decorated_names(Path(spec.origin)):
                        declared.setdefault(found, module)
            self._declared = declared
        return self._declared.get(name)

    def get(self, name: str) -> T:
        """The item ``name``; a :class:`UserError` with a close-match suggestion if unknown.

        Only the topic module that registers it is imported (the rest can take seconds: a
        render's child process asks for one experiment); all of them when its source does not
        say, and for the suggestion."""
        if name not in self._items:
            module = self._declaring_module(name)
            if module is not None:
                importlib.import_module(module)
        if name not in self._items:
            self._load()
        try:
            return self._items[name]
        except KeyError:
            raise unknown_name(self.kind, name, self._items) from None

    def all(self) -> list[T]:
        """Every item, in listing order: by topic module, then as each module registers them
        (whatever order earlier lookups imported the modules in)."""
        self._load()
        rank = {module: k for k, module in enumerate(self.modules)}
        names = sorted(self._items, key=lambda n: rank.get(self._module_of[n], len(rank)))
        return [self._items[n] for n in names]


ExperimentFn = Callable[[Any, RunContext], dict[str, Any]]


@dataclass(frozen=True)
class Experiment:
    """A registered experiment: name, what it computes, its config class and code version."""

    name: str
    description: str
    config_cls: type[ExperimentConfig]
    fn: ExperimentFn
    version: int
    uses_device: bool = False
    sweep: Sweep | None = None  # computed cell by cell (experiments.core.sweep)

    @functools.cached_property
    def code(self) -> str:
        """The fingerprint of the code that computes the result (``experiments.core.fingerprint``):
        the experiment function, its config class and, for a sweep, its three functions. Part
        of the result's key: edit any of it and the stored result is no longer read back."""
        sweep = self.sweep
        parts = (sweep.cells, sweep.run_cell, sweep.assemble) if sweep is not None else ()
        return code_fingerprint(self.fn, self.config_cls, *parts)

    @functools.cached_property
    def cell_code(self) -> str:
        """The fingerprint of a sweep's cell function alone: part of every cell's key, so that
        an edit elsewhere (how cells are listed or assembled) keeps the stored cells."""
        return code_fingerprint(self.sweep.run_cell if self.sweep is not None else None)

    def config(
        self, preset: str = "quick", overrides: dict[str, Any] | None = None
    ) -> ExperimentConfig:
        return self.config_cls.from_preset(preset, overrides)


# Every module of experiments/topics/ registers experiments when imported (found by its file).
TOPICS_PACKAGE = "experiments.topics"
EXPERIMENTS: Registry[Experiment] = Registry("experiment", TOPICS_PACKAGE)


def experiment(
    name: str,
    *,
    description: str,
    config: type[ExperimentConfig],
    version: int,
    uses_device: bool = False,
    sweep: Sweep | None = None,
) -> Callable[[ExperimentFn], ExperimentFn]:
    """Register ``fn`` as the experiment ``name`` (decorator). A sweep experiment also gives its
    :class:`~experiments.core.sweep.Sweep`: the store then computes and keeps it cell by cell, and
    ``fn`` (all cells here, no store) stays the plain way to call it."""

    def register(fn: ExperimentFn) -> ExperimentFn:
        exp = Experiment(name, description, config, fn, version, uses_device, sweep)
        EXPERIMENTS.add(name, exp, fn)
        return fn

    return register


def get_experiment(name: str) -> Experiment:
    """The registered experiment ``name``; a :class:`UserError` with a suggestion if unknown."""
    return EXPERIMENTS.get(name)


def all_experiments() -> list[Experiment]:
    return EXPERIMENTS.all()


def resolve_device(requested: str) -> str:
    """Turn ``auto|cpu|cuda`` into the device to use; asking for a missing GPU is a user error."""
    if requested not in ("auto", "cpu", "cuda"):
        raise unknown_name("device", requested, ("auto", "cpu", "cuda"))
    if requested == "cpu":
        return "cpu"
    import torch

    has_cuda = torch.cuda.is_available()
    if requested == "cuda" and not has_cuda:
        raise UserError(
            "--device cuda was asked for but no CUDA GPU is available (use auto or cpu)"
        )
    return "cuda" if has_cuda else "cpu"
