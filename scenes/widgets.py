"""Reusable drawing pieces for scenes: themed text, maths, axes and curves drawn from data."""

from __future__ import annotations

import math as pymath
import shutil
from collections.abc import Sequence

import numpy as np
from manim import (
    LEFT,
    UP,
    Axes,
    DashedVMobject,
    MathTex,
    RoundedRectangle,
    Text,
    VGroup,
    VMobject,
)

from experiments.errors import MissingToolError
from scenes.theme import AXIS_STROKE, FONT, FOREGROUND, LABEL_SIZE, MUTED, STROKE, TITLE_SIZE

TEX_INSTALL = (
    "LaTeX is needed for the maths in scenes but 'latex' or 'dvisvgm' is missing; install it "
    "with `apt-get install texlive-latex-base texlive-latex-extra dvisvgm` "
    "(make render does this as root)"
)


def require_tex() -> None:
    """Fail with the install command if the TeX tools MathTex needs are missing."""
    if shutil.which("latex") is None or shutil.which("dvisvgm") is None:
        raise MissingToolError(TEX_INSTALL)


def text(s: str, size: float = LABEL_SIZE, color=FOREGROUND, **kwargs) -> Text:
    """Plain text in the theme font."""
    return Text(s, font=FONT, font_size=size, color=color, **kwargs)


def title(s: str) -> Text:
    """A scene title at the top edge."""
    return text(s, size=TITLE_SIZE).to_edge(UP, buff=0.35)


def math(*tex: str, size: float = LABEL_SIZE, color=FOREGROUND, **kwargs) -> MathTex:
    """Typeset maths; a clear error, not a FileNotFoundError, when LaTeX is missing."""
    require_tex()
    try:
        return MathTex(*tex, font_size=size, color=color, **kwargs)
    except FileNotFoundError as exc:  # latex found on PATH but a piece of TeX is missing
        raise MissingToolError(f"{TEX_INSTALL} ({exc})") from exc


def tex_number(x: float, digits: int = 3) -> str:
    """``x`` with ``digits`` significant digits as TeX, in scientific notation below 1e-3."""
    if x == 0 or not pymath.isfinite(x):
        return f"{x:g}"
    exponent = pymath.floor(pymath.log10(abs(x)))
    if -3 <= exponent < 4:
        decimals = max(digits - 1 - exponent, 0)
        return f"{x:.{decimals}f}"
    mantissa = x / 10**exponent
    return rf"{mantissa:.{digits - 1}f}\times 10^{{{exponent}}}"


def themed_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    *,
    x_length: float = 10.0,
    y_length: float = 5.0,
    x_numbers: Sequence[float] | None = None,
    y_numbers: Sequence[float] | None = None,
) -> Axes:
    """Axes in the theme colours, with number labels in the theme font size."""
    axes = Axes(
        x_range=list(x_range),
        y_range=list(y_range),
        x_length=x_length,
        y_length=y_length,
        tips=False,
        axis_config={
            "color": MUTED,
            "stroke_width": AXIS_STROKE,
            "include_ticks": True,
            "font_size": 22,
        },
    )
    if x_numbers is not None:
        axes.x_axis.add_numbers(list(x_numbers), font_size=22, color=MUTED)
    if y_numbers is not None:
        axes.y_axis.add_numbers(list(y_numbers), font_size=22, color=MUTED, num_decimal_places=1)
    return axes


def data_curve(
    axes: Axes,
    xs: np.ndarray,
    ys: np.ndarray,
    color,
    *,
    stroke_width: float = STROKE,
    dashed: bool = False,
) -> VMobject:
    """The polyline through the computed points (xs, ys), clipped to the axes' y range."""
    y_lo, y_hi = axes.y_range[0], axes.y_range[1]
    pts = [axes.c2p(float(x), float(min(max(y, y_lo), y_hi))) for x, y in zip(xs, ys, strict=True)]
    curve = VMobject(color=color, stroke_width=stroke_width)
    curve.set_points_as_corners(pts)
    if dashed:
        return DashedVMobject(curve, num_dashes=60, dashed_ratio=0.55).set_stroke(
            color=color, width=stroke_width
        )
    return curve


def formula_card(*tex: str, size: float = 40) -> VGroup:
    """A formula on a rounded card, for the statement a scene ends on."""
    formula = math(*tex, size=size)
    card = RoundedRectangle(
        corner_radius=0.15,
        width=formula.width + 0.6,
        height=formula.height + 0.45,
        stroke_color=MUTED,
        stroke_width=2,
        fill_color="#000000",
        fill_opacity=0.35,
    )
    card.move_to(formula)
    return VGroup(card, formula)


def legend_row(swatch_color, label, *, dashed: bool = False) -> VGroup:
    """A short line in ``swatch_color`` followed by ``label`` (a mobject)."""
    line = VMobject(color=swatch_color, stroke_width=STROKE)
    line.set_points_as_corners([LEFT * 0.3, LEFT * -0.3])
    if dashed:
        line = DashedVMobject(line, num_dashes=3).set_stroke(color=swatch_color, width=STROKE)
    return VGroup(line, label).arrange(direction=np.array([1.0, 0.0, 0.0]), buff=0.2)
