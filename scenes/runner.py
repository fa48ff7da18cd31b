"""Render scenes to videos, posters and slides by running manim in child processes.

Each scene renders in its own process (so several can run in parallel), writes its log under
``build/videos/logs/``, its video and poster (the last frame, PNG) under
``build/videos/<quality>/``, and, from the same render, its manim-slides files (one slide per
story beat) under ``build/slides/<quality>/`` (see ``scenes.slides``). A stamp beside the
video records what made it: the source of every project module the scene imports (followed
transitively), the theme, the keys of the results it reads (with any ``--set`` values), the
quality, preset and Manim version. A scene whose stamp is unchanged, with its video, poster and
slides present, is not rendered again.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assets.theme import THEME_ENV, THEME_PATH, load_theme
from experiments import paths
from experiments.errors import MissingToolError, UserError
from experiments.fileio import atomic_path, atomic_write_text
from experiments.registry import get_experiment
from experiments.sources import syntax_tree
from experiments.store import result_key
from scenes.manifest import SCENE_SET_ENV, SceneSpec
from scenes.mp4 import faststart
from scenes.parallel import Work
from scenes.slides import SLIDES_ENV, scene_slides_dir, slide_config_path

if TYPE_CHECKING:
    from scenes.zygote import Zygote

# name -> (manim quality flag, manim's folder name for it)
QUALITIES: dict[str, tuple[str, str]] = {
    "preview": ("l", "480p15"),
    "lecture": ("h", "1080p60"),
    "4k": ("k", "2160p60"),
}
PROJECT_PACKAGES = ("assets", "experiments", "figures", "scenes")
# Every scene render's Python hash seed. Manim's TransformMatchingTex walks sets of strings:
# with a per-process seed their order, and so the animation's cache hash, changed from one
# render to the next, and the cache missed it.
HASH_SEED = "0"
Overrides = Mapping[str, Mapping[str, Any]]  # experiment name -> {setting: value}


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


def tex_available() -> bool:
    return shutil.which("latex") is not None and shutil.which("dvisvgm") is not None


def _module_file(name: str, root: Path) -> Path | None:
    """The source file of project module ``name`` under ``root`` (a module or a package)."""
    if name.split(".")[0] not in PROJECT_PACKAGES:
        return None
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported_names(tree: ast.AST) -> set[str]:
    """Module names a source imports anywhere (inside functions too), and the project module
    names it spells out as strings (how the registries load their topic modules)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.split(".")[0] in PROJECT_PACKAGES
            and "." in node.value
        ):
            names.add(node.value)
    # importing a.b.c runs a/__init__.py and a/b/__init__.py too
    return names | {".".join(n.split(".")[:k]) for n in names for k in range(1, n.count(".") + 1)}


def scene_sources(module: str, root: Path = paths.REPO_ROOT) -> list[Path]:
    """Every project source file that ``scenes.<module>`` imports, followed transitively, sorted.

    Read from the sources (their syntax trees), not from a running interpreter, so an import
    inside a function counts as much as one at the top."""
    start = root / "scenes" / f"{module}.py"
    seen: set[Path] = set()
    todo = [start]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _imported_names(syntax_tree(path)):
            found = _module_file(name, root)
            if found is not None and found not in seen:
                todo.append(found)
    return sorted(seen)


def scene_stamp(
    spec: SceneSpec,
    quality: str,
    preset: str = "quick",
    overrides: Overrides | None = None,
    root: Path = paths.REPO_ROOT,
    voice: str = "none",
) -> str:
    """The hash of what makes a scene's video: its sources, the theme, the results it reads (their
    keys, with ``overrides``), quality, preset, the Manim version and ``voice`` (the voice's
    fingerprint: mode, engine and the bytes of every take)."""
    overrides = overrides or {}
    h = hashlib.sha256()
    for path in [*scene_sources(spec.module, root), root / THEME_PATH.relative_to(paths.REPO_ROOT)]:
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in spec.needs:
        exp = get_experiment(name)
        config = exp.config(preset, dict(overrides.get(name, {})))
        h.update(result_key(name, config, exp.version).encode())
    settings = json.dumps({k: dict(v) for k, v in overrides.items() if v}, sort_keys=True)
    h.update(f"{quality}|{preset}|{settings}|{importlib_metadata.version('manim')}".encode())
    if voice != "none":  # a silent video keeps the stamp it had before voices existed
        h.update(f"|voice={voice}".encode())
    from scenes.mathjax import MATHJAX_VERSION, resolve

    if resolve() == "mathjax":  # and a TeX render the stamp it had before MathJax
        h.update(f"|math=mathjax-{MATHJAX_VERSION}".encode())
    return h.hexdigest()


