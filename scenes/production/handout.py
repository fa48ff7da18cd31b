"""The PDF handout of a talk: one page per beat, the beat's last frame, in talk order.

Two variants:

- **dark** (``<stem>-<quality>.pdf``): the frames the slides end on, read from the slide videos,
exactly what the audience saw. - **light** (``<stem>-<quality>-light.pdf``), for print: every scene
rendered again in a child process with the theme's light variant (``HIDIM_THEME=light``: a white
background, near-black text, darker colours only where a screen colour is unreadable on white),
animations jumped to their ends (:func:`scenes.production.craft.inspect_scene`), each beat's last
frame kept as a PNG under ``build/slides/light/<Class>/`` with the beats' names, narration and
notes in ``beats.json``. A stamp beside them (the scene's sources, the theme, the results it
reads, the width) lets an unchanged scene be reused, as the runner does for videos. The print
handout (``scenes.production.print_handout``) is laid out from the same frames.

In both, a page is left out when it is a **near-duplicate** of the next one: the next page still
shows all it shows and only adds to it, as when a curve or a mark joins a chart (none of its ink
erased, :data:`MAX_ERASED` allowing for the codec's noise, and at most :data:`MAX_LOST_INK` of it
changed, where new lines cross old ones), or the two differ in at most :data:`MAX_CHANGED` of
their pixels (a digit). A page whose sentence, readout or picture the next one replaces stays.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from assets.env import THEME_ENV
from assets.theme import load_theme
from experiments.core import paths
from experiments.core.fileio import atomic_path, atomic_write_text
from scenes.kit.chapter import Chapter
from scenes.production.outputs import scene_slides_dir, slide_config_path
from scenes.production.parallel import Outcome, Work, each_scene

VARIANTS = ("dark", "light")
PAGE_WIDTH_IN = 10.0  # every handout page is 10 in wide (16:9), whatever its pixel width
JPEG_QUALITY = 90  # pages are JPEG in the PDF (Pillow); 90 keeps thin lines and text clean
# light frames are rendered at least this wide (1080p), more for 4k
LIGHT_MIN_WIDTH = 1920
QUALITY_WIDTHS = {"preview": 854, "lecture": 1920, "4k": 3840}
LIGHT_BACKGROUND: str = load_theme("light")["video"]["background"]

# The near-duplicate rule (see the module docstring). Frames are compared at half size (each
# 2 x 2 block averaged), which absorbs the codec's noise around edges in the slide videos.
COMPARE_STEP = 2
INK_TOLERANCE = 24  # a pixel is ink when a channel is further than this from the background
CHANGE_TOLERANCE = 64  # a pixel has changed when a channel moved further than this (0-255)
MAX_ERASED = 0.005  # the share of a page's ink the next page may erase (codec noise, no more)
MAX_LOST_INK = 0.05  # ... and may change at all (new lines and marks drawn over the old ones)
MAX_CHANGED = 0.001  # the share of all pixels in which two pages may differ (a digit or two)


# --- the near-duplicate rule --------------------------------------------------------------------


@dataclass(frozen=True)
class PageChange:
    """How a page changes on the next one, as shares of its ink (pixels not background) and of
    all pixels."""

    erased: float  # share of its ink that is background on the next page
    overdrawn: float  # share of its ink that is other ink on the next page
    changed: float  # share of all pixels that changed

    @property
    def lost(self) -> float:
        return self.erased + self.overdrawn


def _rgb(hexcode: str) -> np.ndarray:
    code = hexcode.lstrip("#")
    return np.array([int(code[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)


def _shrink(frame: np.ndarray, step: int = COMPARE_STEP) -> np.ndarray:
    rgb = np.asarray(frame)[..., :3].astype(float)
    h, w = rgb.shape[0] // step * step, rgb.shape[1] // step * step
    return rgb[:h, :w].reshape(h // step, step, w // step, step, 3).mean(axis=(1, 3))


def page_change(earlier: np.ndarray, later: np.ndarray, background: str) -> PageChange:
    """How ``later`` differs from ``earlier`` (RGB(A) frames; frames of two sizes differ
    entirely)."""
    if np.shape(earlier) != np.shape(later):
        return PageChange(1.0, 0.0, 1.0)
    a, b = _shrink(earlier), _shrink(later)
    bg = _rgb(background)
    ink_a = (np.abs(a - bg) > INK_TOLERANCE).any(axis=-1)
    ink_b = (np.abs(b - bg) > INK_TOLERANCE).any(axis=-1)
    changed = (np.abs(a - b) > CHANGE_TOLERANCE).any(axis=-1)
    ink = max(int(ink_a.sum()), 1)
    return PageChange(
        erased=float((changed & ink_a & ~ink_b).sum() / ink),
        overdrawn=float((changed & ink_a & ink_b).sum() / ink),
        changed=float(changed.mean()),
    )


def near_duplicate(earlier: np.ndarray, later: np.ndarray, background: str) -> str | None:
    """Why the page ``earlier`` adds nothing to the page ``later`` after it, or None if it
    does."""
    change = page_change(earlier, later, background)
    if change.changed <= MAX_CHANGED:
        return f"differs from the next page in {change.changed:.2%} of its pixels"
    if change.erased <= MAX_ERASED and change.lost <= MAX_LOST_INK:
        return f"the next page shows it all and adds to it ({change.lost:.1%} of its ink changed)"
    return None


def duplicate_reasons(frames: Sequence[np.ndarray], background: str) -> list[str | None]:
    """For each frame, why it is left out of the handout (a near-duplicate of the next), or
    None to keep it; the last frame is always kept."""
    reasons: list[str | None] = [
        near_duplicate(frames[i], frames[i + 1], background) for i in range(len(frames) - 1)
    ]
    return [*reasons, None] if frames else []


# --- the handout ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One beat's page: where it comes from and, if it was left out, why."""

    scene: str
    beat: int  # the beat's index in its scene, from 0 (= the slide's)
    left_out: str | None = None


