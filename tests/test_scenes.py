"""Scenes: each renders, and its last frame matches the frame reviewed when it was made."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from scenes.manifest import SCENES
from scenes.runner import tex_available
from tests.conftest import REFERENCE_DIR, compare_images

pytestmark = pytest.mark.skipif(
    not tex_available(), reason="LaTeX not installed (make test installs it)"
)


def render_last_frame(module: str, cls: str, media: Path) -> np.ndarray:
    """Render a scene at 256x144 with animations skipped; return its last frame (RGBA)."""
    from manim import tempconfig

    scene_cls = getattr(importlib.import_module(f"scenes.{module}"), cls)
    settings = {
        "pixel_width": 256,
        "pixel_height": 144,
        "frame_rate": 5,
        "media_dir": str(media),
        "save_last_frame": True,
        "write_to_movie": False,
        "disable_caching": True,
        "verbosity": "WARNING",
        "progress_bar": "none",
    }
    with tempconfig(settings):
        scene = scene_cls()
        scene.render()
        return np.array(scene.renderer.get_frame())


@pytest.mark.parametrize("spec", SCENES, ids=[s.name for s in SCENES])
def test_last_frame_matches_reviewed_reference(spec, tmp_path: Path) -> None:
    frame = render_last_frame(spec.module, spec.cls, tmp_path / "media")
    assert frame.shape == (144, 256, 4)
    compare_images(
        frame, REFERENCE_DIR / "scenes" / f"{spec.name}.png", max_rms=8.0, max_bad_fraction=0.01
    )


def test_manifest_points_at_real_scene_classes() -> None:
    for spec in SCENES:
        assert spec.path.exists()
        module = importlib.import_module(f"scenes.{spec.module}")
        assert hasattr(module, spec.cls), f"{spec.module} has no class {spec.cls}"


def test_ball_slicing_reads_its_data_through_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other data in the store (via HIDIM_SCENE_SET) gives another readout on the last frame."""
    frames = []
    for dims in ("2,3", "5,500"):
        monkeypatch.setenv("HIDIM_SCENE_SET", f'{{"ball-slices": {{"dims": "{dims}"}}}}')
        frames.append(render_last_frame("clt", "BallSlicing", tmp_path / dims / "media"))
    # The readout (m and the TV distance) sits at the top right of the right-hand panel.
    readout = (slice(26, 44), slice(200, 256))
    a, b = (f[readout][..., :3].astype(int) for f in frames)
    assert np.mean(np.abs(a - b).max(axis=-1) > 64) > 0.02


def test_missing_latex_is_one_clear_error(monkeypatch) -> None:
    import shutil

    from experiments.errors import MissingToolError
    from scenes import runner, widgets
    from scenes.manifest import get_scene

    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "latex" else real_which(name))
    with pytest.raises(MissingToolError, match="apt-get install texlive-latex-base"):
        widgets.math("x")
    with pytest.raises(MissingToolError, match="texlive-latex-extra dvisvgm"):
        runner.render_scene(get_scene("smooth-interpolation"), force=True)


def test_render_writes_video_poster_and_slides_and_skips_unchanged(
    talk, monkeypatch: pytest.MonkeyPatch
) -> None:
    import av
    from PIL import Image

    from scenes.runner import render_scene

    first = talk.rendered  # rendered once per session by the ``talk`` fixture
    assert not first.skipped and first.video.exists() and first.poster.exists()
    assert first.video.is_relative_to(talk.build / "videos" / "preview")
    assert first.slides == talk.build / "slides" / "preview" / "SmoothInterpolation.json"
    with av.open(str(first.video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
        assert float(stream.average_rate) == pytest.approx(15, rel=1e-3)
    assert 20 < first.duration < 120
    with Image.open(first.poster) as poster:
        assert poster.size == (854, 480)
    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    again = render_scene(talk.scene, "preview")
    assert again.skipped and again.video == first.video and again.slides == first.slides
