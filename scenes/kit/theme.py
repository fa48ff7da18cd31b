"""The shared theme on the Manim side: background, colours and fonts from ``assets/theme.json``."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from manim import ManimColor, Mobject, config

from assets.env import PRESET_ENV, SCENE_SET_ENV, SLIDES_ENV
from assets.theme import color, load_theme, sequence_colors
from experiments.core.store import Result, load
from scenes.kit.mathjax import install, resolve
from scenes.kit.narrator import Narrator

VIDEO = load_theme()["video"]
install(resolve())  # the maths backend of this render: TeX as Manim does it, or MathJax


def _drop_parsed_svg_paths() -> None:
    """Let each glyph of typeset maths (and any SVG path) forget its parsed SVG path once its
    points are made from it.

    Manim keeps the svgelements path on every glyph, though nothing reads it after
    ``generate_points``: every copy of a formula (each Transform, FadeIn and FadeTransform
    makes several) deep-copied dozens of segment objects per glyph, and every animation's
    cache hash serialised them. That was about a third of the time of a preview; the frames
    are the same to the pixel."""
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    if getattr(VMobjectFromSVGPath, "_hidim_drops_path", False):
        return
    made = VMobjectFromSVGPath.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        self.path_obj = None

    VMobjectFromSVGPath.__init__ = init  # type: ignore[method-assign]
    VMobjectFromSVGPath._hidim_drops_path = True  # type: ignore[attr-defined]


_drop_parsed_svg_paths()

BACKGROUND = ManimColor(VIDEO["background"])
FOREGROUND = ManimColor(VIDEO["foreground"])
MUTED = ManimColor(VIDEO["muted"])
FONT = VIDEO["font_family"]
MATH_SCALE = float(VIDEO["math_scale"])
SAFE_MARGIN = float(VIDEO["safe_margin"])
STROKE = VIDEO["stroke_width"]
AXIS_STROKE = VIDEO["axis_stroke_width"]
# kept as hex strings (not ManimColor): the fills they make are then exactly as before
CARD: str = VIDEO["card"]  # the card behind a closing formula, at 35 % opacity
SHADE: str = VIDEO["shade"]  # the dark side of a sphere drawn flat
PLAIN: str = VIDEO["plain"]  # Manim's default white on screen, near-black in the light variant
CACHED_ANIMATIONS = 1000  # Manim's cache of animations, per scene and quality (see setup)


class Size:
    """Text sizes by role (``assets/theme.json``, video.sizes): scenes name a role, never a
    number. ``TICK`` is the smallest: its digits are ``min_digit_height`` scene units tall."""

    TITLE: float = VIDEO["sizes"]["title"]
    STATEMENT: float = VIDEO["sizes"]["statement"]
    READOUT: float = VIDEO["sizes"]["readout"]
    LABEL: float = VIDEO["sizes"]["label"]
    CAPTION: float = VIDEO["sizes"]["caption"]
    TICK: float = VIDEO["sizes"]["tick"]
    NOTE: float = VIDEO["sizes"]["note"]


def role_color(role: str) -> ManimColor:
    """The colour of a named object, the same as in the paper figures."""
    return ManimColor(color(role, medium="video"))


def series_colors(n: int) -> list[ManimColor]:
    return [ManimColor(c) for c in sequence_colors(n)]


def scene_preset() -> str:
    """Which experiment preset scenes read (set by ``render.py scenes render --preset``)."""
    return os.environ.get(PRESET_ENV, "quick")


def scene_overrides(name: str) -> dict[str, Any]:
    """``--set`` values for experiment ``name``, passed by the runner as JSON in
    ``HIDIM_SCENE_SET`` (``{"experiment": {"key": "value"}}``)."""
    raw = os.environ.get(SCENE_SET_ENV)
    return dict(json.loads(raw).get(name, {})) if raw else {}


# Metadata of a result that says when, where and how fast it was computed, not what it is
VOLATILE_META = ("created", "wall_time_s", "git_commit", "platform", "packages")


def scene_result(name: str) -> Result:
    """The result a scene draws: ``load(name)`` at the scene preset (computed on a miss).

    Scenes never compute what an experiment can: every curve, bar and number on screen comes
    from here. What they get is the data alone: Manim hashes the closures of updaters, and so
    any result they hold, with each animation; a result just computed (``fresh``, arrays as the
    experiment returned them) or recomputed later (a new ``created``) must hash as the same
    result read from the store, or every animation after it is rendered again."""
    result = load(name, preset=scene_preset(), overrides=scene_overrides(name))
    return dataclasses.replace(
        result,
        fresh=False,
        meta={k: v for k, v in result.meta.items() if k not in VOLATILE_META},
        arrays={k: np.asarray(v) for k, v in result.arrays.items()},
    )


def slides_dir() -> Path | None:
    """Where slide files go when scenes render as slides (``HIDIM_SLIDES_DIR``), else None.

    The runner sets it, so one render gives both the plain video and the slides: the scene code
    is the same, and each ``beat()`` also ends a slide."""
    raw = os.environ.get(SLIDES_ENV)
    return Path(raw) if raw else None


# The scene bases: manim-slides' when rendering slides (the runner sets HIDIM_SLIDES_DIR), else
# Manim's. The type checker sees the slide bases, whose API is a superset of the scene's.
if TYPE_CHECKING or slides_dir() is not None:
    from manim_slides.slide import Slide as _Scene
    from manim_slides.slide import ThreeDSlide as _ThreeDScene
else:
    from manim import Scene as _Scene
    from manim import ThreeDScene as _ThreeDScene

if TYPE_CHECKING:
    _MixinBase = _Scene  # the mixin is always combined with one of the bases above
else:
    _MixinBase = object


class _Themed(_MixinBase):
    """What both scene bases add: the theme's background, slide output when rendering slides,
    and ``beat()``, the end of a story step (a pause in the video; the end of a slide)."""

    # manim-slides would also write every slide reversed, for the Qt presenter's "play
    # backwards" key: that cost 40 % more render time at 1080p60 and nothing else uses it.
    skip_reversing = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        folder = slides_dir()
        if folder is not None:
            kwargs.setdefault("output_folder", folder)
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        # A plain render (a preview) keeps 100 cached animations per scene and quality and
        # drops those first read longest ago, the ones every render reuses: a few dozen edits
        # of a 30-animation scene would evict its unchanged animations. They are small (about
        # 80 kB at 1080p60 for a 2-D scene). (manim-slides lifts the limit while it renders.)
        if config.max_files_cached < CACHED_ANIMATIONS:
            config.max_files_cached = CACHED_ANIMATIONS
        self._narrator().start()  # a preview from a later beat skips what comes before it
        # Cairo's camera (the one these scenes use) has a background colour; OpenGL's has not.
        self.camera.background_color = BACKGROUND  # type: ignore[union-attr]
        # Cairo's camera sets its table of drawing functions at its first drawing, and Manim
        # hashes the camera with each animation: set it now, so an animation hashes the same
        # whether the ones before it were drawn or came from the cache.
        if hasattr(self.camera, "type_or_raise"):
            self.camera.type_or_raise(Mobject())

    def play_internal(self, skip_rendering: bool = False) -> None:
        """Run the current animations. One that Manim skips because it is in its cache is
        still stepped through the times of a render, only without drawing.

        Manim skips an animation in one step: its updaters see one ``dt`` of the whole run
        time, and ``always_redraw``'s ``become`` pads submobjects after another history. The
        scene then leaves it in a state that differs, by rounding or by padding, from the one
        a render leaves: every later animation hashes differently and is rendered again (an
        edit in the last beat re-rendered most of the scene). Stepped like a render, the state
        is identical and the next animations are found in the cache. (Previews skip in one
        step, deterministically: a preview from the same beat again finds its own animations
        in the cache.)"""
        renderer = self.renderer
        hashes = getattr(renderer, "animations_hashes", None)
        # hashed, then found in the cache (not skipped before a preview's beat: those jump in
        # one step, the fast look; a 3-D scene's redrawn bodies cost nearly a render to step)
        cached = bool(hashes and hashes[-1] is not None)
        if not renderer.skip_animations or skip_rendering or not cached:
            super().play_internal(skip_rendering)
            return
        renderer.skip_animations = False  # the times of a render, and its last update
        try:
            super().play_internal(skip_rendering=True)
        finally:
            renderer.skip_animations = True

    def beat(self, seconds: float, notes: str = "", *, name: str, say: str | None = None) -> None:
        """End a story step: hold the frame ``seconds`` (more when its narration needs it), then,
        as slides, stop here until the lecturer moves on.

        ``notes`` are the speaker notes of the slide just ended; ``say`` is the narration, the
        sentence spoken and captioned (the notes when not given: say it where the notes are
        written to be read, not heard). ``name`` is the beat's id in the scene (its take is
        ``assets/voice/<scene>/<name>.wav``): short, unique, kept when beats are added."""
        narrator = self._narrator()
        hold = narrator.hold(self, seconds, name, say if say is not None else notes)
        self.wait(hold)
        narrator.end_beat(self, name, notes)
        if slides_dir() is not None:
            # notes belong to the slide being closed, so set them before closing it
            self._base_slide_config.notes = notes
            self.next_slide()

    def _narrator(self) -> Narrator:
        narrator = self.__dict__.get("_hidim_narrator")
        if narrator is None:
            narrator = Narrator.from_env(type(self).__name__)
            self.__dict__["_hidim_narrator"] = narrator
        return narrator


class ThemedScene(_Themed, _Scene):
    """A scene with the theme's background (a manim-slides ``Slide`` when rendering slides)."""


class ThemedThreeDScene(_Themed, _ThreeDScene):
    """A 3-D scene (Cairo renderer) with the theme's background (``ThreeDSlide`` as slides)."""