def require_scene_font() -> None:
    """The scenes' text font must be installed: without it Pango silently substitutes another,
    and text no longer matches the maths or the sizes the scenes were laid out for."""
    import manimpango

    font = load_theme()["video"]["font_family"]
    if font not in manimpango.list_fonts():
        raise MissingToolError(
            f"the scenes' font '{font}' is not installed: `apt-get install fonts-cmu` "
            "(make render does this as root)"
        )


def video_duration(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        return float(container.duration or 0) / 1e6


def last_frame_image(video: Path) -> Any:
    """The last frame of ``video`` as a PIL image (an error if it has none)."""
    import av

    last = None
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            last = frame
    if last is None:
        raise RuntimeError(f"{video} has no frames")
    return last.to_image()


def write_poster(video: Path, poster: Path) -> None:
    """Save the last frame of ``video`` as a PNG (atomically)."""
    image = last_frame_image(video)
    with atomic_path(poster) as tmp:
        image.save(tmp, format="PNG")


def require_scene_tools() -> None:
    """A clear error, with the install command, if the maths backend's tools (LaTeX, or node
    and mathjax-full) or the scene font are missing."""
    from scenes.mathjax import require_mathjax, resolve

    if resolve() == "mathjax":
        require_mathjax()
    elif not tex_available():
        from scenes.widgets import TEX_INSTALL

        raise MissingToolError(TEX_INSTALL)
    require_scene_font()


def scene_env(preset: str, overrides: Mapping[str, Any], **extra: str) -> dict[str, str]:
    """The environment of a child process that renders a scene: the caller's, with the preset,
    the build folder and the ``--set`` values the scene reads, then ``extra``. Whether it renders
    slides or the light theme is ``extra``'s to say, never inherited from the caller: a light
    variant set for the printed handout must not end up cached as a video."""
    env = {k: v for k, v in os.environ.items() if k not in (SLIDES_ENV, THEME_ENV)}
    from scenes.mathjax import MATH_ENV, resolve

    env |= {
        MATH_ENV: resolve(),  # the backend made concrete: every child typesets alike
        "HIDIM_PRESET": preset,
        "HIDIM_BUILD": str(paths.build_dir()),
        SCENE_SET_ENV: json.dumps(overrides),
        "PYTHONPATH": str(paths.REPO_ROOT),
        "PYTHONHASHSEED": HASH_SEED,
    }
    return env | extra


_warm: list[Zygote] = []  # the warm process renders go through, inside warm_renders()


@contextlib.contextmanager
def warm_renders() -> Iterator[None]:
    """Inside, the scene renders of this process are forks of one process that has imported
    Manim and the heavy libraries already (``scenes.zygote``), not new interpreters: each
    render of ``scenes watch`` starts seconds sooner. Outside, nothing changes."""
    from scenes.zygote import Zygote

    if not hasattr(os, "fork"):  # Windows: a new interpreter per render, as outside
        yield
        return
    # its forks keep its hash seed: the one every render has
    env = os.environ | {"PYTHONPATH": str(paths.REPO_ROOT), "PYTHONHASHSEED": HASH_SEED}
    with Zygote(paths.REPO_ROOT, env) as zygote:
        _warm.append(zygote)
        try:
            yield
        finally:
            _warm.remove(zygote)


def run_logged(cmd: list[str], env: Mapping[str, str], log_path: Path) -> int:
    """Run ``cmd`` from the repository root with ``env``, no stdin, its output (both streams)
    into ``log_path``; return its exit status. Inside :func:`warm_renders`, a ``python -m``
    command runs in a fork of the warm process instead."""
    if _warm and _warm[-1].can_run(cmd):
        return _warm[-1].run(cmd, env, log_path)
    with open(log_path, "w") as log:
        proc = subprocess.run(
            cmd,
            cwd=paths.REPO_ROOT,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    return proc.returncode


def scene_media_dir(spec: SceneSpec) -> Path:
    """Manim's media folder for ``spec``, shared by its renders and previews. One per scene:
    parallel manim processes sharing one TeX cache race on the same .tex/.dvi files and fail
    ("does not support converting .dvi files to SVG")."""
    return paths.build_dir() / "manim" / spec.name


def manim_videos_dir(spec: SceneSpec, quality: str) -> Path:
    """Where Manim writes ``spec``'s movies at ``quality`` in its media folder."""
    return scene_media_dir(spec) / "videos" / spec.module / QUALITIES[quality][1]


def partial_movies_dir(spec: SceneSpec, quality: str) -> Path:
    """Manim's cache of ``spec``'s animations at ``quality``: one movie per ``play()``, named by
    the hash of the animation and of everything on screen, reused by any later render of the
    scene (full or preview) in which that animation is unchanged."""
    return manim_videos_dir(spec, quality) / "partial_movie_files" / spec.cls


def manim_command(spec: SceneSpec, flag: str, media: Path, output: str, *extra: str) -> list[str]:
    """The command that renders ``spec`` with Manim at quality ``flag`` into the media folder
    ``media`` (its cache of animations), the movie named ``output``, with ``extra`` flags."""
    return [
        *(sys.executable, "-m", "manim", "render", "-q", flag, "--media_dir", str(media)),
        *("--progress_bar", "none", "-o", output, *extra, str(spec.path), spec.cls),
    ]


def render_scene(
    spec: SceneSpec,
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
    spec: SceneSpec,
    quality: str = "preview",
    preset: str = "quick",
    force: bool = False,
    overrides: Overrides | None = None,
    voice: str = "none",
    voice_model: Path | None = None,
    burn_captions: bool = False,
) -> Work[RenderedScene]:
    """What :func:`render_scene` does, in its two parts (``scenes.parallel``): this call
    computes the stamp and decides (it parses sources: the calling thread only); the work it
    returns renders, if need be, and may run in any thread."""
    from scenes.narration import BEATS_ENV, SCENE_NAME_ENV, burn, captioned_path, finish
    from scenes.voice import VOICE_ENV, VOICE_MODEL_ENV, Voice, voice_fingerprint

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
        if old.get("stamp") == stamp:

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
                f"{_last_error_line(log_path)}; full log: {log_path}"
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
                    "stamp": stamp,
                    "duration": duration,
                    "render_seconds": round(seconds, 2),
                    "quality": quality,
                    "preset": preset,
                    "settings": overrides,
                    "voice": voice,
                    "missing_takes": list(narrated.missing_takes),
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


def _last_error_line(log_path: Path) -> str:
    """The most telling line of a manim log: its last exception line, else its last line."""
    lines = [ln.strip(" │\n") for ln in log_path.read_text(errors="replace").splitlines()]
    lines = [ln for ln in lines if ln]
    for ln in reversed(lines):
        if "Error" in ln or "Exception" in ln:
            return ln
    return lines[-1] if lines else "no output"


@dataclass(frozen=True)
class Preview:
    """What :func:`preview_scene` wrote."""

    name: str
    beat: int  # its number, from 1
    beat_name: str
    path: Path  # the preview video (from the beat on) or the beat's last frame (PNG)
    seconds: float  # wall time


def scene_beat_names(spec: SceneSpec, quality: str, preset: str, overrides: Overrides) -> list[str]:
    """The ids of ``spec``'s beats, in order: from its rendered video's beats record at
    ``quality`` when there is one (the scene checks, when it reaches the beat, that the id is
    still the same), else from a quick run of the scene (``scenes.script``)."""
    record = paths.videos_dir() / quality / f"{spec.name}.beats.json"
    if record.exists():
        try:
            return [str(b["name"]) for b in json.loads(record.read_text())["beats"]]
        except (ValueError, KeyError, TypeError):
            pass
    from scenes.script import scene_beats

    return [b.name for b in scene_beats(spec, preset, overrides)]


def preview_path(spec: SceneSpec, quality: str, beat: int, frame: bool) -> Path:
    kind = "frame" if frame else "from"
    suffix = ".png" if frame else ".mp4"
    return paths.videos_dir() / quality / "previews" / f"{spec.name}.{kind}-{beat:02d}{suffix}"


def preview_scene(
    spec: SceneSpec,
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
    from scenes.narration import PREVIEW_ENV, SCENE_NAME_ENV
    from scenes.slides import SLIDES_ENV

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
        produced = sorted((media / "images" / spec.module).glob(f"{stem}*.png"))
    else:
        produced = [manim_videos_dir(spec, quality) / f"{stem}.mp4"]
    if returncode != 0 or not produced or not produced[-1].exists():
        raise RuntimeError(
            f"preview of scene '{spec.name}' from beat {number} failed (exit {returncode}); "
            f"{_last_error_line(log_path)}; full log: {log_path}"
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
