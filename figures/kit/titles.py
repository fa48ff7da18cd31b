"""In-figure titles stay on one line: what a figure shows in sentences goes in its caption.

A panel's title is a short label ("(a) band measure on $S^{d-1}$"); a sentence that needs two
lines is a caption (``@figure(caption=...)``, set under the figure by LaTeX). :func:`long_titles`
finds the titles of a drawn figure (axes titles, left and right ones included, and the
suptitles of the figure and its subfigures) that run over one line: a title with a line break,
or whose drawn extent is taller than the same text drawn on one line (wrapping).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text

# A one-line title drawn taller than this times its one-line height has been wrapped.
_TALLER = 1.3


@dataclass(frozen=True)
class LongTitle:
    where: str  # "axes 2, left title" or "suptitle"
    text: str
    lines: int

    def __str__(self) -> str:
        return f"{self.where}: {self.lines} lines: {self.text!r}"


def _titles(fig: Figure | SubFigure, where: str = "") -> Iterator[tuple[str, Text]]:
    sup = getattr(fig, "_suptitle", None)
    if sup is not None:
        yield f"{where}suptitle", sup
    for k, sub in enumerate(getattr(fig, "subfigs", [])):
        yield from _titles(sub, f"{where}subfigure {k + 1}, ")
    if isinstance(fig, Figure):  # the root lists every axes, those of subfigures included
        for k, ax in enumerate(fig.axes):
            for loc, title in (
                # matplotlib keeps the left and right titles as private Text objects
                ("left", getattr(ax, "_left_title")),  # noqa: B009
                ("", ax.title),
                ("right", getattr(ax, "_right_title")),  # noqa: B009
            ):
                yield f"axes {k + 1}, {loc + ' ' if loc else ''}title", title


def _lines(title: Text, renderer: object) -> int:
    text = title.get_text()
    breaks = 1 + text.count("\n")
    if breaks > 1:
        return breaks
    one = Text(text=text, fontproperties=title.get_fontproperties(), figure=title.figure)
    one_height = one.get_window_extent(renderer).height  # type: ignore[arg-type]
    drawn = title.get_window_extent(renderer).height  # type: ignore[arg-type]
    return 1 if drawn <= _TALLER * one_height else round(drawn / one_height)


def long_titles(fig: Figure) -> list[LongTitle]:
    """The titles of ``fig`` that run over one line (``fig`` is drawn first)."""
    fig.draw_without_rendering()
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    found = []
    for where, title in _titles(fig):
        if not title.get_visible() or not title.get_text().strip():
            continue
        lines = _lines(title, renderer)
        if lines > 1:
            found.append(LongTitle(where, title.get_text(), lines))
    return found
