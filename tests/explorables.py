"""What the explorables' tests share: build a chapter's page from given results, open it in
headless Chromium with the network refused, move its sliders by keyboard, read its readouts.

A test module imports ``browser`` and ``offline`` from here (pytest fixtures) and builds its
page with :func:`build_page`, giving the results it wants (small settings keep tests fast)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from tests import test_browser
from tests.conftest import REFERENCE_DIR, compare_images
from tests.test_browser import OfflinePage

# the fixtures a test module takes, re-exported: ``browser, offline = explorables.browser, ...``
browser, offline = test_browser.browser, test_browser.offline

SHOTS = REFERENCE_DIR / "explorables"
VIEWPORT = {"width": 1280, "height": 900}


def results_from(
    store: Any, overrides: Mapping[str, Mapping[str, Any]] | None = None
) -> Callable[[str], Any]:
    """``result(name)`` for a chapter's ``data()``: the quick preset in ``store``, with
    ``overrides[name]`` if given."""
    from experiments.core.store import load

    def result(name: str) -> Any:
        return load(name, overrides=(overrides or {}).get(name), store=store)

    return result


def build_page(chapter: str, result: Callable[[str], Any], build: Path) -> tuple[Path, dict]:
    """Write chapter ``chapter``'s explorable under ``build`` from ``result``; the page's path
    and the data it embeds."""
    from experiments.core.fileio import atomic_write_text
    from scenes.manifest import get_scene
    from scenes.production.explorables import (
        explorable_data,
        explorable_path,
        render_explorable,
    )

    spec = get_scene(chapter)
    data = explorable_data(spec, result)
    path = explorable_path(build, spec.name)
    atomic_write_text(path, render_explorable(spec, data))
    return path, data


def open_page(tab: OfflinePage, path: Path):
    """The page at a fixed viewport, open offline, with no script error."""
    tab.page.set_viewport_size(VIEWPORT)
    page = tab.open(path)
    page.wait_for_selector("#charts svg")
    assert tab.errors == [], tab.errors
    return page


def press(page, slider: str, key: str, times: int = 1) -> None:
    """Focus slider ``slider`` (its name) and press ``key`` ``times`` times."""
    page.focus(f"#slider-{slider}")
    for _ in range(times):
        page.keyboard.press(key)


def slider_value(page, slider: str) -> float:
    return float(page.get_attribute(f"#slider-{slider}", "data-value"))


def readout(page, name: str) -> tuple[float, str]:
    """Readout ``name``'s full-precision value (NaN when it shows none) and its text."""
    value = page.locator(f"#readout-{name} .value")
    raw = value.get_attribute("data-value")
    return (float(raw) if raw else float("nan")), value.inner_text()


PHONE = {"width": 390, "height": 844}  # a phone's screen, in CSS pixels


def width_on_a_phone(page) -> int:
    """The page's width (its scroll width) once the viewport is a phone's: at most
    ``PHONE["width"]`` when nothing makes it scroll sideways."""
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)
    return page.evaluate("document.documentElement.scrollWidth")


def kit_fmt(v: float, digits: int = 3) -> str:
    """What ``kit.fmt(v, digits)`` writes: ``digits`` significant digits, plain from 1e-3 to
    1e5, else m.mm × 10ᵏ with the exponent in superscript characters."""
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e5:
        return f"{v:.{max(0, digits - 1 - int(np.floor(np.log10(abs(v)))))}f}"
    mantissa, exponent = f"{v:.{digits - 1}e}".split("e")
    superscript = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    return f"{mantissa} × 10{str(int(exponent)).translate(superscript)}"


def axis_labels(page) -> list[list[str]]:
    """The tick labels of every axis of every chart on the page, one list per axis."""
    return page.evaluate(
        """() => [...document.querySelectorAll("svg g.axes")].flatMap((g) =>
          ["middle", "end"].map((anchor) =>
            [...g.querySelectorAll(`text.tick[text-anchor=${anchor}]`)]
              .map((t) => t.textContent)))"""
    )


def check_screenshot(page, name: str) -> None:
    """The whole page against ``tests/reference/explorables/<name>.png`` (looked at), and its
    axes labelled consistently: an axis that writes one tick as a power of ten (10⁵) writes
    them all so, not "1000", "10000", then "10⁵"."""
    from PIL import Image

    for labels in axis_labels(page):
        powers = [bool(re.fullmatch("([0-9.]+×)?10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", label)) for label in labels]
        assert all(powers) or not any(powers), labels

    shot = np.asarray(Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB"))
    compare_images(shot, SHOTS / f"{name}.png", max_rms=6.0, max_bad_fraction=0.01)
