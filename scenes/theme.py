"""The shared theme on the Manim side: background, colours and fonts from ``assets/theme.json``."""

from __future__ import annotations

import os

from manim import ManimColor, Scene

from assets.theme import color, load_theme, sequence_colors

VIDEO = load_theme()["video"]
BACKGROUND = ManimColor(VIDEO["background"])
FOREGROUND = ManimColor(VIDEO["foreground"])
MUTED = ManimColor(VIDEO["muted"])
FONT = VIDEO["font_family"]
TITLE_SIZE = VIDEO["title_size"]
LABEL_SIZE = VIDEO["label_size"]
SMALL_SIZE = VIDEO["small_size"]
STROKE = VIDEO["stroke_width"]
AXIS_STROKE = VIDEO["axis_stroke_width"]


def role_color(role: str) -> ManimColor:
    """The colour of a named object, the same as in the paper figures."""
    return ManimColor(color(role))


def series_colors(n: int) -> list[ManimColor]:
    return [ManimColor(c) for c in sequence_colors(n)]


def scene_preset() -> str:
    """Which experiment preset scenes read (set by ``render.py scenes render --preset``)."""
    return os.environ.get("HIDIM_PRESET", "quick")


class ThemedScene(Scene):
    """A scene with the theme's background."""

    def setup(self) -> None:
        super().setup()
        self.camera.background_color = BACKGROUND
