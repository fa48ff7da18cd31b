"""Lecture slides from the rendered scenes: one offline HTML talk, a PDF handout, optional PPTX.

Rendering a scene (``scenes.production.runner``) also writes its slides with manim-slides: each
``beat()`` of the scene ends a slide, so the video and the slides come from the same scene code and
the same render. This module joins the slides of several scenes, in the manifest's talk order, into

- ``build/slides/<stem>-<quality>.html``: one self-contained reveal.js presentation. The
  videos are embedded as data URIs and reveal.js itself (the npm package ``reveal.js``, pinned in
  ``package.json`` and installed by ``make``) is inlined, so the file opens from ``file://`` on a
  laptop with no network: no CDN request, nothing else to copy.
- ``build/slides/<stem>-<quality>.pdf``: a handout, one page per slide (the slide's last frame),
  near-duplicate pages left out (``scenes.production.handout``); with ``light`` also
  ``<stem>-<quality>-light.pdf``, the same pages rendered on white for print.
- ``build/slides/<stem>-<quality>.pptx`` when asked (needs python-pptx).

The manim-slides files of each scene (``<Class>.json`` and ``files/<Class>/``) live under
``build/slides/<quality>/``.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from experiments.core import paths
from experiments.core.errors import MissingToolError
from experiments.core.fileio import atomic_path
from scenes.kit.chapter import Chapter
from scenes.manifest import SCENES
from scenes.production.outputs import slide_config_path

if TYPE_CHECKING:  # manim-slides is imported where used: it loads manim, slow to start
    from manim_slides.config import PresentationConfig

    from scenes.production.handout import Handout

REVEAL_VERSION = "6.0.1"  # as pinned in package.json; manim-slides 5.7.0's template is for it
REVEAL_DIR = paths.REPO_ROOT / "node_modules" / "reveal.js"
REVEAL_THEME = "black"  # its fonts are embedded as data URIs: no request to a font CDN
TITLE = "hidim: high-dimensional probability for deep learning"
# Placeholder base URL given to manim-slides' template; every asset under it is inlined from
# REVEAL_DIR, and any other remote script or style is an error.
_PLACEHOLDER = "https://reveal.invalid"
_REMOTE = re.compile(r"""^(https?:)?//""", re.IGNORECASE)


@dataclass(frozen=True)
class SlideDeck:
    """What ``build_slides`` wrote."""

    html: Path
    pdf: Path
    pptx: Path | None
    slides: int  # number of slides (one per beat)
    scenes: tuple[str, ...]
    handout: Handout  # the PDF's pages: one per slide, near-duplicates left out
    light: Handout | None = None  # the printable handout on white, when asked for


def slide_notes(spec: Chapter, quality: str) -> list[str]:
    """The speaker notes of each slide of a rendered scene, in order."""
    data = json.loads(slide_config_path(spec, quality).read_text())
    return [str(s.get("notes", "")) for s in data["slides"]]


def talk_order(specs: list[Chapter] | tuple[Chapter, ...]) -> list[Chapter]:
    """``specs`` in the manifest's order (the talk order), each once."""
    wanted = {s.name for s in specs}
    return [s for s in SCENES if s.name in wanted]


def deck_stem(specs: list[Chapter]) -> str:
    """``talk`` for the whole manifest, else the scene names joined by ``+``."""
    if [s.name for s in specs] == [s.name for s in SCENES]:
        return "talk"
    return "+".join(s.name for s in specs)


def deck_path(specs: list[Chapter], quality: str, suffix: str = ".html") -> Path:
    """Where the deck of ``specs`` (in talk order) at ``quality`` is written."""
    return paths.build_dir() / "slides" / f"{deck_stem(specs)}-{quality}{suffix}"


def check_reveal() -> Path:
    """The reveal.js package folder, or a clear error saying how to install it."""
    package = REVEAL_DIR / "package.json"
    if not package.exists():
        raise MissingToolError(
            f"reveal.js is not installed ({REVEAL_DIR} is missing): run `make setup` "
            "(it runs `npm ci`, which needs Node.js and npm)"
        )
    version = json.loads(package.read_text()).get("version")
    if version != REVEAL_VERSION:
        raise MissingToolError(
            f"reveal.js {version} is installed, {REVEAL_VERSION} is needed: run `make setup`"
        )
    return REVEAL_DIR


