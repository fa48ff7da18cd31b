"""Registry of paper figures and the code that builds them into PDF and PNG files."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from experiments.fileio import atomic_path
from experiments.registry import Registry
from experiments.store import Result, ResultStore, load
from figures.style import paper_style

# fontTools warns about DejaVu's font timestamps while subsetting fonts into PDFs: not our concern.
logging.getLogger("fontTools").setLevel(logging.ERROR)

FigureFn = Callable[[Mapping[str, Result]], Figure]
FORMATS = ("pdf", "png")


@dataclass(frozen=True)
class FigureSpec:
    """A paper figure: its name, what it shows, the experiments it reads, and its function."""

    name: str
    description: str
    needs: tuple[str, ...]
    fn: FigureFn


# Modules whose import registers figures. One per line, in listing order.
FIGURE_MODULES = (
    "figures.geometry",
    "figures.robustness",
    "figures.prediction",
    "figures.convex",
    "figures.concentration",
)
FIGURES: Registry[FigureSpec] = Registry("figure", FIGURE_MODULES)


def figure(
    name: str, *, description: str, needs: tuple[str, ...]
) -> Callable[[FigureFn], FigureFn]:
    """Register a figure function ``results -> Figure`` (decorator)."""

    def register(fn: FigureFn) -> FigureFn:
        FIGURES.add(name, FigureSpec(name, description, needs, fn), fn)
        return fn

    return register


def all_figures() -> list[FigureSpec]:
    return FIGURES.all()


def get_figure(name: str) -> FigureSpec:
    return FIGURES.get(name)


def save_atomic(fig: Figure, path: Path, fmt: str) -> None:
    """Save ``fig`` to ``path`` through a temporary file renamed into place."""
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt, metadata={"Creator": "hidim"} if fmt == "pdf" else None)


def build_figure(
    spec: FigureSpec,
    out_dir: Path,
    *,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    store: ResultStore | None = None,
) -> list[Path]:
    """Load the results ``spec`` needs, draw it in the paper style, write PDF and PNG.

    ``overrides`` maps an experiment name to its ``--set`` values.
    """
    overrides = overrides or {}
    results = {
        name: load(name, preset=preset, overrides=overrides.get(name), store=store)
        for name in spec.needs
    }
    written = []
    with paper_style():
        fig = spec.fn(results)
        for fmt in FORMATS:
            path = out_dir / f"{spec.name}.{fmt}"
            save_atomic(fig, path, fmt)
            written.append(path)
    return written
