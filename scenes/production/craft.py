"""The craft rules of the talk as checks a program can run (docs/science.md is the maths; this is
the picture).

- **Readable at 480p**: every text, maths and number on screen has digits at least
  ``min_digit_height`` scene units tall (``assets/theme.json``), after any scaling.
- **Title-safe**: everything visible lies inside the frame less ``safe_margin`` on each side.
- **No empty frame**: after the first moments and before the end, something besides the
  background is on screen below the title band.

:func:`inspect_scene` renders a scene small and fast, runs the first two checks at the end of
every beat, keeps each beat's last frame (the reviewed references of the tests), and runs the
third on every frame.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from assets.theme import load_theme

VIDEO = load_theme()["video"]
MIN_DIGIT_HEIGHT = float(VIDEO["min_digit_height"])
SAFE_MARGIN = float(VIDEO["safe_margin"])
TITLE_BAND = float(VIDEO["title_band"])  # scene units at the top reserved for the title
_EMPTY_TOLERANCE = 24  # a pixel within this of the background (0-255, every channel) is empty


@cache
def digit_height_per_point(kind: str) -> float:
    """Height of the digit 0 per point of font size: ``"text"`` (the theme font) or ``"math"``."""
    from manim import MathTex, Text

    if kind == "text":
        return float(Text("0", font=VIDEO["font_family"], font_size=100).height) / 100
    return float(MathTex("0", font_size=100).height) / 100


def _text_kind(mob: Any) -> str | None:
    """``"text"`` or ``"math"`` for the mobjects that set type, None for the others."""
    from manim import DecimalNumber, MarkupText, MathTex, SingleStringMathTex, Text

    if isinstance(mob, Text | MarkupText):
        return "text"
    if isinstance(mob, SingleStringMathTex | MathTex | DecimalNumber):
        return "math"
    return None


def _visible(mob: Any) -> bool:
    """Whether a vector mobject draws anything (trackers and empty groups do not)."""
    from manim import VMobject

    if not isinstance(mob, VMobject) or not len(mob.points):
        return False
    fill, stroke, width = mob.get_fill_opacity(), mob.get_stroke_opacity(), mob.get_stroke_width()
    return bool(fill > 0.01 or (stroke > 0.01 and width > 0))


def _describe(mob: Any) -> str:
    from manim import DecimalNumber

    text = mob.__dict__.get("text") or mob.__dict__.get("tex_string")
    if text is None and isinstance(mob, DecimalNumber):
        text = f"{mob.get_value():g}"
    return f"{type(mob).__name__}({str(text)[:40]!r})" if text is not None else type(mob).__name__


def text_mobjects(mobjects: list[Any]) -> Iterator[tuple[Any, str]]:
    """The outermost text-setting mobjects in ``mobjects`` and their families, with their kind."""
    for top in mobjects:
        stack = [top]
        while stack:
            mob = stack.pop()
            kind = _text_kind(mob)
            if kind is not None:
                yield mob, kind
                continue  # its glyphs belong to it
            stack.extend(mob.submobjects)


def digit_height(mob: Any, kind: str) -> float:
    """How tall the digits of ``mob`` are on screen, in scene units (font size after scaling)."""
    return float(mob.font_size) * digit_height_per_point(kind)


def text_size_violations(scene: Any) -> list[str]:
    """Texts on screen whose digits are less than ``min_digit_height`` tall."""
    out = []
    for mob, kind in text_mobjects(scene.mobjects):
        if not any(_visible(m) for m in mob.get_family()):
            continue
        height = digit_height(mob, kind)
        if height < MIN_DIGIT_HEIGHT - 1e-3:
            out.append(
                f"{_describe(mob)}: digits {height:.3f} tall (< {MIN_DIGIT_HEIGHT}): give it a "
                "size role (Size.TICK is the smallest) and do not scale it down"
            )
    return out


def _screen_points(scene: Any, mob: Any) -> np.ndarray:
    """The points of ``mob`` where the camera draws them (projected for a 3-D camera)."""
    camera = scene.renderer.camera
    points = mob.points
    if hasattr(camera, "project_points") and mob not in camera.fixed_in_frame_mobjects:
        # a mobject fixed in the frame is drawn as is, and so are its submobjects
        fixed = any(mob in m.get_family() for m in camera.fixed_in_frame_mobjects)
        if not fixed:
            return np.asarray(camera.project_points(points))
    return np.asarray(points) - np.asarray(getattr(camera, "frame_center", np.zeros(3)))


def safe_area_violations(scene: Any) -> list[str]:
    """Visible mobjects reaching into the margin of ``safe_margin`` on any side of the frame."""
    from manim import config

    half_w = config.frame_width / 2 * (1 - 2 * SAFE_MARGIN)
    half_h = config.frame_height / 2 * (1 - 2 * SAFE_MARGIN)
    out = []
    for top in scene.mobjects:
        # a glyph out of bounds is named by the text it belongs to
        owner = {id(part): text for text, _ in text_mobjects([top]) for part in text.get_family()}
        for mob in top.get_family():
            if mob.submobjects or not _visible(mob):
                continue
            pts = _screen_points(scene, mob)
            x0, y0 = pts[:, 0].min(), pts[:, 1].min()
            x1, y1 = pts[:, 0].max(), pts[:, 1].max()
            # how far it must move to be inside (positive: right or up)
            dx = max(-half_w - x0, 0.0) - max(x1 - half_w, 0.0)
            dy = max(-half_h - y0, 0.0) - max(y1 - half_h, 0.0)
            if abs(dx) > 1e-3 or abs(dy) > 1e-3:
                what = _describe(owner.get(id(mob), mob))
                where = "" if owner.get(id(mob)) is top or mob is top else f" of {_describe(top)}"
                moves = [f"{abs(d):.2f} {word}" for d, word in ((dx, "right" if dx > 0 else "left"),
                         (dy, "up" if dy > 0 else "down")) if abs(d) > 1e-3]  # fmt: skip
                out.append(
                    f"{what}{where} is outside the title-safe area (x {x0:.2f}..{x1:.2f}, "
                    f"y {y0:.2f}..{y1:.2f}; safe: |x| <= {half_w:.2f}, |y| <= {half_h:.2f}): "
                    f"move it {' and '.join(moves)}, or make it smaller by a size role"
                )
                break  # one line per top-level mobject
    return out


def frame_is_empty(frame: np.ndarray, background: str | None = None) -> bool:
    """Whether everything below the title band of ``frame`` (an RGB(A) array) is background."""
    from manim import config

    rgb = np.asarray(frame)[..., :3].astype(int)
    hexcode = (background or VIDEO["background"]).lstrip("#")
    bg = np.array([int(hexcode[i : i + 2], 16) for i in (0, 2, 4)])
    band_rows = round(rgb.shape[0] * TITLE_BAND / config.frame_height)
    below = rgb[band_rows:]
    return bool(np.all(np.abs(below - bg) <= _EMPTY_TOLERANCE))


@dataclass
class Beat:
    """The state at the end of one beat: its notes, last frame and rule violations."""

    index: int
    notes: str
    time: float
    frame: np.ndarray
    violations: list[str]
    name: str = ""
    narration: str = ""


@dataclass
class SceneReport:
    """What :func:`inspect_scene` saw: every beat, and the times of empty frames."""

    name: str
    duration: float
    beats: list[Beat] = field(default_factory=list)
    empty_at: list[float] = field(default_factory=list)

    def empty_between(self, start: float, end_margin: float) -> list[float]:
        """Times of empty frames after ``start`` seconds and before the last ``end_margin``."""
        return [t for t in self.empty_at if start < t < self.duration - end_margin]


def inspect_scene(
    module: str,
    cls: str,
    media: Path,
    *,
    width: int = 854,
    frame_rate: int = 5,
    animate: bool = True,
) -> SceneReport:
    """Render scene ``<module>.<cls>`` (a dotted module name) in this process at ``width``
    pixels (16:9), without writing a video, and check the craft rules (see the module docstring).

    The width should be a real one (preview's 854 or more): Manim lays text out on a canvas of
    the video's pixel size, so a long line rendered at a thumbnail's width wraps or shrinks.

    With ``animate`` false the animations are skipped (each jumps to its end): the beats are
    still checked and their frames kept, but frames in between are not seen.
    """
    from manim import tempconfig

    scene_cls = getattr(importlib.import_module(module), cls)
    settings = {
        "pixel_width": width,
        "pixel_height": width * 9 // 16,
        "frame_rate": frame_rate,
        "media_dir": str(media),
        "write_to_movie": False,
        "save_last_frame": not animate,
        "disable_caching": True,
        "verbosity": "WARNING",
        "progress_bar": "none",
    }
    with tempconfig(settings):
        scene = scene_cls()
        report = SceneReport(cls, 0.0)
        renderer = scene.renderer
        add_frame = renderer.add_frame

        def watch_frames(frame: np.ndarray, num_frames: int = 1) -> None:
            if frame_is_empty(frame):
                report.empty_at.append(float(renderer.time))
            add_frame(frame, num_frames)

        renderer.add_frame = watch_frames
        beat = scene.beat

        def checked_beat(
            seconds: float, notes: str = "", *, name: str, say: str | None = None
        ) -> None:
            beat(seconds, notes, name=name, say=say)
            renderer.update_frame(scene, ignore_skipping=True)
            violations = text_size_violations(scene) + safe_area_violations(scene)
            frame = renderer.get_frame().copy()
            narration = " ".join((say if say is not None else notes).split())
            report.beats.append(
                Beat(
                    len(report.beats),
                    notes,
                    float(renderer.time),
                    frame,
                    violations,
                    name,
                    narration,
                )
            )

        scene.beat = checked_beat
        scene.render()
        report.duration = float(renderer.time)
    return report
