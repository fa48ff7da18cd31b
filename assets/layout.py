"""Where a label goes: one placer for the paper figures (display points) and the scenes (scene
units).

A label beside a mark is tried at a few places in order (right of it, left of it, above it, ...);
the first place where it stays inside the plot, crosses no reference line and overlaps no label
already placed wins. The geometry is the same in matplotlib and Manim; only how a label is moved
and measured differs, so callers pass a function that moves the label to a place and returns its
bounding box.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

P = TypeVar("P")


@dataclass(frozen=True)
class Box:
    """An axis-aligned box ``[x0, x1] x [y0, y1]`` (any units, y up or down)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """Whether the boxes share area, or lie less than ``gap`` apart horizontally."""
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1
            and other.y0 < self.y1
        )

    def inside(self, frame: Box) -> bool:
        inside_x = frame.x0 <= self.x0 and self.x1 <= frame.x1
        return inside_x and frame.y0 <= self.y0 and self.y1 <= frame.y1

    def crosses(self, x: float, gap: float = 0.0) -> bool:
        """Whether the vertical line at ``x`` passes through the box or within ``gap`` of it."""
        return self.x0 - gap <= x <= self.x1 + gap


def free_place(
    box: Box, frame: Box, taken: Sequence[Box], lines_x: Sequence[float], gap: float
) -> bool:
    """Inside ``frame``, clear of every vertical line in ``lines_x`` and of every ``taken`` box."""
    return (
        box.inside(frame)
        and not any(box.crosses(x, gap) for x in lines_x)
        and not any(box.overlaps(t, gap) for t in taken)
    )


def place_label(
    move_to: Callable[[P], Box],
    places: Sequence[P],
    *,
    frame: Box,
    taken: list[Box],
    lines_x: Sequence[float] = (),
    gap: float = 0.0,
) -> P:
    """Move a label to the first of ``places`` that is free (:func:`free_place`), else to the last.

    Parameters
    ----------
    move_to
        Moves the label to a place and returns its bounding box there.
    places
        Candidate places, best first (their type is the caller's: an offset, a direction).
    frame
        The box the label must stay in.
    taken
        Boxes of what the label must not cover; the label's own box is appended to it.
    lines_x
        x of vertical reference lines the label must not cross.
    gap
        Smallest horizontal distance kept from lines and other labels.

    Returns
    -------
    The place chosen (the label has been moved there).
    """
    if not places:
        raise ValueError("no place to put the label")
    for place in places:
        box = move_to(place)
        if free_place(box, frame, taken, lines_x, gap):
            break
    # when no place is free, the loop has left the label at the last one
    taken.append(box)
    return place
