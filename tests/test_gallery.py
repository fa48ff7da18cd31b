"""The gallery page lists every rendered video and built figure with working relative links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import render
from scenes.gallery import write_gallery
from scenes.manifest import SCENES


def fake_build(build: Path) -> None:
    """Files as the renderers leave them: a video, poster and stamp; a figure PNG and PDF."""
    spec = SCENES[0]
    folder = build / "videos" / "preview"
    folder.mkdir(parents=True)
    (folder / f"{spec.name}.mp4").write_bytes(b"\x00")
    (folder / f"{spec.name}.png").write_bytes(b"\x00")
    (folder / f"{spec.name}.stamp.json").write_text(json.dumps({"duration": 39.9}))
    figures = build / "figures"
    figures.mkdir()
    (figures / "toy-fits.png").write_bytes(b"\x00")
    (figures / "toy-fits.pdf").write_bytes(b"\x00")


def test_gallery_lists_what_was_built_with_relative_links(build_dir: Path) -> None:
    fake_build(build_dir)
    page = write_gallery().read_text()
    assert f'id="video-{SCENES[0].name}-preview"' in page and "39.9 s" in page
    assert 'id="figure-toy-fits"' in page and 'href="figures/toy-fits.pdf"' in page
    assert page.count("<video") == 1 and page.count("<img") == 1
    # Offline: nothing loaded from the network, and every local reference exists.
    assert not re.search(r"(src|href)=\"https?:", page)
    for ref in re.findall(r'(?:src|href|poster)="([^"]+)"', page):
        assert (build_dir / ref).exists(), ref


def test_gallery_command_says_where_it_wrote(capsys, build_dir: Path) -> None:
    assert render.main(["gallery"]) == 0
    assert str(build_dir / "index.html") in capsys.readouterr().out
    assert "No videos yet" in (build_dir / "index.html").read_text()
