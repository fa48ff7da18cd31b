"""Explorables: the framework (pages, data, errors) and the ball-slicing explorable in Chromium.

Each other chapter's explorable has its own test module (test_explorable_<chapter>.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from experiments.core.errors import UserError
from tests import explorables
from tests.explorables import (
    PHONE,
    build_page,
    check_screenshot,
    open_page,
    press,
    readout,
    results_from,
    slider_value,
    width_on_a_phone,
)

browser, offline = explorables.browser, explorables.offline  # the fixtures this module uses


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    from experiments.core.store import ResultStore

    return ResultStore(tmp_path_factory.mktemp("explorable-results"))


@pytest.fixture(scope="module")
def ball(store, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """The ball-slicing page from the quick preset's result, its data and the stored arrays."""
    result = results_from(store)
    build = tmp_path_factory.mktemp("explorables") / "build"
    path, data = build_page("ball-slicing", result, build)
    return path, data, result("ball-slices").arrays


# --- the framework ------------------------------------------------------------------------------


def test_a_page_embeds_the_stored_numbers_and_loads_nothing(ball) -> None:
    path, data, arrays = ball
    text = path.read_text(encoding="utf-8")
    embedded = json.loads(re.search(r'id="hidim-data">(.*?)</script>', text, re.S).group(1))
    assert embedded == data
    np.testing.assert_array_equal(embedded["sweep_dims"], arrays["sweep_dims"])
    np.testing.assert_array_equal(embedded["sweep_tv"], arrays["sweep_tv"])  # as stored, exact
    # self-contained: no file, script or style from elsewhere
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)=", text)


def test_every_chapter_with_an_explorable_has_its_files() -> None:
    from scenes.production.explorables import with_explorables

    specs = with_explorables()
    assert len(specs) >= 4
    for spec in specs:
        assert (spec.folder / "explorable.py").is_file(), spec.name
        assert (spec.folder / "explorable.js").is_file(), spec.name
        assert spec.explorable.hint.strip() and spec.explorable.title.strip()


def test_a_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    import dataclasses

    from scenes.kit.chapter import Explorable
    from scenes.manifest import get_scene
    from scenes.production.explorables import explorable_data, render_explorable

    # a chapter that declares an explorable in a folder that has neither of its files
    spec = dataclasses.replace(
        get_scene("cube-clt"), name="no-such-chapter", explorable=Explorable(title="t", hint="h")
    )
    assert not spec.folder.exists()
    with pytest.raises(UserError, match=r"no scenes/chapters/no_such_chapter/explorable\.js"):
        render_explorable(spec, {})
    with pytest.raises(UserError, match=r"no scenes/chapters/no_such_chapter/explorable\.py"):
        explorable_data(spec, lambda name: None)


def test_data_that_is_not_a_dict_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenes.manifest import get_scene
    from scenes.production import explorables

    monkeypatch.setattr(explorables, "_data_function", lambda spec: lambda result: [1, 2])
    with pytest.raises(UserError, match=r"data\(\) must return a dict, not list"):
        explorables.explorable_data(get_scene("ball-slicing"), lambda name: None)


