"""Shared fixtures: every test writes under its own temporary build directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


@pytest.fixture(autouse=True)
def build_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the toolkit's build directory (results, figures, videos) at a fresh temp dir."""
    build = tmp_path / "build"
    monkeypatch.setenv("HIDIM_BUILD", str(build))
    monkeypatch.delenv("HIDIM_PRESET", raising=False)
    return build


def compare_images(
    actual: np.ndarray, reference_png: Path, *, max_rms: float, max_bad_fraction: float
) -> None:
    """Assert an RGB(A) image matches a stored reference PNG.

    Tolerance: the root-mean-square difference over all channels (0-255 scale) is at most
    ``max_rms``, and at most ``max_bad_fraction`` of the pixels differ by more than 64 in any
    channel. This absorbs anti-aliasing and font-hinting noise but fails on a moved or missing
    curve, label or panel. Set HIDIM_UPDATE_REFERENCES=1 to rewrite the reference (then look at it).
    """
    import os

    from PIL import Image

    actual = np.asarray(actual)[..., :3].astype(np.int16)
    if os.environ.get("HIDIM_UPDATE_REFERENCES"):
        reference_png.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(actual.astype(np.uint8)).save(reference_png)
    assert reference_png.exists(), f"no reference image {reference_png}"
    expected = np.asarray(Image.open(reference_png).convert("RGB")).astype(np.int16)
    assert actual.shape == expected.shape, f"size {actual.shape} != reference {expected.shape}"
    diff = np.abs(actual - expected)
    rms = float(np.sqrt(np.mean(diff.astype(float) ** 2)))
    bad = float(np.mean(diff.max(axis=-1) > 64))
    assert rms <= max_rms and bad <= max_bad_fraction, (
        f"image differs from {reference_png.name}: rms {rms:.2f} (max {max_rms}), "
        f"{bad:.2%} pixels off (max {max_bad_fraction:.2%})"
    )


@dataclass(frozen=True)
class Talk:
    """A small scene rendered for real (video, poster, slides), its deck and the gallery."""

    build: Path
    scene: Any  # Chapter
    rendered: Any  # RenderedScene
    deck: Any  # SlideDeck
    gallery: Path


@pytest.fixture(scope="session")
def figure_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One result store for the figure tests of the session (quick preset): each experiment a
    figure needs is computed once, not once per test or per venue."""
    from experiments.core.store import ResultStore

    return ResultStore(tmp_path_factory.mktemp("figure-results"))


@pytest.fixture(scope="session")
def talk(tmp_path_factory: pytest.TempPathFactory) -> Talk:
    """Render ``smooth-interpolation`` at preview quality once per test session (about 30 s):
    the tests of the runner, the slides, the gallery and the browser all look at these files."""
    from scenes.kit.mathjax import tex_tools_found
    from scenes.production.runner import render_scene

    if not tex_tools_found():
        pytest.skip("LaTeX not installed (make test installs it)")
    from scenes.manifest import get_scene
    from scenes.production.gallery import write_gallery
    from scenes.production.slides import build_slides

    build = tmp_path_factory.mktemp("talk") / "build"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HIDIM_BUILD", str(build))
        mp.delenv("HIDIM_PRESET", raising=False)
        spec = get_scene("smooth-interpolation")
        rendered = render_scene(spec, "preview")
        deck = build_slides([spec], "preview")
        gallery = write_gallery()
    return Talk(build, spec, rendered, deck, gallery)
