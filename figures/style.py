"""Paper style: the theme as a matplotlib rcParams dict, applied inside ``plt.rc_context``.

No global state is changed: every figure is drawn and saved inside :func:`paper_style`.
Sizes follow the venue widths in the theme (NeurIPS text width 5.5 in; a column of a
two-column venue 3.25 in, its full width 6.75 in).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.typing import RcKeyType

from assets.theme import load_theme


def paper_rc() -> dict[RcKeyType, Any]:
    """rcParams for publication figures: theme fonts and sizes, TrueType fonts embedded in PDF."""
    p = load_theme()["paper"]
    fs, small = p["font_size"], p["small_font_size"]
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [p["font_family"]],
        "mathtext.fontset": p["math_fontset"],
        "font.size": fs,
        "axes.titlesize": fs,
        "axes.labelsize": fs,
        "legend.fontsize": small,
        "xtick.labelsize": small,
        "ytick.labelsize": small,
        "axes.linewidth": p["axes_line_width"],
        "axes.edgecolor": p["foreground"],
        "axes.labelcolor": p["foreground"],
        "axes.grid": True,
        "grid.color": p["grid"],
        "grid.linewidth": 0.5,
        "axes.axisbelow": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": p["foreground"],
        "ytick.color": p["foreground"],
        "xtick.major.width": p["axes_line_width"],
        "ytick.major.width": p["axes_line_width"],
        "xtick.minor.width": p["axes_line_width"] * 0.7,
        "ytick.minor.width": p["axes_line_width"] * 0.7,
        "lines.linewidth": p["line_width"],
        "lines.markersize": p["marker_size"],
        "legend.frameon": False,
        "legend.handlelength": 1.8,
        "figure.facecolor": p["background"],
        "savefig.facecolor": p["background"],
        "figure.dpi": 100,
        "savefig.dpi": p["dpi"],
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.02,
        # Embed fonts as TrueType (Type 42), not Type 3: required by most venues.
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "none",
        "axes.prop_cycle": cycler(color=list(load_theme()["sequence"])),
    }


@contextlib.contextmanager
def paper_style() -> Iterator[None]:
    """Apply :func:`paper_rc` for the duration of a ``with`` block."""
    with mpl.rc_context(paper_rc()):
        yield


def figsize(width: str = "neurips_full", aspect: float | None = None) -> tuple[float, float]:
    """(width, height) in inches for a named venue width and a height/width ratio."""
    p = load_theme()["paper"]
    widths = p["widths_in"]
    if width not in widths:
        raise KeyError(f"unknown figure width {width!r} (known: {', '.join(widths)})")
    w = widths[width]
    return w, w * (aspect if aspect is not None else p["aspect"])


def minor_grid(ax: Axes) -> None:
    """Add the minor grid lines of a log axis, thinner, in the major grid's colour."""
    ax.grid(True, which="minor", lw=0.3, color=ax.xaxis.get_gridlines()[0].get_color())