def test_text_that_closes_a_script_cannot_end_it(ball) -> None:
    from scenes.manifest import get_scene
    from scenes.production.explorables import render_explorable

    page = render_explorable(get_scene("ball-slicing"), {"note": "</script><b>x</b>"})
    body = re.search(r'id="hidim-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(body) == {"note": "</script><b>x</b>"}


# --- ball slicing -------------------------------------------------------------------------------


def test_ball_closed_forms_match_the_stored_arrays(ball, offline) -> None:
    """The page's own TV, density and profile against the experiment's exact arrays, 1e-9."""
    path, _, arrays = ball
    page = open_page(offline, path)
    dims = [int(d) for d in arrays["sweep_dims"]]
    tv = page.evaluate("(ds) => ds.map((d) => window.hidim.tv(d))", dims)
    np.testing.assert_allclose(tv, arrays["sweep_tv"], rtol=0, atol=1e-9)
    z, x = arrays["z"].tolist(), arrays["x"].tolist()
    for i, d in enumerate(int(d) for d in arrays["dims"]):
        density = page.evaluate("([zs, d]) => zs.map((z) => window.hidim.density(z, d))", [z, d])
        np.testing.assert_allclose(density, arrays["density"][i], rtol=0, atol=1e-9)
        profile = page.evaluate("([xs, d]) => xs.map((x) => window.hidim.profile(x, d))", [x, d])
        np.testing.assert_allclose(profile, arrays["slice_profile"][i], rtol=0, atol=1e-9)


def test_ball_sliders_move_by_keyboard_to_the_stored_values(ball, offline) -> None:
    path, _, arrays = ball
    page = open_page(offline, path)
    stored = dict(zip(arrays["sweep_dims"].tolist(), arrays["sweep_tv"], strict=True))
    press(page, "d", "Home")  # d = 1
    assert slider_value(page, "d") == 1
    assert readout(page, "tv")[0] == pytest.approx(stored[1], abs=1e-9)
    press(page, "d", "ArrowRight", 200)  # 200 of 600 steps over three decades: d = 10
    assert slider_value(page, "d") == pytest.approx(10, rel=1e-12)
    tv, text = readout(page, "tv")
    assert tv == pytest.approx(stored[10], abs=1e-9)
    assert text == f"{stored[10]:.4g}"
    assert page.get_attribute("#slider-d", "aria-valuetext") == "dimension d = 10.0"
    press(page, "d", "End")  # d = 1000
    assert readout(page, "tv")[0] == pytest.approx(stored[1000], abs=1e-9)
    scaled = readout(page, "scaled")[0]
    assert scaled == pytest.approx(1002 * stored[1000], abs=1e-9)
    # the slice height: 0.30 at first, 0.50 after 40 steps; its area is (1 - x^2)^((d-1)/2)
    press(page, "x", "ArrowRight", 40)
    assert slider_value(page, "x") == pytest.approx(0.5)
    area, _ = readout(page, "area")
    assert area == pytest.approx(0.75 ** (999 / 2), rel=1e-12)
    z, text = readout(page, "z")
    assert z == pytest.approx(0.5 * np.sqrt(1002), rel=1e-12)
    assert "beyond the right-hand plot" in text  # z = 15.8: the marker is off that plot
    assert readout(page, "var")[0] == pytest.approx(1 / 1002, rel=1e-12)
    assert offline.failures == [] and offline.errors == []


def test_ball_page_looks_as_it_did(ball, offline) -> None:
    path, _, _ = ball
    page = open_page(offline, path)
    check_screenshot(page, "ball-slicing")


def test_ball_page_fits_a_phone(ball, offline) -> None:
    path, _, _ = ball
    page = open_page(offline, path)
    # nothing wider than the screen: no sideways scrolling
    assert width_on_a_phone(page) <= PHONE["width"]


# --- where the reader finds them ----------------------------------------------------------------


def test_slides_of_a_chapter_with_an_explorable_link_it() -> None:
    from bs4 import BeautifulSoup

    from scenes.production.slides import EXPLORABLE_KEY, add_captions

    deck = (
        "<html><head></head><body><div class='slides'>"
        "<section>one</section><section>two</section><section>three</section>"
        "</div></body></html>"
    )
    links = [None, "../explorables/ball-slicing.html", "../explorables/ball-slicing.html"]
    soup = BeautifulSoup(add_captions(deck, ["a", "b", "c"], explorables=links), "html.parser")
    sections = soup.select("div.slides > section")
    assert [s.get("data-explorable") for s in sections] == links
    anchor = soup.select_one("#hidim-explorable")
    assert anchor is not None and EXPLORABLE_KEY in anchor.text
    assert "Reveal.addKeyBinding" in soup.find_all("script")[-1].string
    # a deck without explorables has no link and no script for one
    plain = BeautifulSoup(add_captions(deck, ["a", "b", "c"]), "html.parser")
    assert plain.select_one("#hidim-explorable") is None
    with pytest.raises(RuntimeError, match="3 slides but 2 explorable links"):
        add_captions(deck, ["a", "b", "c"], explorables=links[:2])


def test_the_gallery_frames_the_explorable_at_its_height(ball, offline) -> None:
    """In the chapter's section of the gallery, the explorable's frame grows to its page's
    height (the page tells it; no scrollbar in the frame)."""
    from scenes.production.gallery import write_gallery

    path, _, _ = ball
    gallery = write_gallery(path.parents[1])
    page = offline.open(gallery)
    frame = page.locator("#explorable-ball-slicing iframe")
    frame.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('#explorable-ball-slicing iframe').style.height !== ''",
        timeout=10_000,
    )
    inner = page.frame_locator("#explorable-ball-slicing iframe")
    bottom = inner.locator("#explorable").evaluate("e => e.getBoundingClientRect().bottom")
    height = frame.evaluate("f => f.getBoundingClientRect().height")
    assert bottom < height < bottom + 60
    assert offline.failures == [] and offline.errors == []
