"""The shared theme on the Manim side: background, colours and fonts from ``assets/theme.json``."""

from __future__ import annotations

import json
import os
from typing import Any

from manim import ManimColor, Scene, ThreeDScene

from assets.theme import color, load_theme, sequence_colors
from experiments.store import Result, load

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


def scene_overrides(name: str) -> dict[str, Any]:
    """``--set`` values for experiment ``name`` passed to scenes as JSON in ``HIDIM_SCENE_SET``
    (``{"experiment": {"key": "value"}}``); used by tests to show scenes follow their data."""
    raw = os.environ.get("HIDIM_SCENE_SET")
    return dict(json.loads(raw).get(name, {})) if raw else {}


def scene_result(name: str) -> Result:
    """The result a scene draws: ``load(name)`` at the scene preset (computed on a miss).

    Scenes never compute what an experiment can: every curve, bar and number on screen comes
    from here."""
    return load(name, preset=scene_preset(), overrides=scene_overrides(name))


class ThemedScene(Scene):
    """A scene with the theme's background."""

    def setup(self) -> None:
        super().setup()
        self.camera.background_color = BACKGROUND


class ThemedThreeDScene(ThreeDScene):
    """A 3-D scene (Cairo renderer) with the theme's background."""

    def setup(self) -> None:
        super().setup()
        self.camera.background_color = BACKGROUND