def _load_presentations(specs: list[Chapter], quality: str) -> list[PresentationConfig]:
    from manim_slides.config import PresentationConfig

    configs: list[PresentationConfig] = []
    for spec in specs:
        path = slide_config_path(spec, quality)
        if not path.exists():
            raise RuntimeError(
                f"no slides for scene '{spec.name}' at {quality} quality ({path} is missing): "
                f"run `render.py scenes render {spec.name} --quality {quality}`"
            )
        configs.append(PresentationConfig.from_file(path))
    return configs


def inline_reveal_assets(page: str, reveal_dir: Path) -> str:
    """Replace the template's reveal.js ``<link>`` and ``<script>`` tags by inline copies of the
    files from ``reveal_dir`` and drop HTML comments; fail on any other remote script or
    stylesheet."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(page, "html.parser")
    assert soup.head is not None, "the slide template has no <head>"
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()  # the template's comments name files that are not there
    for tag, attr in (("link", "href"), ("script", "src")):
        for item in soup.find_all(tag):
            url = item.get(attr)
            if not isinstance(url, str) or not url:
                continue
            if not url.startswith(_PLACEHOLDER + "/"):
                if _REMOTE.match(url):
                    raise RuntimeError(f"the slide template loads {url}: it would not work offline")
                continue
            asset = reveal_dir / url[len(_PLACEHOLDER) + 1 :]
            if not asset.is_file():
                raise MissingToolError(f"reveal.js asset {asset} is missing: run `make setup`")
            text = asset.read_text(encoding="utf-8")
            if tag == "link":
                style = soup.new_tag("style")
                style.string = text
                item.replace_with(style)
            else:
                script = soup.new_tag("script")
                # a literal "</script" inside the code would end the element early
                script.string = text.replace("</script", "<\\/script")
                item.replace_with(script)
    return str(soup)


CAPTION_KEY = "C"  # shows and hides the beat's caption on every slide
_CAPTION_STYLE = (
    "#hidim-caption{display:none;position:fixed;left:50%;bottom:2.5vh;"
    "transform:translateX(-50%);width:max-content;max-width:80vw;padding:0.3em 0.7em;"
    "background:rgba(0,0,0,0.8);color:#fff;font-family:'DejaVu Sans',sans-serif;"
    "font-size:max(16px,3vh);line-height:1.35;border-radius:0.25em;text-align:center;"
    "z-index:30}"
    "body.hidim-captions #hidim-caption:not(:empty){display:block}"
)
# the bar shows the caption of the slide on screen (its data-caption); C toggles it
_CAPTION_SCRIPT = """(() => {
  const bar = document.getElementById('hidim-caption');
  const show = () => { bar.textContent = Reveal.getCurrentSlide()?.dataset.caption || ''; };
  Reveal.on('ready', show);
  Reveal.on('slidechanged', show);
  if (Reveal.isReady()) show();
  Reveal.addKeyBinding({keyCode: %d, key: '%s', description: 'Show or hide captions'},
    () => document.body.classList.toggle('hidim-captions'));
})();"""


def slide_captions(specs: list[Chapter], quality: str) -> list[str]:
    """The caption of every slide of ``specs`` (talk order): its beat's narration, from the
    beats record beside the scene's video; "" for the slides of a scene rendered without one."""
    captions: list[str] = []
    for spec in specs:
        slides = len(json.loads(slide_config_path(spec, quality).read_text())["slides"])
        record = paths.videos_dir() / quality / f"{spec.name}.beats.json"
        beats = json.loads(record.read_text())["beats"] if record.exists() else []
        if len(beats) != slides:
            beats = [{"narration": ""}] * slides
        captions += [str(b["narration"]) for b in beats]
    return captions


