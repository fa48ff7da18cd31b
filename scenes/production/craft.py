"""The craft rules of the talk as checks a program can run (docs/science.md is the maths; this is
the picture).

- **Readable at 480p**, measured as drawn, after any scaling: every text, maths and number on
  screen has digits at least ``min_digit_height`` scene units tall (``assets/theme.json``; 14 px
  at 854 x 480); the scripts of maths (exponents, subscripts, and what TeX sets smaller like
  them) at least ``min_script_height`` (11 px); grey notes (the muted colour) no smaller than
  body text (``Size.CAPTION``); only tick labels, numbers on an axis, may be smaller.
- **Title-safe**: everything visible lies inside the frame less ``safe_margin`` on each side.
- **No collisions** between texts: no glyph of one text runs into a glyph of another.
- **No empty frame**: the first frame (the thumbnail players show) is not blank, and after it
  and before the end something besides the background is on screen below the title band.
- **One statement at a time**: the line at the bottom that carries a beat leaves before the next
  one enters (two statements on screen at once smear into each other).
- **Pace** (:func:`scenes.production.rules.pace_problems`, on the beats record and the captions
  as the runner writes them): a silent video's captions at most 3 words a second, every beat's
  last frame held at least 2 seconds.

:func:`inspect_scene` renders a scene small and fast, runs the size and safe-area checks at the
end of every beat, keeps each beat's last frame (the reviewed references of the tests), watches
every frame for emptiness and statements, and checks the pace of what it recorded.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from assets.theme import load_theme

VIDEO = load_theme()["video"]
MIN_DIGIT_HEIGHT = float(VIDEO["min_digit_height"])
MIN_SCRIPT_HEIGHT = float(VIDEO["min_script_height"])
# TeX's sizes by style: text (and display), script, scriptscript (cmr10, cmr7, cmr5; MathJax draws
# scripts at 0.707 and 0.5)
SCRIPT_SCALES = (1.0, 0.7, 0.5)
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

    # Text keeps its string without spaces in .text, as written in .original_text
    d = mob.__dict__
    text = d.get("original_text") or d.get("text") or d.get("tex_string")
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


_SCRIPT_STEP = {0: 2, 1: 2, 2: 3, 3: 3}  # a script of display/text style is script, then ...
_FRACTION_STEP = {0: 1, 1: 2, 2: 3, 3: 3}  # the parts of a fraction: one style smaller
_STYLES = {
    "displaystyle": 0,
    "textstyle": 1,
    "scriptstyle": 2,
    "scriptscriptstyle": 3,
}
_FRACTIONS = {"frac": None, "binom": None, "tfrac": 1, "tbinom": 1, "dfrac": 0, "dbinom": 0,
              "cfrac": 0}  # fmt: skip
_SCRIPTED = {"overset", "underset", "stackrel", "substack"}  # first argument set as a script


def _scale_of(style: int) -> float:
    """The size of TeX's style (0 display, 1 text, 2 script, 3 scriptscript) against the text's."""
    return SCRIPT_SCALES[max(style - 1, 0)]


def smallest_script(tex: str, style: int = 0) -> tuple[float, str]:
    r"""The smallest size TeX sets any part of ``tex`` at, against the base size (1.0: no
    scripts; 0.7 a superscript; 0.5 a script of a script), and that part's TeX.

    Follows TeX's styles: ``^`` and ``_`` set their argument one style smaller (display and text
    to script, script to scriptscript), the parts of a fraction are one style smaller than the
    fraction's (in display maths, as MathTex sets, they stay text size), ``\sqrt[n]``'s index
    and the first argument of ``\overset`` and kin are scriptscript and script."""
    best = (1.0, "")
    i, n = 0, len(tex)
    stack: list[int] = []  # the style outside each open group

    def atom(j: int) -> int:
        """The end of the argument starting at ``j`` (a group, a command or one character)."""
        while j < n and tex[j] == " ":
            j += 1
        if j >= n:
            return j
        if tex[j] == "{":
            depth, k = 0, j
            while k < n:
                if tex[k] == "\\":  # an escaped brace does not open or close
                    k += 2
                    continue
                depth += {"{": 1, "}": -1}.get(tex[k], 0)
                if depth == 0:
                    return k + 1
                k += 1
            return n
        if tex[j] == "\\":
            k = j + 1
            while k < n and tex[k].isalpha():
                k += 1
            return max(k, j + 2)
        return j + 1

    def visit(part: str, inner: int) -> None:
        nonlocal best
        if not part.strip("{} "):
            return
        scale, where = smallest_script(part.strip()[1:-1] if part.strip().startswith("{")
                                       else part.strip(), inner)  # fmt: skip
        if scale < best[0] or (scale == best[0] and not best[1]):
            best = (scale, where or part.strip())
        if _scale_of(inner) < best[0]:
            best = (_scale_of(inner), part.strip())

    while i < n:
        c = tex[i]
        if c == "\\":
            k = i + 1
            while k < n and tex[k].isalpha():
                k += 1
            name = tex[i + 1 : k]
            if name in _STYLES:
                style = _STYLES[name]
                i = k
                continue
            if name in _FRACTIONS:
                fixed = _FRACTIONS[name]
                inner = _FRACTION_STEP[style if fixed is None else fixed]
                a = atom(k)
                b = atom(a)
                visit(tex[k:a], inner)
                visit(tex[a:b], inner)
                i = b
                continue
            if name == "sqrt" and k < n and tex[k] == "[":
                close = tex.find("]", k)
                close = n if close < 0 else close
                visit(tex[k + 1 : close], 3)
                i = close + 1
                continue
            if name in _SCRIPTED:
                a = atom(k)
                visit(tex[k:a], _SCRIPT_STEP[style])
                i = a
                continue
            i = max(k, i + 2)
            continue
        if c in "^_":
            a = atom(i + 1)
            visit(tex[i + 1 : a], _SCRIPT_STEP[style])
            i = a
            continue
        if c == "{":
            stack.append(style)
        elif c == "}" and stack:
            style = stack.pop()
        i += 1
    return best


def _is_tick_label(mob: Any) -> bool:
    """A number on an axis: digits and signs, or a power of ten."""
    from manim import DecimalNumber

    if isinstance(mob, DecimalNumber):
        return False  # a readout, not a tick
    text = str(mob.__dict__.get("text") or mob.__dict__.get("tex_string") or "")
    return bool(_TICK.fullmatch(text.strip()))


_TICK = re.compile(r"[-\u2212+]?[\d.,]+|10\^\{?[-\u2212]?\d+\}?")


def _muted(mob: Any) -> bool:
    from scenes.kit.theme import MUTED

    colours = {m.get_fill_color().to_hex().lower() for m in mob.get_family() if len(m.points)}
    return colours == {MUTED.to_hex().lower()}


@cache
def body_digit_height(kind: str) -> float:
    """How tall the digits of body text (``Size.CAPTION``) are, in scene units."""
    from scenes.kit.theme import MATH_SCALE, Size

    points = Size.CAPTION * (MATH_SCALE if kind == "math" else 1.0)
    return points * digit_height_per_point(kind)


def text_size_violations(scene: Any) -> list[str]:
    """Texts on screen drawn smaller than the rules allow (see the module docstring): digits
    under ``min_digit_height``, maths scripts under ``min_script_height``, grey notes smaller
    than body text."""
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
            continue
        tex = mob.__dict__.get("tex_string")
        if kind == "math" and tex:
            scale, part = smallest_script(str(tex))
            if height * scale < MIN_SCRIPT_HEIGHT - 1e-3:
                out.append(
                    f"{_describe(mob)}: its script {part[:30]!r} is drawn {height * scale:.3f} "
                    f"tall (< {MIN_SCRIPT_HEIGHT}): set it a size role larger, or write the "
                    "script on the line (\\exp(...), a/b)"
                )
                continue
        body = body_digit_height(kind)
        if _muted(mob) and not _is_tick_label(mob) and height < body - 1e-3:
            out.append(
                f"{_describe(mob)}: a grey note with digits {height:.3f} tall, smaller than body "
                f"text ({body:.3f}): set it at Size.NOTE or larger"
            )
    return out


def statements_on_screen(scene: Any) -> int:
    """How many beat statements are visible now (two at once: one cross-fading into the next)."""
    from scenes.kit.widgets import STATEMENT_ROLE

    count = 0
    for top in scene.mobjects:
        for mob in top.get_family():
            if mob.__dict__.get("hidim_role") == STATEMENT_ROLE and any(
                _visible(m) for m in mob.get_family()
            ):
                count += 1
    return count


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


COLLISION_OVERLAP = 0.03  # scene units two glyphs of different texts may overlap by (both ways)


def _glyph_boxes(scene: Any, mob: Any) -> np.ndarray:
    """(x0, y0, x1, y1) on screen of each visible glyph of text ``mob``."""
    boxes = []
    for part in mob.get_family():
        if part.submobjects or not _visible(part):
            continue
        pts = _screen_points(scene, part)
        boxes.append((pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max()))
    return np.array(boxes).reshape(-1, 4)


def collision_violations(scene: Any) -> list[str]:
    """Texts on screen whose glyphs run into another text's (a label on a tick, a readout on a
    legend): overlapping by more than :data:`COLLISION_OVERLAP` across and up."""
    texts = [
        (mob, boxes)
        for mob, _ in text_mobjects(scene.mobjects)
        if len(boxes := _glyph_boxes(scene, mob))
    ]
    out = []
    for i, (a, boxes_a) in enumerate(texts):
        for b, boxes_b in texts[i + 1 :]:
            ax0, ay0, ax1, ay1 = (boxes_a[:, k][:, None] for k in range(4))
            bx0, by0, bx1, by1 = (boxes_b[:, k][None, :] for k in range(4))
            across = np.minimum(ax1, bx1) - np.maximum(ax0, bx0)
            up = np.minimum(ay1, by1) - np.maximum(ay0, by0)
            hit = (across > COLLISION_OVERLAP) & (up > COLLISION_OVERLAP)
            if hit.any():
                j = np.argwhere(hit)[0][0]
                x, y = (boxes_a[j, 0] + boxes_a[j, 2]) / 2, (boxes_a[j, 1] + boxes_a[j, 3]) / 2
                out.append(
                    f"{_describe(a)} runs into {_describe(b)} near ({x:.1f}, {y:.1f}): move one "
                    "of them (next_to with a buff, or place_label)"
                )
    return out


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


def frame_is_blank(frame: np.ndarray, background: str | None = None) -> bool:
    """Whether all of ``frame`` (title band included) is background."""
    rgb = np.asarray(frame)[..., :3].astype(int)
    hexcode = (background or VIDEO["background"]).lstrip("#")
    bg = np.array([int(hexcode[i : i + 2], 16) for i in (0, 2, 4)])
    return bool(np.all(np.abs(rgb - bg) <= _EMPTY_TOLERANCE))


def frame_is_empty(frame: np.ndarray, background: str | None = None) -> bool:
    """Whether everything below the title band of ``frame`` (an RGB(A) array) is background."""
    from manim import config

    band_rows = round(np.shape(frame)[0] * TITLE_BAND / config.frame_height)
    return frame_is_blank(np.asarray(frame)[band_rows:], background)


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
    """What :func:`inspect_scene` saw: every beat, the times of empty frames and of two
    statements on screen, whether it opens on a blank frame, and the pace problems."""

    name: str
    duration: float
    beats: list[Beat] = field(default_factory=list)
    empty_at: list[float] = field(default_factory=list)
    statements_at: list[float] = field(default_factory=list)
    opens_blank: bool = False
    pace: list[str] = field(default_factory=list)

    def empty_between(self, start: float, end_margin: float) -> list[float]:
        """Times of empty frames after ``start`` seconds and before the last ``end_margin``."""
        return [t for t in self.empty_at if start < t < self.duration - end_margin]

    def problems(self) -> list[str]:
        """Every craft rule this run broke, each saying how to meet it."""
        out = [f"beat {b.index + 1}: {v}" for b in self.beats for v in b.violations]
        if self.opens_blank:
            out.append(
                "its first frame is blank (players show it as the thumbnail): add the title "
                "with self.add(...) before the first animation instead of fading it in"
            )
        empty = self.empty_between(1.5, 0.5)
        if empty:
            shown = ", ".join(f"{t:.1f}" for t in empty[:5])
            out.append(
                f"frames with nothing on screen below the title at {shown} s: keep the picture "
                "on screen between beats (transform it, do not wipe it)"
            )
        if self.statements_at:
            shown = ", ".join(f"{t:.1f}" for t in self.statements_at[:5])
            out.append(
                f"two statements on screen at once at {shown} s: let the old one leave before "
                "the new one enters (widgets.replace_statement), do not cross-fade them"
            )
        return out + self.pace


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
            if not seen:
                report.opens_blank = frame_is_blank(frame)
                seen.append(True)
            if frame_is_empty(frame):
                report.empty_at.append(float(renderer.time))
            if statements_on_screen(scene) > 1:
                report.statements_at.append(float(renderer.time))
            add_frame(frame, num_frames)

        seen: list[bool] = []

        renderer.add_frame = watch_frames
        beat = scene.beat

        def checked_beat(
            seconds: float, notes: str = "", *, name: str, say: str | None = None
        ) -> None:
            beat(seconds, notes, name=name, say=say)
            renderer.update_frame(scene, ignore_skipping=True)
            violations = (
                text_size_violations(scene)
                + safe_area_violations(scene)
                + collision_violations(scene)
            )
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
        if animate:
            report.pace = recorded_pace_problems(scene._narrator())
    return report


def recorded_pace_problems(narrator: Any) -> list[str]:
    """The pace rules on what ``narrator`` recorded, through the captions the runner would write
    from it (:mod:`scenes.production.subtitles`)."""
    from dataclasses import asdict

    from scenes.production.rules import pace_problems
    from scenes.production.subtitles import make_cues, narration_spans, to_vtt

    record = {"voice": narrator.voice.mode, "beats": [asdict(b) for b in narrator.beats]}
    spans = narration_spans(record, [(b.start, b.end) for b in narrator.beats])
    return pace_problems(record, to_vtt(make_cues(spans)))
