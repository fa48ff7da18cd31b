"""Paper style: the theme as a matplotlib rcParams dict per venue, applied inside
``plt.rc_context``.

No global state is changed: every figure is drawn and saved inside :func:`paper_style`, which
also sets the venue that :func:`figsize` reads. A venue (``assets/theme.json``, ``paper.venues``)
gives the two widths a figure may have (``"full"``: the text width; ``"column"``: a column of a
two-column venue, or a narrower figure in a one-column one), the font sizes and one type family
for text and maths: Times-like STIX for NeurIPS and ICML, Computer Modern for arXiv and slides.
Matplotlib's own fallback fonts are switched off, so a glyph the family lacks is an error, not a
silent second family in the PDF.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.typing import RcKeyType

from assets.theme import load_theme

WIDTHS = ("full", "column")


class _NearestWeight(logging.Filter):
    """CMU Serif's roman is registered at weight 500, not 400: matplotlib uses it and says so
    on every text; that message is not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("findfont: Failed to find font weight")


logging.getLogger("matplotlib.font_manager").addFilter(_NearestWeight())
_venue: ContextVar[str | None] = ContextVar("venue", default=None)


def venues() -> tuple[str, ...]:
    """The venue names of the theme, the default first."""
    paper = load_theme()["paper"]
    names = list(paper["venues"])
    names.remove(paper["venue"])
    return (paper["venue"], *names)


def default_venue() -> str:
    return str(load_theme()["paper"]["venue"])


def venue_settings(venue: str | None = None) -> dict[str, Any]:
    """The theme's settings of ``venue`` (the current one if None), its type family included."""
    paper = load_theme()["paper"]
    name = venue or _venue.get() or paper["venue"]
    if name not in paper["venues"]:
        raise KeyError(f"unknown venue {name!r} (known: {', '.join(paper['venues'])})")
    settings = dict(paper["venues"][name])
    settings["name"] = name
    settings["family"] = dict(paper["type_families"][settings["type_family"]])
    return settings


def require_font(family: str) -> None:
    """Make sure matplotlib knows the text font ``family``: its font list may predate the font's
    installation (it is cached); if so the system fonts are added. A family that is not
    installed at all is one clear error."""
    from matplotlib import font_manager

    def known() -> bool:
        return any(f.name == family for f in font_manager.fontManager.ttflist)

    if known():
        return
    for path in font_manager.findSystemFonts():
        with contextlib.suppress(Exception):  # a font file matplotlib cannot read: skip it
            font_manager.fontManager.addfont(path)
    if not known():
        raise RuntimeError(
            f"font {family!r} is not installed: run `make setup` (Debian package fonts-cmu)"
        )


def paper_rc(venue: str | None = None) -> dict[RcKeyType, Any]:
    """rcParams for publication figures at ``venue``: its type family and sizes, the theme's
    colours, TrueType fonts embedded in PDF."""
    p = load_theme()["paper"]
    v = venue_settings(venue)
    fs, small = v["font_size"], v["small_font_size"]
    family = v["family"]
    require_font(family["text"])
    return {
        "font.family": "serif",
        "font.serif": [family["text"]],
        "mathtext.fontset": family["math"],
        "mathtext.fallback": None,  # a missing maths glyph is an error, not another family
        # Computer Modern text lacks a Unicode minus: tick labels are typeset as maths instead
        "axes.formatter.use_mathtext": True,
        "axes.unicode_minus": True,
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
def paper_style(venue: str | None = None) -> Iterator[None]:
    """Apply :func:`paper_rc` of ``venue`` (the theme's default if None) for the duration of a
    ``with`` block; :func:`figsize` inside it uses that venue's widths."""
    name = venue_settings(venue)["name"]
    token = _venue.set(name)
    try:
        with mpl.rc_context(paper_rc(name)):
            yield
    finally:
        _venue.reset(token)


def figsize(width: str = "full", aspect: float | None = None) -> tuple[float, float]:
    """(width, height) in inches: ``width`` is ``"full"`` (the venue's text width) or
    ``"column"``; the height is the width times ``aspect`` (height/width), at most the venue's
    ``max_height_in`` where it has one (a slide under its title)."""
    if width not in WIDTHS:
        raise KeyError(f"unknown figure width {width!r} (known: {', '.join(WIDTHS)})")
    venue = venue_settings()
    w = float(venue["widths_in"][width])
    h = w * (aspect if aspect is not None else load_theme()["paper"]["aspect"])
    return w, min(h, float(venue.get("max_height_in", h)))


def minor_grid(ax: Axes) -> None:
    """Add the minor grid lines of a log axis, thinner, in the major grid's colour."""
    ax.grid(True, which="minor", lw=0.3, color=ax.xaxis.get_gridlines()[0].get_color())