EXPLORABLE_KEY = "E"  # opens the chapter's explorable from any of its slides
_EXPLORABLE_STYLE = (
    "#hidim-explorable{display:none;position:fixed;right:1.2vw;top:1.2vh;z-index:30;"
    "padding:0.25em 0.6em;border-radius:0.25em;background:rgba(0,0,0,0.6);color:#fff;"
    "font-family:'DejaVu Sans',sans-serif;font-size:max(13px,1.8vh);text-decoration:none}"
    "#hidim-explorable:focus-visible,#hidim-explorable:hover{text-decoration:underline}"
    "#hidim-explorable[href]{display:block}"
)
# the link shows on the slides of a chapter with an explorable (their data-explorable); E opens it
_EXPLORABLE_SCRIPT = """(() => {
  const link = document.getElementById('hidim-explorable');
  const show = () => {
    const href = Reveal.getCurrentSlide()?.dataset.explorable;
    if (href) link.setAttribute('href', href); else link.removeAttribute('href');
  };
  Reveal.on('ready', show);
  Reveal.on('slidechanged', show);
  if (Reveal.isReady()) show();
  Reveal.addKeyBinding({keyCode: %d, key: '%s', description: "Open the chapter's explorable"},
    () => { if (link.hasAttribute('href')) window.open(link.href, '_blank'); });
})();"""


def slide_explorables(specs: list[Chapter], quality: str) -> list[str | None]:
    """For every slide of ``specs`` (talk order), its chapter's explorable page relative to the
    deck (``../explorables/<chapter>.html``; written with the gallery), or None."""
    links: list[str | None] = []
    for spec in specs:
        slides = len(json.loads(slide_config_path(spec, quality).read_text())["slides"])
        href = f"../explorables/{spec.name}.html" if spec.explorable is not None else None
        links += [href] * slides
    return links


def add_captions(
    page: str,
    captions: list[str],
    voiced: bool = False,
    explorables: list[str | None] | None = None,
) -> str:
    """``page`` (a reveal.js deck) with each slide's caption, shown and hidden by the key
    :data:`CAPTION_KEY`; with ``voiced`` the first slide's video is no longer muted (reveal.js
    mutes it itself if the browser refuses to play sound before a key is pressed). With
    ``explorables`` (one link or None per slide) the slides of a chapter with an explorable
    show a link to it in their corner, which the key :data:`EXPLORABLE_KEY` also opens."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    sections = soup.select("div.slides > section")
    if len(sections) != len(captions):
        raise RuntimeError(f"{len(sections)} slides but {len(captions)} captions")
    links = explorables if explorables is not None else [None] * len(sections)
    if len(links) != len(sections):
        raise RuntimeError(f"{len(sections)} slides but {len(links)} explorable links")
    for section, text, link in zip(sections, captions, links, strict=True):
        if voiced and section.has_attr("data-background-video-muted"):
            del section["data-background-video-muted"]
        if text:
            section["data-caption"] = text
        if link:
            section["data-explorable"] = link
    style = soup.new_tag("style")
    style.string = _CAPTION_STYLE + (_EXPLORABLE_STYLE if any(links) else "")
    assert soup.head is not None and soup.body is not None, "the deck has no <head> or <body>"
    soup.head.append(style)
    soup.body.append(soup.new_tag("div", attrs={"id": "hidim-caption", "aria-live": "polite"}))
    script = soup.new_tag("script")
    script.string = _CAPTION_SCRIPT % (ord(CAPTION_KEY), CAPTION_KEY)
    soup.body.append(script)
    if any(links):
        anchor = soup.new_tag(
            "a", attrs={"id": "hidim-explorable", "target": "_blank", "rel": "noopener"}
        )
        anchor.string = f"explorable ({EXPLORABLE_KEY}) ↗"
        soup.body.append(anchor)
        script = soup.new_tag("script")
        script.string = _EXPLORABLE_SCRIPT % (ord(EXPLORABLE_KEY), EXPLORABLE_KEY)
        soup.body.append(script)
    return str(soup)


def _quiet():
    """Hide manim-slides' per-slide progress bars (printed on stderr)."""
    return contextlib.redirect_stderr(io.StringIO())


def write_html(
    configs: list[PresentationConfig],
    target: Path,
    title: str = TITLE,
    captions: list[str] | None = None,
    voiced: bool = False,
    explorables: list[str | None] | None = None,
) -> Path:
    """One self-contained reveal.js presentation of ``configs`` at ``target`` (atomic), each
    slide with its ``captions`` and its chapter's explorable link (see :func:`add_captions`)."""
    from manim_slides.convert import RevealJS

    reveal_dir = check_reveal()
    configs = [config.model_copy(deep=True) for config in configs]
    for config in configs:
        for slide in config.slides:
            # the template pastes notes into the page as they are: "<x,u>" would vanish as a tag
            slide.notes = html.escape(slide.notes, quote=False)
    converter = RevealJS(
        presentation_configs=configs,
        one_file=True,
        offline=False,
        cdn_url=_PLACEHOLDER,
        reveal_version=REVEAL_VERSION,
        reveal_theme=REVEAL_THEME,
        title=title,
    )
    with atomic_path(target) as tmp:
        draft = tmp.with_name(tmp.name + ".draft.html")
        try:
            converter.convert_to(draft)
            page = inline_reveal_assets(draft.read_text(encoding="utf-8"), reveal_dir)
            if captions is not None:
                page = add_captions(page, captions, voiced, explorables)
        finally:
            draft.unlink(missing_ok=True)
        tmp.write_text(page, encoding="utf-8")
    return target


