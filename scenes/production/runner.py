"""Render scenes to videos, posters and slides by running manim in child processes.

Each scene renders in its own process (so several can run in parallel), writes its log under
``build/videos/logs/``, its video and poster (the last frame, PNG) under
``build/videos/<quality>/``, and, from the same render, its manim-slides files (one slide per
story beat) under ``build/slides/<quality>/`` (see ``scenes.production.slides``). A stamp beside
the video records what made it and lists it (``scenes.production.stamps``): the chapter, the kit
and the assets it imports, the theme, the keys of the results it reads (with any ``--set``
values), the quality, preset and Manim version. A scene whose stamp is unchanged, with its video,
poster and slides present, is not rendered again.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from assets.env import SLIDES_ENV
from experiments.core import paths
from experiments.core.errors import UserError
from experiments.core.fileio import atomic_path, atomic_write_text
from scenes.kit.chapter import Chapter
from scenes.production.media import video_duration, write_poster
from scenes.production.mp4 import faststart
from scenes.production.outputs import (
    QUALITIES,
    manim_videos_dir,
    partial_movies_dir,
    scene_media_dir,
    scene_slides_dir,
    slide_config_path,
)
from scenes.production.parallel import Work
from scenes.production.process import (
    last_error_line,
    manim_command,
    require_scene_tools,
    run_logged,
    scene_env,
)
from scenes.production.stamps import Overrides, scene_stamp


@dataclass(frozen=True)
class RenderedScene:
    name: str
    video: Path
    poster: Path
    seconds: float  # wall time of the render, 0 when skipped
    duration: float  # length of the video in seconds
    skipped: bool
    slides: Path  # the manim-slides configuration (JSON) of the scene
    captions: Path | None = None  # WebVTT beside the video (SubRip beside it too)
    voice: str = "none"
    missing_takes: tuple[str, ...] = ()  # beats spoken by speech for want of a recorded take
    captioned: Path | None = None  # the video with its captions drawn in (--burn-captions)


def render_scene(
    spec: Chapter,
    quality: str = "preview",
    preset: str = "quick",
    force: bool = False,
    overrides: Overrides | None = None,
    voice: str = "none",
    voice_model: Path | None = None,
    burn_captions: bool = False,
) -> RenderedScene:
    """Render one scene (unless its stamp is unchanged) and return where its files are.

    ``overrides`` are ``--set`` values per experiment: the scene reads the results of those
    configurations. ``voice`` (none, tts, recorded) narrates it, with the Piper model
    ``voice_model`` instead of Festival when given; captions are always written, and with
    ``burn_captions`` also drawn into a second video."""
    return prepare_render(
        spec, quality, preset, force, overrides, voice, voice_model, burn_captions
    )()


def prepare_render(
    spec: Chapter,
    quality: str = "preview",
    preset: str = "quick",
    force: bool = False,
    overrides: Overrides | None = None,
    voice: str = "none",
    voice_model: Path | None = None,
    burn_captions: bool = False,
) -> Work[RenderedScene]:
    """What :func:`render_scene` does, in its two parts (``scenes.production.parallel``): this call
    computes the stamp and decides (it parses sources: the calling thread only); the work it
    returns renders, if need be, and may run in any thread."""
    from assets.env import BEATS_ENV, SCENE_NAME_ENV, VOICE_ENV, VOICE_MODEL_ENV
    from scenes.kit.voice import Voice, voice_fingerprint
    from scenes.production.narration import burn, captioned_path, finish

    Voice(voice, spec.name, voice_model)  # an unknown voice is an error before anything runs
    overrides = {k: dict(v) for k, v in (overrides or {}).items() if k in spec.needs and v}
    flag = QUALITIES[quality][0]
    out_dir = paths.videos_dir() / quality
    video, poster = out_dir / f"{spec.name}.mp4", out_dir / f"{spec.name}.png"
    stamp_path = out_dir / f"{spec.name}.stamp.json"
    beats = video.with_suffix(".beats.json")
    captions = [video.with_suffix(".vtt"), video.with_suffix(".srt"), beats]
    slides_dir = scene_slides_dir(quality)
    slides = slide_config_path(spec, quality)
    stamp = scene_stamp(
        spec, quality, preset, overrides, voice=voice_fingerprint(voice, spec.name, voice_model)
    )
    if not force and all(p.exists() for p in (video, poster, stamp_path, slides, *captions)):
        try:
            old = json.loads(stamp_path.read_text())
        except ValueError:
            old = {}
        if old.get("stamp") == stamp.digest:

            def unchanged() -> RenderedScene:
                captioned = captioned_path(video)
                if burn_captions and not captioned.exists():
                    burn(video)
                return RenderedScene(
                    spec.name,
                    video,
                    poster,
                    0.0,
                    float(old.get("duration", 0)),
                    True,
                    slides,
                    captions[0],
                    voice,
                    tuple(old.get("missing_takes", ())),
                    captioned if burn_captions else None,
                )

            return unchanged

    require_scene_tools()
    media = scene_media_dir(spec)
    log_path = paths.videos_dir() / "logs" / f"{spec.name}.{quality}.log"
    record_path = media / f"{spec.name}.{quality}.beats.json"
    extra = {
        SLIDES_ENV: str(slides_dir),
        BEATS_ENV: str(record_path),
        SCENE_NAME_ENV: spec.name,
        VOICE_ENV: voice,
    }
    if voice_model is not None:
        extra[VOICE_MODEL_ENV] = str(voice_model.resolve())
    env = scene_env(preset, overrides, **extra)
    cmd = manim_command(spec, flag, media, spec.name)

    def render() -> RenderedScene:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        out_dir.mkdir(parents=True, exist_ok=True)
        record_path.parent.mkdir(parents=True, exist_ok=True)
        record_path.unlink(missing_ok=True)
        if force:  # from scratch: Manim would otherwise serve every unchanged animation cached
            shutil.rmtree(partial_movies_dir(spec, quality), ignore_errors=True)
        started = time.perf_counter()
        returncode = run_logged(cmd, env, log_path)
        produced = manim_videos_dir(spec, quality) / f"{spec.name}.mp4"
        if returncode != 0 or not produced.exists() or not slides.exists():
            raise RuntimeError(
                f"scene '{spec.name}' failed to render (exit {returncode}); "
                f"{last_error_line(log_path)}; full log: {log_path}"
            )
        if not record_path.exists():
            raise RuntimeError(
                f"scene '{spec.name}' wrote no beats ({record_path}): has it a beat()?"
            )
        faststart(produced, video)  # the index first: it plays over HTTP before it has all come
        narrated = finish(record_path, video, slides, burn_captions)
        for slide in {s["file"] for s in json.loads(slides.read_text())["slides"]}:
            faststart(Path(slide))
        seconds = time.perf_counter() - started
        write_poster(video, poster)
        prune_slide_files(slides)
        duration = video_duration(video)
        atomic_write_text(
            stamp_path,
            json.dumps(
                {
                    "stamp": stamp.digest,
                    "duration": duration,
                    "render_seconds": round(seconds, 2),
                    "quality": quality,
                    "preset": preset,
                    "settings": overrides,
                    "voice": voice,
                    "missing_takes": list(narrated.missing_takes),
                    "inputs": list(stamp.inputs),
                },
                indent=2,
            ),
        )
        return RenderedScene(
            spec.name,
            video,
            poster,
            seconds,
            duration,
            False,
            slides,
            narrated.vtt,
            voice,
            narrated.missing_takes,
            narrated.captioned,
        )

    return render


def prune_slide_files(config: Path) -> None:
    """Delete the slide videos of this scene that its new configuration no longer uses
    (manim-slides keeps those of earlier renders; all of them are this tool's output)."""
    data = json.loads(config.read_text())
    used = {Path(s[key]).name for s in data["slides"] for key in ("file", "rev_file")}
    folder = config.parent / "files" / config.stem
    for old in folder.glob("*.mp4"):
        if old.name not in used:
            old.unlink()


@dataclass(frozen=True)
class Preview:
    """What :func:`preview_scene` wrote."""

    name: str
    beat: int  # its number, from 1
    beat_name: str
    path: Path  # the preview video (from the beat on) or the beat's last frame (PNG)
    seconds: float  # wall time


def scene_beat_names(spec: Chapter, quality: str, preset: str, overrides: Overrides) -> list[str]:
    """The ids of ``spec``'s beats, in order: from its rendered video's beats record at
    ``quality`` while the video is current (its stamp is the scene's now), else from a quick run
    of the scene as it is now (``scenes.production.script``, itself kept until the scene
    changes): beats renamed, added or removed since the last render are asked for by their new
    numbers and ids at once."""
    folder = paths.videos_dir() / quality
    record, stamp = folder / f"{spec.name}.beats.json", folder / f"{spec.name}.stamp.json"
    try:
        if (
            json.loads(stamp.read_text())["stamp"]
            == scene_stamp(spec, quality, preset, overrides).digest
        ):
            return [str(b["name"]) for b in json.loads(record.read_text())["beats"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from scenes.production.script import scene_beats

    return [b.name for b in scene_beats(spec, preset, overrides)]


def preview_path(spec: Chapter, quality: str, beat: int, frame: bool) -> Path:
    kind = "frame" if frame else "from"
    suffix = ".png" if frame else ".mp4"
    return paths.videos_dir() / quality / "previews" / f"{spec.name}.{kind}-{beat:02d}{suffix}"


def preview_scene(
    spec: Chapter,
    beat: str,
    quality: str = "preview",
    preset: str = "quick",
    overrides: Overrides | None = None,
    frame: bool = False,
) -> Preview:
    """Render ``spec`` from beat ``beat`` (its number from 1, or its id) to the end, into a
    preview file beside the videos (``previews/NAME.from-KK.mp4``); with ``frame``, only the last
    frame of that beat (``previews/NAME.frame-KK.png``), every animation skipped. The full video,
    its stamp and its slides are not touched; unchanged animations come from Manim's cache of
    the scene's renders."""
    from assets.env import PREVIEW_ENV, SCENE_NAME_ENV, SLIDES_ENV

    overrides = {k: dict(v) for k, v in (overrides or {}).items() if k in spec.needs and v}
    names = scene_beat_names(spec, quality, preset, overrides)
    if beat.isdigit() and 1 <= int(beat) <= len(names):
        number = int(beat)
    elif beat in names:
        number = names.index(beat) + 1
    else:
        listed = ", ".join(f"{k} {n}" for k, n in enumerate(names, start=1))
        raise UserError(f"scene '{spec.name}' has no beat '{beat}' (its beats: {listed})")
    require_scene_tools()
    flag = QUALITIES[quality][0]
    media = scene_media_dir(spec)
    log_dir = paths.videos_dir() / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    target = preview_path(spec, quality, number, frame)
    stem = target.stem
    preview = {"beat": number, "name": names[number - 1], "frame": frame}
    env = scene_env(preset, overrides, **{PREVIEW_ENV: json.dumps(preview)})
    env[SCENE_NAME_ENV] = spec.name
    env.pop(SLIDES_ENV, None)  # a plain scene: no slides are written
    cmd = manim_command(spec, flag, media, stem, *(["-s"] if frame else []))
    log_path = log_dir / f"{spec.name}.{quality}.{stem.split('.')[-1]}.log"
    started = time.perf_counter()
    returncode = run_logged(cmd, env, log_path)
    if frame:
        produced = sorted((media / "images" / spec.path.stem).glob(f"{stem}*.png"))
    else:
        produced = [manim_videos_dir(spec, quality) / f"{stem}.mp4"]
    if returncode != 0 or not produced or not produced[-1].exists():
        raise RuntimeError(
            f"preview of scene '{spec.name}' from beat {number} failed (exit {returncode}); "
            f"{last_error_line(log_path)}; full log: {log_path}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    if frame:
        with atomic_path(target) as tmp:
            shutil.copyfile(produced[-1], tmp)
        produced[-1].unlink()
    else:
        faststart(produced[-1], target)
    seconds = time.perf_counter() - started
    return Preview(spec.name, number, names[number - 1], target, seconds)