@dataclass(frozen=True)
class Handout:
    """What :func:`write_handout` wrote."""

    pdf: Path
    variant: str
    pages: tuple[Page, ...]  # every beat, those left out included
    seconds: float  # wall time, rendering included

    @property
    def printed(self) -> int:
        return sum(p.left_out is None for p in self.pages)

    @property
    def left_out(self) -> list[Page]:
        return [p for p in self.pages if p.left_out is not None]


def write_pdf_pages(frames: Sequence[np.ndarray], target: Path) -> Path:
    """``frames`` as the pages of a PDF at ``target`` (atomic), each :data:`PAGE_WIDTH_IN` wide."""
    from PIL import Image

    if not frames:
        raise ValueError("a handout needs at least one page")
    images = [Image.fromarray(np.ascontiguousarray(f[..., :3]).astype(np.uint8)) for f in frames]
    resolution = images[0].width / PAGE_WIDTH_IN
    with atomic_path(target) as tmp:
        images[0].save(
            tmp,
            "PDF",
            resolution=resolution,
            save_all=True,
            append_images=images[1:],
            quality=JPEG_QUALITY,
            subsampling=0,  # full colour resolution: coloured lines stay sharp
        )
    return target


def write_handout(
    frames: Sequence[tuple[str, int, np.ndarray]],
    target: Path,
    variant: str,
    background: str,
    started: float | None = None,
) -> Handout:
    """The handout of ``frames`` ((scene, beat, frame) in talk order) at ``target``, without
    its near-duplicate pages."""
    started = time.perf_counter() if started is None else started
    reasons = duplicate_reasons([f for _, _, f in frames], background)
    pages = tuple(Page(s, b, why) for (s, b, _), why in zip(frames, reasons, strict=True))
    kept = [f for (_, _, f), why in zip(frames, reasons, strict=True) if why is None]
    write_pdf_pages(kept, target)
    return Handout(target, variant, pages, time.perf_counter() - started)


