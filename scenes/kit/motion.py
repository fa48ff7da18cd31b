"""Small helpers for scenes whose readouts and drawings follow a tracker: numbers that
follow a value, mobjects rebuilt only when what they show changes, and the bottom statement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from manim import RIGHT, Animation, Integer, Mobject, VGroup, VMobject

from scenes.kit import widgets as w
from scenes.kit.theme import AXIS_STROKE, FOREGROUND, MATH_SCALE, MUTED, Size


def lerp(a: float, b: float, t: float) -> float:
    return (1 - t) * a + t * b


def clip01(t: float) -> float:
    return float(min(max(t, 0.0), 1.0))


def integer_readout(
    value: int, size: float = Size.CAPTION, color: Any = FOREGROUND, **kwargs: Any
) -> Integer:
    """A whole number typeset as maths, for readouts that count or follow a tracker."""
    w.require_tex()
    return Integer(
        value, font_size=size * MATH_SCALE, color=color, group_with_commas=False, **kwargs
    )


def strokes(pieces: list[tuple[np.ndarray, np.ndarray]], opacity: float = 1.0) -> VMobject:
    """Axis lines and ticks as one path of separate segments: one mobject to redraw and draw
    each frame, not one per tick."""
    path = VMobject().set_stroke(MUTED, width=AXIS_STROKE, opacity=opacity)
    for start, end in pieces:
        path.start_new_path(start)
        path.add_line_to(end)
    return path


def follow_value(number: Any, value: Any) -> None:
    """Keep ``number`` (a DecimalNumber or Integer) at ``value()``, retypeset only on a change."""

    def update(m: Any) -> None:
        new = value()
        if new != m.get_value():
            m.set_value(new)

    number.add_updater(update)


V = TypeVar("V", bound=VMobject)


def redrawn(build: Callable[[], V], key: Callable[[], Any]) -> V:
    """``build()``, rebuilt whenever ``key()`` changes: ``always_redraw`` that does no work in
    frames where nothing it depends on moves."""
    mob, last = build(), [key()]

    def update(m: Mobject) -> None:
        now = key()
        if now != last[0]:
            last[0] = now
            m.become(build())

    return mob.add_updater(update)


def on_change(mob: V, key: Callable[[], Any], apply: Callable[[Any], None]) -> V:
    """``apply(mob)`` now and whenever ``key()`` changes (a follower that idles when still)."""
    last = [key()]
    apply(mob)

    def update(m: Mobject) -> None:
        now = key()
        if now != last[0]:
            last[0] = now
            apply(m)

    return mob.add_updater(update)


def row(*parts: VMobject, buff: float = 0.15) -> VGroup:
    return VGroup(*parts).arrange(RIGHT, buff=buff)


class StatementMixin:
    """The one line at the bottom that carries the beat, swapped as the story moves on."""

    statement: Mobject

    def swap_statement(self, tex: str) -> Animation:
        new = w.statement(tex)
        old, self.statement = self.statement, new
        return w.replace_statement(old, new)
