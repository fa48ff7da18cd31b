"""Slides: each story beat is a slide; one offline HTML talk; a PDF handout page per slide."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import render
from experiments.core.errors import MissingToolError
from scenes.manifest import SCENES, get_scene
from scenes.production import slides
from scenes.production.cli import lecture


def video_seconds(path: str | Path) -> float:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return float(stream.frames / stream.average_rate)


# --- the slides of a rendered scene -------------------------------------------------------------


def test_each_beat_ends_a_slide_with_its_notes(talk) -> None:
    data = json.loads(talk.rendered.slides.read_text())
    notes = [s["notes"] for s in data["slides"]]
    # SmoothInterpolation has four beats: the points, the spiky fit, the smooth fit, the bound.
    assert len(notes) == 4
    assert notes[0].startswith("Noisy points y_i") and "p = n" in notes[1]
    assert "broken line" in notes[3]
    # Together the slides are the whole video: nothing lost or repeated between beats.
    files = [Path(s["file"]) for s in data["slides"]]
    assert all(f.exists() for f in files)
    total = sum(video_seconds(f) for f in files)
    assert total == pytest.approx(video_seconds(talk.rendered.video), abs=0.3)
    assert data["resolution"] == [854, 480]


def test_rerender_keeps_only_the_slide_files_in_use(talk, monkeypatch: pytest.MonkeyPatch) -> None:
    from scenes.production.runner import render_scene

    folder = talk.rendered.slides.parent / "files" / talk.scene.cls
    # What an earlier render of other animations leaves behind: slide videos no slide uses.
    stale = [folder / "0123456789abcdef.mp4", folder / "fedcba9876543210.mp4"]
    for path in stale:
        path.write_bytes(b"an old slide")
    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    again = render_scene(talk.scene, "preview", force=True)
    assert not again.skipped
    data = json.loads(again.slides.read_text())
    used = {Path(s[k]).name for s in data["slides"] for k in ("file", "rev_file")}
    assert len(data["slides"]) == 4 and all((folder / name).exists() for name in used)
    assert {p.name for p in folder.glob("*.mp4")} == used
    assert not any(path.exists() for path in stale)


def test_html_is_one_self_contained_file(talk) -> None:
    page = talk.deck.html.read_text()
    assert talk.deck.html == talk.build / "slides" / "smooth-interpolation-preview.html"
    # No script, stylesheet, import or font fetched from anywhere: everything is inline.
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert not re.search(r"<link[^>]*\shref=", page)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)
    assert "Reveal.initialize" in page and "RevealNotes" in page
    videos = re.findall(r'data-background-video="([^"]{0,40})', page)
    assert len(videos) == talk.deck.slides == 4
    assert all(v.startswith("data:video/mp4;base64,") for v in videos)
    from bs4 import BeautifulSoup

    notes = [a.get_text() for a in BeautifulSoup(page, "html.parser").select("section aside.notes")]
    assert len(notes) == 4 and notes[0].startswith("Noisy points y_i")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def first_page_image(pdf: bytes):
    """The first page's picture: the handout's pages are JPEG images, one per page."""
    import io

    from PIL import Image

    return Image.open(io.BytesIO(pdf[pdf.index(b"\xff\xd8\xff") :])).convert("RGB")


def test_pdf_handout_has_a_page_per_slide_that_adds_to_the_next(talk) -> None:
    pdf = talk.deck.pdf.read_bytes()
    assert pdf.startswith(b"%PDF")
    handout = talk.deck.handout
    # every slide is considered, in order; a page the next one repeats is left out, with a reason
    assert [(p.scene, p.beat) for p in handout.pages] == [
        ("smooth-interpolation", i) for i in range(talk.deck.slides)
    ]
    assert handout.pages[-1].left_out is None
    assert pdf_pages(pdf) == handout.printed == talk.deck.slides - len(handout.left_out)
    width, height = (
        float(v) for v in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups()
    )
    assert width / height == pytest.approx(854 / 480, rel=0.01)
    page = np.asarray(first_page_image(pdf))
    assert np.median(page.reshape(-1, 3), axis=0).max() < 40  # the dark screen theme


def test_light_handout_is_on_white_and_reused_when_unchanged(
    talk, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scenes.production import handout

    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    monkeypatch.setattr(handout, "LIGHT_MIN_WIDTH", 854)  # small and fast for the test
    assert render.main(["slides", "smooth-interpolation", "--light-handout"]) == 0
    said = capsys.readouterr().out
    target = talk.build / "slides" / "smooth-interpolation-preview-light.pdf"
    assert "handout (light): " in said and str(target) in said.replace("\n", "")
    pdf = target.read_bytes()
    frames = sorted((talk.build / "slides" / "light" / talk.scene.cls).glob("beat-*.png"))
    assert len(frames) == talk.deck.slides  # every beat, rendered again on white
    printed = int(re.search(r"handout \(light\): (\d+) pages", said).group(1))
    assert pdf_pages(pdf) == printed and 1 <= printed <= talk.deck.slides
    page = np.asarray(first_page_image(pdf)).astype(int)
    assert page.shape[1] == 854
    assert np.median(page.reshape(-1, 3), axis=0).min() > 245  # a white page
    assert (page[:4].min(), page[-4:].min()) >= (245, 245)  # white to its edges
    dark = (page.max(axis=-1) < 90).mean()  # near-black ink: the title, the labels
    assert 0.002 < dark < 0.2
    # unchanged scene: its light frames are reused, not rendered again
    stamps = [f.stat().st_mtime_ns for f in frames]
    assert render.main(["slides", "smooth-interpolation", "--light-handout"]) == 0
    assert [f.stat().st_mtime_ns for f in frames] == stamps
    # and the gallery links it
    from scenes.production.gallery import write_gallery

    page_html = write_gallery().read_text()
    assert 'href="slides/smooth-interpolation-preview-light.pdf"' in page_html


def test_pptx_has_one_slide_per_beat(talk, monkeypatch: pytest.MonkeyPatch) -> None:
    pptx = pytest.importorskip("pptx")
    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    deck = slides.build_slides([talk.scene], "preview", pptx=True)
    assert deck.pptx is not None
    assert len(pptx.Presentation(str(deck.pptx)).slides) == 4


def test_gallery_links_the_deck_and_handout(talk) -> None:
    page = talk.gallery.read_text()
    assert 'href="slides/smooth-interpolation-preview.html"' in page
    assert 'href="slides/smooth-interpolation-preview.pdf"' in page
    assert 'id="video-smooth-interpolation-preview"' in page


# --- talk order, names, errors --------------------------------------------------------------------


def test_talk_order_is_the_manifest_order() -> None:
    picked = [get_scene("how-big"), get_scene("ball-slicing"), get_scene("how-big")]
    assert [s.name for s in slides.talk_order(picked)] == ["ball-slicing", "how-big"]
    assert slides.deck_stem(slides.talk_order(picked)) == "ball-slicing+how-big"
    assert slides.deck_stem(list(SCENES)) == "talk"


def test_inlining_replaces_reveal_tags_and_refuses_other_remote_assets(tmp_path: Path) -> None:
    reveal = tmp_path / "reveal.js"
    (reveal / "dist").mkdir(parents=True)
    (reveal / "dist" / "reveal.css").write_text(".reveal{color:red}")
    (reveal / "dist" / "reveal.js").write_text("var s = '</script>'; window.Reveal = {};")
    base = slides._PLACEHOLDER
    page = (
        f'<html><head><link rel="stylesheet" href="{base}/dist/reveal.css"></head><body>'
        f'<script src="{base}/dist/reveal.js"></script></body></html>'
    )
    out = slides.inline_reveal_assets(page, reveal)
    assert "<style>.reveal{color:red}</style>" in out
    assert "window.Reveal = {};" in out and "<\\/script>" in out
    assert base not in out
    with pytest.raises(RuntimeError, match="would not work offline"):
        slides.inline_reveal_assets('<html><head></head><script src="https://x.org/a.js">', reveal)
    with pytest.raises(MissingToolError, match="make setup"):
        slides.inline_reveal_assets(f'<html><head></head><script src="{base}/dist/x.js">', reveal)


def test_missing_reveal_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(slides, "REVEAL_DIR", tmp_path / "nowhere")
    with pytest.raises(MissingToolError, match="make setup"):
        slides.check_reveal()


def test_slides_of_an_unknown_scene_exit_2(capsys) -> None:
    assert render.main(["slides", "ball-slice"]) == 2
    err = capsys.readouterr().err
    assert "unknown scene 'ball-slice'" in err and "ball-slicing" in err


def test_present_without_slides_says_what_to_run(capsys) -> None:
    assert render.main(["present", "how-big"]) == 2
    assert "render.py slides how-big --quality preview" in capsys.readouterr().err


def test_present_without_qt_prints_the_html_path(
    talk, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    monkeypatch.setattr(lecture, "qt_binding", lambda: None)
    assert render.main(["present", "smooth-interpolation", "--no-browser"]) == 0
    said = capsys.readouterr().out
    assert "no Qt binding" in said and "manim-slides[pyside6]" in said
    assert str(talk.deck.html) in said.replace("\n", "")


# What Qt 6.12 prints, and how it ends, when its xcb plugin lacks an X library (seen here, with
# libxcb-icccm4 and libxcb-keysyms1 missing: Qt names libxcb-cursor0 whichever is missing).
_QT_XCB_FAILURE = """import os, sys
sys.stderr.write(
    "qt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb "
    "platform plugin.\\nqt.qpa.plugin: Could not load the Qt platform plugin \\"xcb\\" in \\"\\" "
    "even though it was found.\\nThis application failed to start because no Qt platform plugin "
    "could be initialized.\\n"
)
sys.stderr.flush()
os.abort()
"""


def test_present_when_qt_cannot_start_says_which_libraries_in_one_line(
    talk, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    monkeypatch.setattr(lecture, "qt_binding", lambda: "PySide6")
    monkeypatch.setattr(lecture, "has_display", lambda: True)
    monkeypatch.setattr(lecture, "QT_PROBE", _QT_XCB_FAILURE)
    assert render.main(["present", "smooth-interpolation", "--no-browser"]) == 0
    captured = capsys.readouterr()
    said = captured.out.replace("\n", "")
    assert "Qt cannot load its xcb platform plugin" in said
    assert "apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in said
    assert str(talk.deck.html) in said  # and the HTML slides instead
    assert "qt.qpa.plugin" not in captured.out + captured.err  # not Qt's own page

    other = "import sys; sys.exit('QXcbConnection: Could not connect to display')"
    monkeypatch.setattr(lecture, "QT_PROBE", other)
    assert render.main(["present", "smooth-interpolation", "--no-browser"]) == 0
    said = capsys.readouterr().out.replace("\n", "")
    assert "cannot start Qt (QXcbConnection: Could not connect to display)" in said


def test_the_qt_probe_passes_where_qt_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lecture, "QT_PROBE", "print('xcb')")
    assert lecture.qt_problem() is None