# --- dark: the slides' own frames ----------------------------------------------------------------


def _last_frame(video: Path) -> np.ndarray:
    from scenes.production.media import last_frame_image

    return np.asarray(last_frame_image(video).convert("RGB"))


def slide_frames(specs: Sequence[Chapter], quality: str) -> list[tuple[str, int, np.ndarray]]:
    """(scene, beat, last frame) of every slide of the rendered ``specs``, in order."""
    out = []
    for spec in specs:
        data = json.loads(slide_config_path(spec, quality).read_text())
        for index, slide in enumerate(data["slides"]):
            out.append((spec.name, index, _last_frame(Path(slide["file"]))))
    return out


# --- light: each scene rendered again on white ----------------------------------------------------


def light_width(quality: str) -> int:
    return max(QUALITY_WIDTHS[quality], LIGHT_MIN_WIDTH)


def light_frames_dir(spec: Chapter, build: Path | None = None) -> Path:
    return scene_slides_dir("light", build) / spec.cls


def _frame_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("beat-*.png"))


BEATS_FILE = "beats.json"  # beside the light frames: each beat's index, name, narration, notes


@dataclass(frozen=True)
class LightBeat:
    """One beat of a scene rendered on white: what is said and its last frame (a PNG)."""

    scene: str
    index: int  # from 0, in the scene
    name: str
    narration: str  # the sentence spoken and captioned
    notes: str  # the speaker notes
    frame: Path


def read_light_beats(spec: Chapter, files: Sequence[Path]) -> list[LightBeat]:
    """The beats of ``spec`` whose light frames are ``files`` (from :func:`render_light_frames`),
    with what ``beats.json`` beside them says of each."""
    folder = files[0].parent if files else light_frames_dir(spec)
    records = json.loads((folder / BEATS_FILE).read_text())["beats"]
    if len(records) != len(files):
        raise RuntimeError(
            f"{folder}: {len(files)} frames but {len(records)} beats in {BEATS_FILE}: "
            "delete the folder to render the scene on white again"
        )
    return [
        LightBeat(
            spec.name, int(r["index"]), str(r["name"]), str(r["narration"]), str(r["notes"]), f
        )
        for r, f in zip(records, files, strict=True)
    ]


def render_light_frames(
    spec: Chapter,
    width: int,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Path]:
    """Each beat's last frame of ``spec`` in the light theme, ``width`` pixels wide, as PNGs
    (rendered in a child process unless its stamp is unchanged)."""
    return prepare_light_frames(spec, width, preset, overrides)()


def prepare_light_frames(
    spec: Chapter,
    width: int,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> Work[list[Path]]:
    """:func:`render_light_frames` in its two parts (``scenes.production.parallel``): the stamp
    here, in the calling thread; the child process, if need be, in the work returned."""
    from scenes.production.process import (
        last_error_line,
        require_scene_tools,
        run_logged,
        scene_env,
    )
    from scenes.production.stamps import scene_stamp

    overrides = {k: dict(v) for k, v in (overrides or {}).items() if k in spec.needs and v}
    folder = light_frames_dir(spec)
    stamp_path = folder / "stamp.json"
    stamp = scene_stamp(spec, f"light-{width}", preset, overrides)
    # frames rendered before beats.json was written beside them are rendered again
    if stamp_path.exists() and _frame_files(folder) and (folder / BEATS_FILE).exists():
        try:
            if json.loads(stamp_path.read_text()).get("stamp") == stamp.digest:
                files = _frame_files(folder)
                return lambda: files
        except ValueError:
            pass
    require_scene_tools()
    log_path = paths.videos_dir() / "logs" / f"{spec.name}.light.log"
    env = scene_env(preset, overrides, **{THEME_ENV: "light"})  # plain scenes, not slides
    draft = folder.with_name(folder.name + ".draft")
    media = paths.build_dir() / "manim" / f"{spec.name}-light"
    cmd = [
        sys.executable,
        "-m",
        "scenes.production.handout",
        spec.name,
        str(draft),
        str(media),
        str(width),
    ]

    def render() -> list[Path]:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        returncode = run_logged(cmd, env, log_path)
        if returncode != 0 or not _frame_files(draft):
            raise RuntimeError(
                f"scene '{spec.name}' failed to render on white (exit {returncode}); "
                f"{last_error_line(log_path)}; full log: {log_path}"
            )
        # swap the whole folder at once: a reader never sees frames of two renders mixed
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)  # left by an interrupted swap
        if folder.exists():
            folder.replace(old)
        draft.replace(folder)
        shutil.rmtree(old, ignore_errors=True)
        record = {"stamp": stamp.digest, "width": width, "inputs": list(stamp.inputs)}
        atomic_write_text(stamp_path, json.dumps(record, indent=2))
        return _frame_files(folder)

    return render


