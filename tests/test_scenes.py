"""Scenes: what they read, when they are rendered again, and the commands around them."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from scenes.kit.mathjax import tex_tools_found
from scenes.manifest import SCENES, get_scene

pytestmark = pytest.mark.skipif(
    not tex_tools_found(), reason="LaTeX not installed (make test installs it)"
)


def test_manifest_points_at_real_scene_classes() -> None:
    for spec in SCENES:
        assert spec.path.exists()
        module = importlib.import_module(spec.module)
        assert hasattr(module, spec.cls), f"{spec.module} has no class {spec.cls}"


def test_ball_slicing_reads_its_data_through_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other data in the store (--set dims, passed as HIDIM_SCENE_SET) gives other readouts:
    the last beat shows the largest dimension and its TV distance."""
    from scenes.production.craft import inspect_scene

    frames = []
    for dims in ("3,10", "3,500"):
        monkeypatch.setenv("HIDIM_SCENE_SET", f'{{"ball-slices": {{"dims": "{dims}"}}}}')
        spec = get_scene("ball-slicing")
        report = inspect_scene(spec.module, spec.cls, tmp_path / dims, animate=False)
        frames.append(report.beats[-1].frame[..., :3].astype(int))
    # The readouts (d and TV) sit at the top right of the plot (854 x 480 frame).
    readout = (slice(110, 220), slice(590, 800))
    a, b = (f[readout] for f in frames)
    assert np.mean(np.abs(a - b).max(axis=-1) > 64) > 0.02


def test_missing_latex_is_one_clear_error(monkeypatch) -> None:
    import shutil

    from experiments.core.errors import MissingToolError
    from scenes.kit import mathjax, widgets
    from scenes.manifest import get_scene
    from scenes.production import runner

    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "latex" else real_which(name))
    monkeypatch.setenv(mathjax.MATH_ENV, "tex")  # TeX asked for, and missing
    with pytest.raises(MissingToolError, match="apt-get install texlive-latex-base"):
        widgets.math("x")
    with pytest.raises(MissingToolError, match=r"texlive-latex-extra dvisvgm.*--math mathjax"):
        runner.render_scene(get_scene("smooth-interpolation"), force=True)
    monkeypatch.setenv(mathjax.MATH_ENV, "auto")  # not asked for: MathJax typesets instead
    assert mathjax.resolve() == "mathjax"


def test_render_writes_video_poster_and_slides_and_skips_unchanged(
    talk, monkeypatch: pytest.MonkeyPatch
) -> None:
    import av
    from PIL import Image

    from scenes.production.runner import render_scene

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


def test_redrawn_draws_what_always_redraw_draws_and_leaves_an_animations_copies_alone() -> None:
    from manim import VGroup, VMobject, always_redraw

    from scenes.kit.widgets import redrawn

    state = {"k": 3}

    def build() -> VGroup:
        k = state["k"]  # k pieces, each a closed path of k patches: the structure changes
        pieces = []
        for j in range(k):
            patch = VMobject()
            for i in range(k):
                square = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 0]], float)
                offset = np.array([i * 1.5, j, 0.0])
                patch.start_new_path(square[0] + offset)
                patch.add_points_as_corners(square[1:] + offset)
            pieces.append(patch.set_fill(opacity=0.2 + 0.1 * j))
        return VGroup(*pieces)

    ours, theirs = redrawn(build), always_redraw(build)
    faded = ours.copy().set_opacity(0)  # what a fade starts from
    for k in (3, 5, 2, 4):
        state["k"] = k
        ours.update()
        theirs.update()
        faded.update()  # an animation updates its copies too: they must not change
        drawn = [m for m in ours.get_family() if m.has_points()]
        assert len(drawn) == len([m for m in theirs.get_family() if m.has_points()])
        for a, b in zip(drawn, [m for m in theirs.get_family() if m.has_points()], strict=True):
            # the same outlines (Manim's become also subdivides them; the corners are the same)
            corners = {tuple(p) for p in np.round(a.points, 9)}
            assert corners <= {tuple(p) for p in np.round(b.points, 9)}
            assert a.get_fill_opacity() == pytest.approx(b.get_fill_opacity())
        assert all(m.get_fill_opacity() == 0 for m in faded.get_family() if m.has_points())
