"""Slides: each story beat is a slide; one offline HTML talk; a PDF handout page per slide."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import render
from experiments.errors import MissingToolError
from scenes import slides
from scenes.manifest import SCENES, get_scene


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
    from scenes.runner import render_scene

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


def test_pdf_handout_has_one_page_per_slide(talk) -> None:
    pdf = talk.deck.pdf.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == talk.deck.slides == 4
    width, height = (
        float(v) for v in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups()
    )
    assert width / height == pytest.approx(854 / 480, rel=0.01)


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
    monkeypatch.setattr(render, "_qt_binding", lambda: None)
    assert render.main(["present", "smooth-interpolation", "--no-browser"]) == 0
    said = capsys.readouterr().out
    assert "no Qt binding" in said and "manim-slides[pyside6]" in said
    assert str(talk.deck.html) in said.replace("\n", "")