def light_frames(
    specs: Sequence[Chapter],
    quality: str,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    jobs: int | None = None,
) -> list[tuple[str, int, np.ndarray]]:
    """(scene, beat, frame) of every beat of ``specs`` in the light theme, in order; scenes
    render in parallel (``jobs`` at a time); every scene that fails is named
    (``SceneFailuresError``) once the others are done."""
    from PIL import Image

    width = light_width(quality)
    prepare = partial(prepare_light_frames, width=width, preset=preset, overrides=overrides)
    files = each_scene(specs, prepare, jobs).results()
    return [
        (spec.name, index, np.asarray(Image.open(path).convert("RGB")))
        for spec, paths_ in zip(specs, files, strict=True)
        for index, path in enumerate(paths_)
    ]


def light_beats(
    specs: Sequence[Chapter],
    quality: str,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    jobs: int | None = None,
) -> Outcome[list[LightBeat]]:
    """Every beat of each of ``specs`` in the light theme (:class:`LightBeat`: its narration and
    frame), the scenes rendered in parallel as :func:`light_frames` does; a scene that fails is
    in the outcome's failures, and the others go on."""
    width = light_width(quality)
    prepare = partial(prepare_light_frames, width=width, preset=preset, overrides=overrides)
    outcome = each_scene(specs, prepare, jobs)
    return Outcome(
        [(spec, read_light_beats(spec, files)) for spec, files in outcome.done], outcome.failures
    )


def _render_in_this_process(name: str, folder: Path, media: Path, width: int) -> None:
    """The child process of :func:`render_light_frames`: render scene ``name`` (animations
    jumped to their ends) and save each beat's last frame as ``folder/beat-NN.png``."""
    from PIL import Image

    from scenes.manifest import get_scene
    from scenes.production.craft import inspect_scene

    spec = get_scene(name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*"):
        old.unlink()
    report = inspect_scene(spec.module, spec.cls, media, width=width, animate=False)
    for beat in report.beats:
        image = Image.fromarray(np.ascontiguousarray(beat.frame[..., :3]))
        image.save(folder / f"beat-{beat.index:02d}.png")
    beats = [
        {"index": b.index, "name": b.name, "narration": b.narration, "notes": b.notes}
        for b in report.beats
    ]
    (folder / BEATS_FILE).write_text(json.dumps({"scene": name, "beats": beats}, indent=1))
    print(f"{name}: {len(report.beats)} beats, {width} px wide -> {folder}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=_render_in_this_process.__doc__)
    parser.add_argument("scene")
    parser.add_argument("folder", type=Path)
    parser.add_argument("media", type=Path)
    parser.add_argument("width", type=int)
    args = parser.parse_args(argv)
    _render_in_this_process(args.scene, args.folder, args.media, args.width)


if __name__ == "__main__":
    main()
