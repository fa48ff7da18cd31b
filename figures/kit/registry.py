"""Registry of paper figures and the code that builds them into PDF and PNG files."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from experiments.core.fileio import atomic_path
from experiments.core.registry import Registry
from experiments.core.store import Result, ResultStore, load
from figures.kit.style import WIDTHS, paper_style, venue_settings

# fontTools warns about font timestamps while subsetting fonts into PDFs: not our concern.
logging.getLogger("fontTools").setLevel(logging.ERROR)

FigureFn = Callable[[Mapping[str, Result]], Figure]
FORMATS = ("pdf", "png")


@dataclass(frozen=True)
class FigureSpec:
    """A paper figure: its name, what it shows, the experiments it reads, its function, and its
    width at every venue (``"full"``: the text width; ``"column"``: one column)."""

    name: str
    description: str
    needs: tuple[str, ...]
    fn: FigureFn
    width: str = "full"
    caption: str = ""  # for the gallery: what the figure shows, TeX between dollars


# Every module of figures/topics/ registers figures when imported (found by its file).
FIGURES_PACKAGE = "figures.topics"
FIGURES: Registry[FigureSpec] = Registry("figure", FIGURES_PACKAGE)


def figure(
    name: str,
    *,
    description: str,
    needs: tuple[str, ...],
    caption: str,
    width: str = "full",
) -> Callable[[FigureFn], FigureFn]:
    """Register a figure function ``results -> Figure`` (decorator). ``description`` is one
    line of plain text (``render.py list``); ``caption`` says what the figure shows, in full, for
    the gallery (TeX between dollars); ``width`` is the venue width it is drawn at (the function
    passes the same name to :func:`figures.kit.style.figsize`)."""
    if width not in WIDTHS:
        raise ValueError(f"figure {name!r}: width must be one of {', '.join(WIDTHS)}")
    if not caption.strip():
        raise ValueError(
            f"figure {name!r} has no caption: give @figure a caption= saying what it shows "
            "(TeX between dollars), for the gallery"
        )

    def register(fn: FigureFn) -> FigureFn:
        FIGURES.add(name, FigureSpec(name, description, needs, fn, width, caption), fn)
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
    venue: str | None = None,
) -> list[Path]:
    """Load the results ``spec`` needs, draw it in the paper style of ``venue`` (the theme's
    default if None), write PDF and PNG.

    ``overrides`` maps an experiment name to its ``--set`` values.
    """
    overrides = overrides or {}
    results = {
        name: load(name, preset=preset, overrides=overrides.get(name), store=store)
        for name in spec.needs
    }
    written = []
    with paper_style(venue):
        fig = spec.fn(results)
        declared = float(venue_settings()["widths_in"][spec.width])
        if abs(fig.get_figwidth() - declared) > 1e-6:
            raise ValueError(
                f"figure {spec.name!r} is {fig.get_figwidth():g} in wide, but is registered at "
                f"the {spec.width!r} width ({declared:g} in)"
            )
        for fmt in FORMATS:
            path = out_dir / f"{spec.name}.{fmt}"
            save_atomic(fig, path, fmt)
            written.append(path)
    return written
