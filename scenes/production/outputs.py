"""Where each output of a chapter's render goes: Manim's media folder and movies, and the
manim-slides files of its slides (all under the build folder)."""

from __future__ import annotations

from pathlib import Path

from experiments.core import paths
from scenes.kit.chapter import Chapter

# name -> (manim quality flag, manim's folder name for it)
QUALITIES: dict[str, tuple[str, str]] = {
    "preview": ("l", "480p15"),
    "lecture": ("h", "1080p60"),
    "4k": ("k", "2160p60"),
}


def scene_media_dir(spec: Chapter) -> Path:
    """Manim's media folder for ``spec``, shared by its renders and previews. One per scene:
    parallel manim processes sharing one TeX cache race on the same .tex/.dvi files and fail
    ("does not support converting .dvi files to SVG")."""
    return paths.build_dir() / "manim" / spec.name


def manim_videos_dir(spec: Chapter, quality: str) -> Path:
    """Where Manim writes ``spec``'s movies at ``quality`` in its media folder."""
    return scene_media_dir(spec) / "videos" / spec.path.stem / QUALITIES[quality][1]


def partial_movies_dir(spec: Chapter, quality: str) -> Path:
    """Manim's cache of ``spec``'s animations at ``quality``: one movie per ``play()``, named by
    the hash of the animation and of everything on screen, reused by any later render of the
    scene (full or preview) in which that animation is unchanged."""
    return manim_videos_dir(spec, quality) / "partial_movie_files" / spec.cls


def scene_slides_dir(quality: str, build: Path | None = None) -> Path:
    """Where manim-slides writes the slide files of each scene rendered at ``quality``."""
    return (build or paths.build_dir()) / "slides" / quality


def slide_config_path(spec: Chapter, quality: str, build: Path | None = None) -> Path:
    return scene_slides_dir(quality, build) / f"{spec.cls}.json"


def explorable_path(build: Path, name: str) -> Path:
    """Where chapter ``name``'s explorable page is written (``build/explorables/``)."""
    return build / "explorables" / f"{name}.html"
