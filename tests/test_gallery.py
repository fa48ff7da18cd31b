"""The gallery page: the decks and handouts, then each chapter in talk order with its video and
its figures, captions with their maths drawn, working relative links, nothing from the network."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import render
from figures import all_figures
from scenes.manifest import SCENES
from scenes.production import gallery
from scenes.production.gallery import caption_html, math_svg, write_gallery


def fake_video(build: Path, name: str, quality: str = "preview", duration: float = 39.9) -> None:
    folder = build / "videos" / quality
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.mp4").write_bytes(b"\x00")
    (folder / f"{name}.png").write_bytes(b"\x00")
    (folder / f"{name}.stamp.json").write_text(json.dumps({"duration": duration}))


def fake_figure(build: Path, name: str) -> None:
    figures = build / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    (figures / f"{name}.png").write_bytes(b"\x00")
    (figures / f"{name}.pdf").write_bytes(b"\x00")


def fake_build(build: Path) -> None:
    """Files as the renderers leave them: a video, poster and stamp; a figure PNG and PDF."""
    fake_video(build, SCENES[0].name)
    fake_figure(build, "toy-fits")


def test_gallery_lists_what_was_built_with_relative_links(build_dir: Path) -> None:
    fake_build(build_dir)
    page = write_gallery().read_text()
    assert f'id="video-{SCENES[0].name}-preview"' in page and "39.9 s" in page
    assert 'id="figure-toy-fits"' in page and 'href="figures/toy-fits.pdf"' in page
    assert page.count("<video") == 1 and page.count("<img") == 1
    # Offline: no script (no explorable here), nothing loaded from the network, and every local
    # reference exists.
    assert "<script" not in page
    assert not re.search(r"(src|href)=\"https?:", page)
    for ref in re.findall(r'(?:src|href|poster)="([^"#]+)"', page):
        assert (build_dir / ref).exists(), ref


def test_gallery_is_in_talk_order_grouped_by_chapter(build_dir: Path) -> None:
    # built in another order than the talk's: the page still follows the manifest
    last, first = SCENES[-1], SCENES[0]
    fake_video(build_dir, last.name)
    fake_video(build_dir, first.name, "lecture")
    fake_video(build_dir, first.name, "preview")
    for spec in (last, first):
        for name in spec.figures:
            fake_figure(build_dir, name)
    soup = BeautifulSoup(write_gallery().read_text(), "html.parser")
    sections = soup.select("section[id^=chapter-]")
    assert [s["id"] for s in sections] == [f"chapter-{s.name}" for s in SCENES]
    for number, (section, spec) in enumerate(zip(sections, SCENES, strict=True), start=1):
        heading = section.find("h2").get_text(" ", strip=True)
        assert heading.startswith(f"{number}.")
        if "$" not in spec.title:
            assert heading == f"{number}. {spec.title}"
        # the chapter's videos, best quality first, then its figures in the manifest's order
        qualities = {first.name: ["lecture", "preview"], last.name: ["preview"]}
        expected = [f"video-{spec.name}-{q}" for q in qualities.get(spec.name, [])]
        if spec.name in qualities:
            expected += [f"figure-{name}" for name in spec.figures]
        assert [f["id"] for f in section.select("figure")] == expected
    assert soup.select_one("#chapter-other") is None
    # the chapter list links every chapter
    assert [a["href"] for a in soup.select("nav a")] == [f"#chapter-{s.name}" for s in SCENES]


def test_a_figure_of_no_chapter_is_shown_last(
    build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = next(s for s in SCENES if s.figures)
    orphan = spec.figures[0]
    scenes = tuple(
        dataclasses.replace(s, figures=s.figures[1:]) if s is spec else s for s in SCENES
    )
    monkeypatch.setattr(gallery, "SCENES", scenes)
    fake_figure(build_dir, orphan)
    soup = BeautifulSoup(write_gallery().read_text(), "html.parser")
    other = soup.select("section")[-1]
    assert other["id"] == "chapter-other"
    assert [f["id"] for f in other.select("figure")] == [f"figure-{orphan}"]


def test_text_from_chapters_and_stamps_is_escaped_not_run(
    build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the page is autoescaped: only the captions' drawn maths is inserted as HTML
    spec = dataclasses.replace(
        SCENES[0],
        title="A <script>alert(1)</script> title",
        caption="Shows <script>alert(2)</script> & $x$ <b>bold</b>",
    )
    monkeypatch.setattr(gallery, "SCENES", (spec, *SCENES[1:]))
    fake_video(build_dir, spec.name)
    stamp = build_dir / "videos" / "preview" / f"{spec.name}.stamp.json"
    stamp.write_text(json.dumps({"duration": 1.0, "voice": '<img src=x onerror="alert(3)">'}))
    page = write_gallery().read_text()
    assert "<script" not in page and "<b>bold" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt; &amp;" in page
    assert "narrated (&lt;img src=x onerror=&#34;alert(3)&#34;&gt;)" in page
    soup = BeautifulSoup(page, "html.parser")
    caption = soup.select_one(f"#video-{spec.name}-preview figcaption")
    assert len(caption.find_all("svg")) == 1  # the maths is still drawn
    assert "Shows <script>alert(2)</script> & " in caption.get_text()
    assert soup.select_one(f"#chapter-{spec.name} h2").get_text().startswith("1. A <script>")


def test_every_figure_belongs_to_exactly_one_chapter() -> None:
    registered = [f.name for f in all_figures()]
    named = Counter(name for spec in SCENES for name in spec.figures)
    assert sorted(n for n, k in named.items() if k > 1) == [], "a figure in two chapters"
    assert sorted(set(named) - set(registered)) == [], "a chapter names no registered figure"
    assert sorted(set(registered) - set(named)) == [], "a figure belongs to no chapter"
    assert gallery.unassigned_figures() == []


def test_every_scene_and_figure_has_a_caption_whose_maths_renders() -> None:
    captions = [s.caption for s in SCENES] + [f.caption for f in all_figures()]
    assert all(c.strip() for c in captions)
    for caption in captions:
        rendered = caption_html(caption)
        formulas = re.findall(r"\$[^$]+\$", caption)
        assert rendered.count("<svg") == len(formulas)
        shown = BeautifulSoup(rendered, "html.parser").get_text()
        assert "$" not in shown and "\\" not in shown, shown  # no raw TeX left on the page


def test_caption_maths_is_an_inline_svg_in_the_text_colour() -> None:
    rendered = caption_html(r"stretched by $\sqrt{d+2}$, lands on $\mathcal{N}(0,1)$ & more")
    soup = BeautifulSoup(rendered, "html.parser")
    svgs = soup.find_all("svg")
    assert len(svgs) == 2 and soup.get_text() == "stretched by , lands on  & more"
    assert "&amp; more" in rendered  # the text around the maths is escaped
    # a formula keeps the punctuation joined to it on its line
    assert svgs[0].parent.name == "span" and svgs[0].parent.get_text() == ","
    assert "nowrap" in gallery.render_html(Path("/nonexistent")).split(".nw{")[1][:20]
    for svg in svgs:
        assert svg["aria-label"] in (r"\sqrt{d+2}", r"\mathcal{N}(0,1)")
        assert svg.path["fill"] == "currentColor" and svg.path["d"].startswith("M")
        assert svg.find("text") is None  # glyphs as paths: no font needed
        height = float(svg["height"].removesuffix("em"))
        drop = float(re.search(r"vertical-align:(-?[\d.]+)em", svg["style"]).group(1))
        assert 0.7 < height < 2.0 and -0.5 < drop <= 0  # one line tall, baseline on the line's
    # a formula that only goes below the baseline as far as its parenthesis does
    deep = BeautifulSoup(math_svg(r"\mathcal{N}(0,1)"), "html.parser").svg
    shallow = BeautifulSoup(math_svg("x"), "html.parser").svg
    assert float(re.search(r"(-?[\d.]+)em", deep["style"]).group(1)) < 0
    assert float(re.search(r"(-?[\d.]+)em", shallow["style"]).group(1)) == 0


def test_bad_caption_maths_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match=r"\\frac\{1\}"):
        caption_html(r"a $\frac{1}$ b")
    with pytest.raises(ValueError, match="unpaired"):
        caption_html("costs $nd parameters")


def test_gallery_command_says_where_it_wrote(
    capsys, build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scenes.manifest import get_scene
    from scenes.production import explorables

    # one chapter's explorable (its result is quick to compute), as every chapter's would be
    monkeypatch.setattr(explorables, "with_explorables", lambda: [get_scene("ball-slicing")])
    assert render.main(["gallery"]) == 0
    said = capsys.readouterr().out
    assert str(build_dir / "index.html") in said
    assert str(build_dir / "explorables" / "ball-slicing.html") in said
    page = (build_dir / "index.html").read_text()
    assert "No videos yet" in page and "No slides yet" in page
    # the chapter's section shows its explorable and links it
    section = page.split('id="chapter-ball-slicing"')[1].split("<section")[0]
    assert 'src="explorables/ball-slicing.html"' in section
    assert 'href="explorables/ball-slicing.html"' in section


def test_the_decks_link_their_handouts_when_they_exist(tmp_path: Path) -> None:
    from scenes.production.gallery import deck_items

    slides = tmp_path / "slides"
    slides.mkdir()
    (slides / "talk-preview.html").write_text("<html></html>")
    (slides / "talk-preview-print.pdf").write_bytes(b"%PDF-1.4")
    (deck,) = deck_items(tmp_path)
    assert deck.print_handout == "slides/talk-preview-print.pdf"
    assert deck.handout is None and deck.light_handout is None