def write_pdf(specs: list[Chapter], quality: str, target: Path) -> Handout:
    """The handout (atomic): a page per slide, the slide's last frame, near-duplicates left out."""
    from assets.theme import load_theme
    from scenes.production.handout import slide_frames, write_handout

    frames = slide_frames(specs, quality)
    return write_handout(frames, target, "dark", load_theme()["video"]["background"])


def write_light_pdf(
    specs: list[Chapter],
    quality: str,
    target: Path,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    jobs: int | None = None,
) -> Handout:
    """The printable handout (atomic): each beat's last frame rendered on white."""
    import time

    from scenes.production.handout import LIGHT_BACKGROUND, light_frames, write_handout

    started = time.perf_counter()
    frames = light_frames(specs, quality, preset, overrides, jobs)
    return write_handout(frames, target, "light", LIGHT_BACKGROUND, started)


def write_pptx(configs: list[PresentationConfig], target: Path) -> Path:
    """A PowerPoint file, one embedded video per slide (atomic; needs python-pptx)."""
    try:
        from manim_slides.convert import PowerPoint
    except ImportError as err:  # manim-slides imports python-pptx at module level
        raise MissingToolError(f"PPTX needs python-pptx: pip install python-pptx ({err})") from err

    width, height = configs[0].resolution
    with atomic_path(target) as tmp:
        draft = tmp.with_name(tmp.name + ".draft.pptx")
        try:
            deck = PowerPoint(presentation_configs=configs, width=width, height=height)
            with _quiet():
                deck.convert_to(draft)
            draft.replace(tmp)
        finally:
            draft.unlink(missing_ok=True)
    return target


def build_slides(
    specs: list[Chapter] | tuple[Chapter, ...],
    quality: str,
    pptx: bool = False,
    light: bool = False,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    jobs: int | None = None,
) -> SlideDeck:
    """Join the rendered slides of ``specs`` (talk order) into HTML, a PDF handout and
    optionally PPTX; with ``light`` also the printable handout, its scenes rendered again on
    white with the results of ``preset`` and ``overrides`` (experiment -> settings), as the
    videos were."""
    ordered = talk_order(specs)
    if not ordered:
        raise ValueError("no scenes to make slides of")
    configs = _load_presentations(ordered, quality)
    captions = slide_captions(ordered, quality)
    page = write_html(
        configs,
        deck_path(ordered, quality),
        captions=captions,
        voiced=_voiced(ordered, quality),
        explorables=slide_explorables(ordered, quality),
    )
    handout = write_pdf(ordered, quality, deck_path(ordered, quality, ".pdf"))
    deck_pptx = write_pptx(configs, deck_path(ordered, quality, ".pptx")) if pptx else None
    light_handout = None
    if light:
        target = deck_path(ordered, quality, "-light.pdf")
        light_handout = write_light_pdf(ordered, quality, target, preset, overrides, jobs)
    count = sum(len(c.slides) for c in configs)
    return SlideDeck(
        page,
        handout.pdf,
        deck_pptx,
        count,
        tuple(s.name for s in ordered),
        handout,
        light_handout,
    )


def _voiced(specs: list[Chapter], quality: str) -> bool:
    """Whether any of the scenes' videos at ``quality`` was rendered with a voice."""
    for spec in specs:
        stamp = paths.videos_dir() / quality / f"{spec.name}.stamp.json"
        if stamp.exists() and json.loads(stamp.read_text()).get("voice", "none") != "none":
            return True
    return False


def find_decks(build: Path) -> list[Path]:
    """The slide HTML files in ``build/slides``, newest first."""
    folder = build / "slides"
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.html"), key=lambda p: p.stat().st_mtime, reverse=True)
