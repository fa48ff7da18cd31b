"""The registry of named experiments.

An experiment is a pure function ``(config, ctx) -> dict of arrays`` registered under a name with
:func:`experiment`. Its ``version`` goes into the result key: bump it whenever a change to the code
changes the numbers it produces, so stale results are never reused.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from experiments.config import ExperimentConfig
from experiments.errors import UserError, unknown_name

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

    def config(self, preset: str = "quick", overrides: dict[str, Any] | None = None) -> Any:
        return self.config_cls.from_preset(preset, overrides)


_REGISTRY: dict[str, Experiment] = {}


def experiment(
    name: str,
    *,
    description: str,
    config: type[ExperimentConfig],
    version: int,
    uses_device: bool = False,
) -> Callable[[ExperimentFn], ExperimentFn]:
    """Register ``fn`` as the experiment ``name`` (decorator)."""

    def register(fn: ExperimentFn) -> ExperimentFn:
        if name in _REGISTRY and _REGISTRY[name].fn is not fn:
            raise ValueError(f"experiment {name!r} registered twice")
        _REGISTRY[name] = Experiment(name, description, config, fn, version, uses_device)
        return fn

    return register


def get_experiment(name: str) -> Experiment:
    """The registered experiment ``name``; a :class:`UserError` with a suggestion if unknown."""
    _ensure_loaded()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise unknown_name("experiment", name, _REGISTRY) from None


def all_experiments() -> list[Experiment]:
    _ensure_loaded()
    return list(_REGISTRY.values())


# Topic modules: importing one registers its experiments. One per line, in listing order.
TOPIC_MODULES = (
    "experiments.geometry",
    "experiments.robustness",
    "experiments.prediction",
    "experiments.convex",
    "experiments.concentration",
)


def _ensure_loaded() -> None:
    for module in TOPIC_MODULES:
        importlib.import_module(module)


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
