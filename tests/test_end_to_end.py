"""End to end, as a user runs it: the paper preset of the geometry chapter, and every scene.

Slow (minutes): run with ``make test-slow``. The default ``make test`` covers the same code on
small settings; these check that the full sizes work from the command line and that what they
compute still agrees with the exact formulas.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from experiments.core.paths import REPO_ROOT
from experiments.core.store import ResultStore, load
from experiments.topics.geometry import edgeworth_tv_constant
from scenes.kit.mathjax import tex_tools_found
from scenes.manifest import SCENES
from scenes.production.craft import frame_is_empty
from scenes.production.media import video_duration
from scenes.production.sheet import sample_frames

pytestmark = pytest.mark.slow


def render_cli(*args: str, build: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HIDIM_BUILD=str(build))
    proc = subprocess.run(
        [sys.executable, str(REPO_ROOT / "render.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def test_paper_preset_of_the_clt_figures_end_to_end(build_dir: Path) -> None:
    figures = ("ball-slice-densities", "clt-distances", "cube-clt-histograms")
    proc = render_cli(
        "figures", "build", *figures, "--preset", "paper", build=build_dir, timeout=900
    )
    for name in figures:
        for ext in ("pdf", "png"):
            path = build_dir / "figures" / f"{name}.{ext}"
            assert path.stat().st_size > 10_000 and str(path) in proc.stdout

    # The stored paper-preset results, read back as figures read them (nothing recomputed).
    store = ResultStore(build_dir / "results")
    ball = load("ball-slices", preset="paper", store=store)
    sphere = load("sphere-marginals", preset="paper", store=store)
    cube = load("cube-clt", preset="paper", store=store)
    assert not (ball.fresh or sphere.fresh or cube.fresh)
    assert int(ball["dims"].max()) == 10_000

    # TV of a rescaled coordinate: (m+2) TV -> E|He_4(Z)|/8 for the ball, m TV for the sphere.
    limit = edgeworth_tv_constant()
    for result, inverse_variance in ((ball, ball["dims"] + 2.0), (sphere, sphere["dims"])):
        big = result["dims"] >= 1000
        scaled = inverse_variance[big] * result["tv_to_gaussian"][big]
        np.testing.assert_allclose(scaled, limit, rtol=0.01)
    # Monte Carlo variances of 400,000 exact samples: 1/(m+2) within five standard errors
    # (the variance of X^2 is below E X^4 = 3/((m+2)(m+4)) for the ball).
    m = ball["dims"].astype(float)
    se = np.sqrt(3.0 / ((m + 2) * (m + 4)) / int(ball["mc_samples"]))
    assert np.all(np.abs(ball["mc_variance"] - 1.0 / (m + 2)) <= 5 * se)

    # Cube: Berry-Esseen holds at every n, and sqrt(n) D_n approaches 1/sqrt(2 pi).
    assert np.all(cube["kolmogorov"] <= cube["berry_esseen"])
    largest = int(np.argmax(cube["dims"]))
    assert cube["dims"][largest] >= 10**5
    assert cube["scaled_kolmogorov"][largest] == pytest.approx(1 / np.sqrt(2 * np.pi), rel=0.01)


@pytest.mark.skipif(not tex_tools_found(), reason="LaTeX not installed (make test installs it)")
def test_every_scene_renders_at_preview_quality(build_dir: Path) -> None:
    proc = render_cli("scenes", "render", "--quality", "preview", build=build_dir, timeout=1800)
    videos = build_dir / "videos" / "preview"
    for spec in SCENES:
        video, poster = videos / f"{spec.name}.mp4", videos / f"{spec.name}.png"
        assert f"{spec.name}: rendered" in proc.stdout
        assert video.stat().st_size > 50_000 and poster.stat().st_size > 5_000
        duration = video_duration(video)
        assert 10 < duration < 180
        slides = json.loads((build_dir / "slides" / "preview" / f"{spec.cls}.json").read_text())
        assert len(slides["slides"]) >= 2  # every scene has several beats
        # The slides together are the whole video: nothing lost or repeated between beats.
        total = sum(video_duration(Path(s["file"])) for s in slides["slides"])
        assert total == pytest.approx(duration, abs=0.5)
        # No frame of the real video is empty below the title after 1.5 s and before the end.
        empty = [
            t
            for t, frame in sample_frames(video, 0.2)
            if 1.5 < t < duration - 0.5 and frame_is_empty(frame)
        ]
        assert not empty, f"{spec.name}: empty frames at {empty} s"
    # Asked again, nothing has changed: every scene is skipped.
    again = render_cli("scenes", "render", "--quality", "preview", build=build_dir, timeout=300)
    assert again.stdout.count(": unchanged") == len(SCENES)
