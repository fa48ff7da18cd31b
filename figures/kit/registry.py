"""Registry of paper figures and the code that builds them into PDF and PNG files."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from experiments.core.fileio import atomic_path, atomic_write_text
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
    caption: str = ""  # what the figure shows, TeX between dollars (gallery and LaTeX caption)


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


# Characters of a caption's text (outside dollars) that LaTeX reads as commands, and characters
# pdflatex's UTF-8 input does not set in text mode, as LaTeX sets them.
_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "#": r"\#",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "·": r"$\cdot$",
    "×": r"$\times$",
    "−": r"$-$",
    "≤": r"$\leq$",
    "≥": r"$\geq$",
    "≈": r"$\approx$",
    "→": r"$\to$",
    "±": r"$\pm$",
    "√": r"$\surd$",
    "∞": r"$\infty$",
    "\u00a0": "~",  # no-break space
    "\u202f": r"\,",  # narrow no-break space
}
_ESCAPED = re.compile("|".join(re.escape(c) for c in _TEXT_ESCAPES))
_DOLLARS = re.compile(r"\$([^$]+)\$")
_SPACES = re.compile(r"[ \t\r\n]+")  # runs of plain white space (not the no-break ones)
# Runs of Unicode super- and subscript digits (10⁷, He₄): as TeX writes them, $^{7}$ and $_{4}$.
_SUPER = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+", strict=True))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True))
_SCRIPTS = re.compile(f"[{''.join(_SUPER)}]+|[{''.join(_SUB)}]+")
CAPTION_SUFFIX = ".caption.tex"


def _script(match: re.Match[str]) -> str:
    run = match[0]
    if run[0] in _SUPER:
        return "$^{" + "".join(_SUPER[c] for c in run) + "}$"
    return "$_{" + "".join(_SUB[c] for c in run) + "}$"


def caption_latex(caption: str) -> str:
    """``caption`` (text with TeX between dollars, as ``@figure`` takes it) as LaTeX for
    ``\\caption{...}``: the maths kept as it is, the text's special characters escaped."""
    parts = _DOLLARS.split(caption)  # text, maths, text, ..., text
    if "$" in "".join(parts[::2]):
        raise ValueError(f"unpaired $ in caption: {caption[:60]!r}")
    out = []
    for k, part in enumerate(parts):
        if k % 2:
            out.append(f"${part}$")
        else:
            text = _ESCAPED.sub(lambda m: _TEXT_ESCAPES[m[0]], _SPACES.sub(" ", part))
            out.append(_SCRIPTS.sub(_script, text))
    return "".join(out).strip()


def caption_path(figures_dir: Path, name: str) -> Path:
    """Where :func:`build_figure` writes figure ``name``'s LaTeX caption, beside its PDF."""
    return figures_dir / f"{name}{CAPTION_SUFFIX}"


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
    default if None), write PDF and PNG, and its caption as LaTeX beside them
    (``NAME.caption.tex``, :func:`caption_latex`).

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
    caption = caption_path(out_dir, spec.name)
    atomic_write_text(caption, caption_latex(spec.caption) + "\n")
    written.append(caption)
    return written
