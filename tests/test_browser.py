"""A real browser: headless Chromium opens the slides and the gallery from file:// offline.

Every request other than file:, data: and blob: is refused and recorded, so a page that would
need the network fails here exactly as it would on a laptop with none.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import REFERENCE_DIR, compare_images

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
VIEWPORT = {"width": 960, "height": 540}
LOCAL = ("file:", "data:", "blob:")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Debian's chromium driven by Playwright (no browser download). Missing tools skip the
    tests on a developer's machine but fail them in CI, where `make test` installs both."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if CHROMIUM is None or sync_playwright is None:
        why = "chromium or playwright missing (make test installs them)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


class OfflinePage:
    """A page whose network is blocked; ``failures`` lists blocked or failed requests and
    ``errors`` the page's script errors."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport=VIEWPORT)
        self.failures: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("requestfailed", self._failed)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _failed(self, request) -> None:
        # Chromium cancels the rest of a video file once it has what it needs (preload=
        # "metadata"): an aborted media fetch is not a failure. Each test checks its videos.
        if request.resource_type == "media" and request.failure == "net::ERR_ABORTED":
            return
        self.failures.append(f"{request.url[:80]} {request.failure}")

    def _route(self, route) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.failures.append(f"network request {route.request.url}")
            route.abort()

    def open(self, path: Path):
        self.page.goto(path.resolve().as_uri(), wait_until="load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def offline(browser) -> Iterator[OfflinePage]:
    page = OfflinePage(browser)
    yield page
    page.close()


FIRST_VIDEO_READY = """() => {
  const v = document.querySelector('video');
  return v !== null && v.readyState >= 1 && v.duration > 0;
}"""

SHOW_END_OF_FIRST_SLIDE = """async () => {
  const v = document.querySelector('video');
  v.pause();
  const seeked = new Promise(done => v.addEventListener('seeked', done, {once: true}));
  v.currentTime = Math.max(0, v.duration - 0.05);
  await seeked;
  return v.duration;
}"""


def test_slides_play_offline_and_step_through_beats(talk, offline: OfflinePage) -> None:
    from PIL import Image

    page = offline.open(talk.deck.html)
    page.wait_for_function(FIRST_VIDEO_READY, timeout=20_000)
    duration = page.evaluate(SHOW_END_OF_FIRST_SLIDE)
    assert duration > 0
    page.wait_for_timeout(300)  # let the seeked frame reach the screen
    shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"))
    # The last frame of the first slide: the title, the axes and the noisy points.
    compare_images(
        shot, REFERENCE_DIR / "browser" / "slides-first.png", max_rms=8.0, max_bad_fraction=0.01
    )
    assert page.evaluate("Reveal.getIndices().h") == 0
    page.keyboard.press("ArrowRight")  # the lecturer moves on: the next beat plays
    page.wait_for_function("Reveal.getIndices().h === 1", timeout=5_000)
    assert page.evaluate("Reveal.getTotalSlides()") == talk.deck.slides
    assert offline.failures == [] and offline.errors == []


def test_gallery_opens_offline_with_playable_videos(talk, offline: OfflinePage) -> None:
    page = offline.open(talk.gallery)
    page.wait_for_function(FIRST_VIDEO_READY, timeout=20_000)
    duration = page.evaluate("document.querySelector('video').duration")
    assert duration == pytest.approx(talk.rendered.duration, abs=0.2)
    assert page.evaluate("Array.from(document.querySelectorAll('video')).every(v => !v.error)")
    poster_ok = """() => new Promise(done => {
      const img = new Image();
      img.onload = () => done(img.naturalWidth);
      img.onerror = () => done(0);
      img.src = document.querySelector('video').poster;
    })"""
    assert page.evaluate(poster_ok) == 854
    links = page.eval_on_selector_all("a[href^='slides/']", "els => els.map(e => e.href)")
    assert any(link.endswith("smooth-interpolation-preview.html") for link in links)
    # the caption's maths is drawn, one text line tall, in the caption's colour
    maths = page.eval_on_selector_all(
        "#video-smooth-interpolation-preview figcaption svg.math",
        """els => els.map(e => {
          const box = e.getBoundingClientRect(), style = getComputedStyle(e.parentElement);
          return [box.width, box.height, parseFloat(style.fontSize),
                  getComputedStyle(e.querySelector('path')).fill, style.color];
        })""",
    )
    assert maths, "no maths drawn in the caption"
    for width, height, font_size, fill, text_color in maths:
        assert width > 0 and 0.7 * font_size < height < 2.0 * font_size
        assert fill == text_color
    assert offline.failures == [] and offline.errors == []


def test_gallery_video_shows_its_captions_from_file_urls(talk, offline: OfflinePage) -> None:
    """The captions track is inlined as a data: URI (Chromium refuses a .vtt from file://): it
    loads, shows by default, and the cue of the moment is the one of the .vtt file."""
    from scenes.production.subtitles import parse_cues

    cues = parse_cues(talk.rendered.video.with_suffix(".vtt").read_text())
    start, end, text = cues[len(cues) // 2]
    page = offline.open(talk.gallery)
    page.wait_for_function(FIRST_VIDEO_READY, timeout=20_000)
    state = page.evaluate(
        """async (at) => {
          const v = document.querySelector('video'), el = v.querySelector('track');
          if (el.readyState !== 2)
            await new Promise(done => {
              el.addEventListener('load', done);
              setTimeout(done, 5000);
            });
          v.pause();
          const seeked = new Promise(done => v.addEventListener('seeked', done, {once: true}));
          v.currentTime = at;
          await seeked;
          await new Promise(done => setTimeout(done, 200));
          const t = v.textTracks[0];
          return {ready: el.readyState, kind: t.kind, mode: t.mode, count: t.cues.length,
                  active: Array.from(t.activeCues).map(c => c.text)};
        }""",
        (start + end) / 2,
    )
    assert state["ready"] == 2 and state["kind"] == "captions" and state["mode"] == "showing"
    assert state["count"] == len(cues) and state["active"] == [text]
    assert offline.failures == [] and offline.errors == []


def test_slides_show_the_beats_caption_on_the_c_key(talk, offline: OfflinePage) -> None:
    import json

    narration = [
        b["narration"]
        for b in json.loads(talk.rendered.video.with_suffix(".beats.json").read_text())["beats"]
    ]
    page = offline.open(talk.deck.html)
    page.wait_for_function(FIRST_VIDEO_READY, timeout=20_000)
    shown = "getComputedStyle(document.getElementById('hidim-caption')).display"
    assert page.evaluate(shown) == "none"  # off until asked for
    page.keyboard.press("c")
    assert page.evaluate(shown) == "block"
    bar = "document.getElementById('hidim-caption').textContent"
    assert page.evaluate(bar) == narration[0]
    page.keyboard.press("ArrowRight")
    page.wait_for_function("Reveal.getIndices().h === 1", timeout=5_000)
    assert page.evaluate(bar) == narration[1]
    box = page.evaluate(
        "(() => { const r = document.getElementById('hidim-caption').getBoundingClientRect();"
        " return [r.top, r.bottom, r.left, r.right]; })()"
    )
    assert VIEWPORT["height"] * 0.6 < box[0] < box[1] <= VIEWPORT["height"]  # at the bottom
    assert 0 <= box[2] < box[3] <= VIEWPORT["width"]
    page.keyboard.press("c")
    assert page.evaluate(shown) == "none"
    assert offline.failures == [] and offline.errors == []
