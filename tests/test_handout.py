"""The handout: near-duplicate pages left out (checked on synthetic frames), the PDF's pages, and
the theme's light variant that the printable handout is drawn in."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from assets.env import THEME_ENV
from assets.theme import color, load_theme, theme_variant
from scenes.production import handout
from scenes.production.handout import (
    duplicate_reasons,
    near_duplicate,
    page_change,
    write_pdf_pages,
)

BG = "#101318"
W, H = 320, 180


def blank() -> np.ndarray:
    frame = np.empty((H, W, 3), dtype=np.uint8)
    frame[:] = (0x10, 0x13, 0x18)
    return frame


def draw(frame: np.ndarray, x0: int, y0: int, x1: int, y1: int, rgb=(236, 239, 244)) -> np.ndarray:
    out = frame.copy()
    out[y0:y1, x0:x1] = rgb
    return out


def chart() -> np.ndarray:
    """A title, two axes and a curve: a beat's picture."""
    frame = draw(blank(), 100, 8, 220, 20)  # the title
    frame = draw(frame, 30, 150, 290, 152)  # x axis
    frame = draw(frame, 30, 40, 32, 152)  # y axis
    for x in range(40, 280):  # a curve, 3 px thick
        y = int(140 - 90 * np.exp(-(((x - 160) / 40) ** 2)))
        frame[y : y + 3, x] = (86, 180, 233)
    return frame


def test_a_page_the_next_one_repeats_and_adds_to_is_left_out() -> None:
    page = chart()
    assert near_duplicate(page, page.copy(), BG) is not None  # the same picture
    with_mark = draw(page, 200, 40, 202, 150, (213, 94, 0))  # a vertical mark joins the chart
    assert near_duplicate(page, with_mark, BG) is not None
    # a big addition too (8 % of the frame), beside what was there, which is all still there
    legend = draw(page, 200, 30, 290, 80, (0, 158, 115))
    assert page_change(page, legend, BG).changed > 0.05
    assert near_duplicate(page, legend, BG) is not None
    # empty axes followed by their curve: the empty page goes
    empty_axes = draw(draw(draw(blank(), 100, 8, 220, 20), 30, 150, 290, 152), 30, 40, 32, 152)
    assert near_duplicate(empty_axes, page, BG) is not None


def test_a_page_whose_picture_changes_is_kept() -> None:
    page = chart()
    moved = np.roll(page, 12, axis=1)  # the picture slides aside
    assert near_duplicate(page, moved, BG) is None
    dimmed = page.copy()
    ink = (page != blank()).any(-1)
    dimmed[ink & (np.arange(H)[:, None] > 30)] //= 3  # the chart dimmed under a new card
    assert near_duplicate(page, dimmed, BG) is None
    # the sentence that carries the beat changes: another text block in its place
    said = draw(page, 60, 160, 260, 172)
    resaid = draw(page, 80, 160, 240, 172)
    resaid = draw(resaid, 60, 160, 75, 172)
    assert near_duplicate(said, resaid, BG) is None
    # a readout the next page no longer shows, though the rest stays: small, but lost
    readout = draw(page, 262, 30, 280, 36)
    change = page_change(readout, page, BG)
    assert change.lost < handout.MAX_LOST_INK and change.erased > handout.MAX_ERASED
    assert near_duplicate(readout, page, BG) is None
    assert near_duplicate(page, np.zeros((H // 2, W // 2, 3), np.uint8), BG) is None


def test_a_digit_changed_is_a_near_duplicate_and_codec_noise_is_ignored() -> None:
    page = draw(draw(blank(), 240, 30, 246, 40), 250, 30, 256, 40)  # a readout of two digits
    digit = draw(page, 250, 30, 256, 40, (0x10, 0x13, 0x18))
    digit = draw(digit, 251, 32, 257, 41)  # its last digit redrawn: a few dozen pixels
    change = page_change(page, digit, BG)
    assert change.lost > handout.MAX_LOST_INK and change.changed <= handout.MAX_CHANGED
    assert near_duplicate(page, digit, BG) is not None
    rng = np.random.default_rng(0)
    noisy = np.clip(chart().astype(int) + rng.integers(-12, 13, (H, W, 3)), 0, 255)
    assert page_change(chart(), noisy.astype(np.uint8), BG).changed == 0.0


def test_duplicate_reasons_keep_the_last_page_and_each_one_that_adds() -> None:
    empty_axes = draw(draw(blank(), 30, 150, 290, 152), 30, 40, 32, 152)
    page = chart()
    other = draw(blank(), 50, 50, 150, 120, (230, 159, 0))
    reasons = duplicate_reasons([empty_axes, page, other, other.copy()], BG)
    assert [r is None for r in reasons] == [False, True, False, True]
    assert duplicate_reasons([], BG) == []


def test_pdf_pages_are_ten_inches_wide(tmp_path: Path) -> None:
    frames = [chart(), draw(blank(), 10, 10, 50, 50)]
    pdf = write_pdf_pages(frames, tmp_path / "h.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert {(float(w), float(h)) for w, h in boxes} == {(720.0, 405.0)}
    with pytest.raises(ValueError, match="at least one page"):
        write_pdf_pages([], tmp_path / "none.pdf")


# --- the light variant of the theme ------------------------------------------------------------


def test_the_dark_theme_is_the_default_and_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(THEME_ENV, raising=False)
    video = load_theme()["video"]
    assert theme_variant() == "dark"
    assert (video["background"], video["foreground"], video["muted"]) == (
        "#101318",
        "#ECEFF4",
        "#8A93A3",
    )
    assert (video["card"], video["shade"], video["plain"]) == ("#000000", "#1B2330", "#FFFFFF")
    assert color("data", "video") == "#F0E442" and "palette" not in video


def test_the_light_variant_changes_colours_only(monkeypatch: pytest.MonkeyPatch) -> None:
    dark = load_theme("dark")
    monkeypatch.setenv(THEME_ENV, "light")
    light = load_theme()
    assert light is load_theme("light")
    assert light["video"]["background"] == "#FFFFFF"
    changed = {k for k in light["video"] if light["video"][k] != dark["video"].get(k)}
    assert changed == {"background", "foreground", "muted", "plain", "card", "shade", "palette"}
    # yellow is unreadable on white: the data and highlight roles darken on video, not on paper
    assert color("data", "video") != "#F0E442" and color("data") == "#F0E442"
    assert color("ball", "video") == dark["palette"]["ball"]
    assert color("gaussian", "video") == light["video"]["foreground"]
    monkeypatch.setenv(THEME_ENV, "sepia")
    with pytest.raises(ValueError, match="dark, light"):
        load_theme()


def _luminance(hexcode: str) -> float:
    """WCAG relative luminance of an sRGB colour."""
    channels = [int(hexcode.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_every_light_video_colour_reads_on_white() -> None:
    """Text and thin lines on the light handout: contrast at least 3:1 against its background
    for the foreground, muted and every palette role the light variant sets."""
    light = load_theme("light")["video"]
    background = _luminance(light["background"])
    for name in ("foreground", "muted", "plain", *light["palette"]):
        hexcode = light[name] if name in light else light["palette"][name]
        contrast = (background + 0.05) / (_luminance(hexcode) + 0.05)
        assert contrast >= 3.0, f"{name} {hexcode}: contrast {contrast:.1f} on white"
