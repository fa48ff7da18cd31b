"""``build/index.html``: one static page with the talk's slide decks and handouts, then each
chapter in talk order: its video (poster, contact sheet) and the paper figures that belong to it.

The page is self-contained apart from the files it shows: no fonts or styles from the network,
links relative to the build directory, so it works from ``file://`` on a laptop offline. Its one
script sizes each chapter's explorable (its own page, ``build/explorables/``, in a frame) to the
height that page reports.
The captions (each chapter's declaration, each figure's ``@figure``) mark their mathematics as TeX
between dollars; each formula is drawn here by matplotlib's mathtext as an inline SVG: glyphs as
paths (no font to load), filled with the text's colour, its baseline on the line's.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from assets.theme import load_theme
from experiments.core import paths
from experiments.core.fileio import atomic_write_text
from scenes.kit.chapter import Chapter
from scenes.manifest import SCENES
from scenes.production.outputs import QUALITIES, explorable_path
from scenes.production.sheet import sheet_path
from scenes.production.slides import find_decks

# mathtext is set at this size (points) and scaled to the text's size (1 em) in the page
_MATH_SIZE = 10.0
_MATH_FONTS = "dejavusans"  # mathtext's DejaVu Sans: the page's text face, so the two match
_DOLLARS = re.compile(r"\$([^$]+)\$")
TEMPLATES = Path(__file__).parent / "templates"  # the page's markup (Jinja2)


@dataclass(frozen=True)
class VideoEntry:
    name: str
    caption: str  # TeX between dollars
    quality: str
    video: Path
    poster: Path
    duration: float
    voice: str = "none"


@dataclass(frozen=True)
class FigureEntry:
    name: str
    caption: str  # TeX between dollars
    png: Path
    pdf: Path | None


def find_videos(build: Path, specs: tuple[Chapter, ...] = SCENES) -> list[VideoEntry]:
    """Rendered videos of ``specs`` in talk order, best quality first for each scene."""
    entries = []
    for spec in specs:
        for quality in reversed(list(QUALITIES)):
            folder = build / "videos" / quality
            video, poster = folder / f"{spec.name}.mp4", folder / f"{spec.name}.png"
            if not video.exists():
                continue
            stamp = folder / f"{spec.name}.stamp.json"
            try:
                info = json.loads(stamp.read_text())
            except (OSError, ValueError):
                info = {}
            duration = float(info.get("duration", 0.0))
            voice = str(info.get("voice", "none"))
            entries.append(
                VideoEntry(spec.name, spec.caption, quality, video, poster, duration, voice)
            )
    return entries


def find_figures(build: Path, names: list[str] | None = None) -> list[FigureEntry]:
    """Every built figure among ``names`` (all registered figures if None), in that order."""
    from figures import all_figures, get_figure

    specs = all_figures() if names is None else [get_figure(n) for n in names]
    out = []
    for spec in specs:
        png, pdf = build / "figures" / f"{spec.name}.png", build / "figures" / f"{spec.name}.pdf"
        if png.exists():
            out.append(FigureEntry(spec.name, spec.caption, png, pdf if pdf.exists() else None))
    return out


def unassigned_figures() -> list[str]:
    """Registered figures that no chapter names (``Chapter.figures``), in registry order."""
    from figures import all_figures

    named = {f for spec in SCENES for f in spec.figures}
    return [spec.name for spec in all_figures() if spec.name not in named]


# --- maths -------------------------------------------------------------------------------------


def _svg_path_data(path) -> str:
    """A matplotlib path (y up) as SVG path data (y down)."""
    from matplotlib.path import Path as MplPath

    out = []
    for points, code in path.iter_segments():
        xy = [f"{v:.2f}" for pair in zip(points[::2], -points[1::2], strict=True) for v in pair]
        if code == MplPath.MOVETO:
            out.append("M" + " ".join(xy))
        elif code == MplPath.LINETO:
            out.append("L" + " ".join(xy))
        elif code == MplPath.CURVE3:
            out.append("Q" + " ".join(xy))
        elif code == MplPath.CURVE4:
            out.append("C" + " ".join(xy))
        elif code == MplPath.CLOSEPOLY:
            out.append("Z")
    return "".join(out).replace(" -", "-")


def math_svg(tex: str) -> str:
    """The TeX formula ``tex`` (without dollars) as an inline ``<svg>`` in the text's colour, on
    its baseline, typeset by the scenes' maths backend: MathJax when the scenes use it
    (``--math``, ``HIDIM_MATH``), else matplotlib's mathtext; neither needs TeX or a network."""
    from scenes.kit.mathjax import inline_svg, resolve

    return inline_svg(tex) if resolve() == "mathjax" else mathtext_svg(tex)


@cache
def mathtext_svg(tex: str) -> str:
    """``tex`` by mathtext: its glyphs as paths in the text's colour, one em per text size, its
    baseline on the line's. A formula mathtext cannot read is an error (``ValueError``) naming
    it."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath, TextToPath

    prop = FontProperties(family="DejaVu Sans", size=_MATH_SIZE, math_fontfamily=_MATH_FONTS)
    source = f"${tex}$"
    try:
        width, height, depth = TextToPath().get_text_width_height_descent(source, prop, True)
        path = TextPath((0, 0), source, prop=prop)
    except ValueError as err:
        raise ValueError(f"caption maths ${tex}$ is not mathtext: {err}") from err
    ext = path.get_extents()
    x0, x1 = min(0.0, ext.x0), max(width, ext.x1)
    top, bottom = max(height - depth, ext.y1), max(depth, -ext.y0)  # above / below the baseline
    em = _MATH_SIZE

    def size(v: float) -> str:
        return f"{v / em:.3f}em"

    return (
        f'<svg class="math" role="img" aria-label="{html.escape(tex, quote=True)}" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.2f} {-top:.2f} {x1 - x0:.2f} '
        f'{top + bottom:.2f}" width="{size(x1 - x0)}" height="{size(top + bottom)}" '
        f'style="vertical-align:{size(-bottom)}"><path fill="currentColor" '
        f'd="{_svg_path_data(path)}"/></svg>'
    )


def caption_html(caption: str) -> str:
    """A caption with its ``$...$`` formulas as inline SVG and the rest escaped. A formula and
    the characters joined to it ("$N(0,1)$;") stay on one line."""
    parts = _DOLLARS.split(caption)  # text, maths, text, maths, ..., text
    if "$" in "".join(parts[::2]):
        raise ValueError(f"unpaired $ in caption: {caption[:60]!r}")
    maths = [math_svg(tex) for tex in parts[1::2]]
    # each formula as a placeholder that contains no space, then word by word
    marked = "".join(p if i % 2 == 0 else f"\0{i // 2}\0" for i, p in enumerate(parts))
    out = []
    for word in re.split(r"(\s+)", marked):
        pieces = word.split("\0")  # text, index, text, index, ..., text
        if len(pieces) == 1:
            out.append(html.escape(word))
            continue
        inner = "".join(
            html.escape(piece) if i % 2 == 0 else maths[int(piece)]
            for i, piece in enumerate(pieces)
        )
        out.append(f'<span class="nw">{inner}</span>')
    return "".join(out)


# --- the page ----------------------------------------------------------------------------------
# Python gathers what is built as plain data; the markup is the templates' (``templates/``).


@dataclass(frozen=True)
class DeckItem:
    """A slide deck as the page lists it: links relative to the build directory."""

    name: str
    href: str
    megabytes: float
    handout: str | None  # the PDF handout, if written
    light_handout: str | None
    print_handout: str | None  # to study from: frames, narration and figures on A4
    pptx: str | None


@dataclass(frozen=True)
class VideoItem:
    """A rendered video as the page shows it."""

    name: str
    quality: str
    resolution: str  # "480p15"
    duration: float  # seconds
    voice: str | None  # None: no voice-over
    src: str
    poster: str
    captions_uri: str | None  # the .vtt inlined (:func:`caption_track_uri`)
    vtt: str | None  # caption files linked, if there is a track
    srt: str | None
    captioned: str | None  # the copy with the captions drawn in
    sheet: str | None  # the contact sheet
    caption: Markup


@dataclass(frozen=True)
class FigureItem:
    """A paper figure as the page shows it."""

    name: str
    png: str
    pdf: str | None
    caption: Markup


@dataclass(frozen=True)
class ExplorableItem:
    """A chapter's explorable as the page shows it: its own page, in a frame."""

    href: str
    title: str


@dataclass(frozen=True)
class ChapterSection:
    """A chapter's section of the page: its number in the talk, its videos, its figures, then
    its explorable (if written)."""

    name: str
    number: int
    title: Markup
    videos: tuple[VideoItem, ...]
    figures: tuple[FigureItem, ...]
    explorable: ExplorableItem | None = None


def _href(path: Path, build: Path) -> str:
    return path.relative_to(build).as_posix()


def _href_if_exists(path: Path, build: Path) -> str | None:
    return _href(path, build) if path.exists() else None


def _safe_caption(caption: str) -> Markup:
    # caption_html escapes the text and draws the maths as our own SVG: safe to insert as it is
    return Markup(caption_html(caption))


def caption_track_uri(video: Path) -> str | None:
    """``video``'s captions (its ``.vtt``) as a ``data:`` URI, or None when it has none.

    The captions are inlined: Chromium refuses a track file from ``file://`` (the page's usual
    home), and the page must work opened from disk."""
    vtt = video.with_suffix(".vtt")
    if not vtt.is_file():
        return None
    return "data:text/vtt;base64," + base64.b64encode(vtt.read_bytes()).decode("ascii")


def deck_items(build: Path) -> list[DeckItem]:
    """The slide decks in ``build``, newest first, with their handouts."""
    return [
        DeckItem(
            name=deck.stem,
            href=_href(deck, build),
            megabytes=deck.stat().st_size / 1e6,
            handout=_href_if_exists(deck.with_suffix(".pdf"), build),
            light_handout=_href_if_exists(deck.with_name(f"{deck.stem}-light.pdf"), build),
            print_handout=_href_if_exists(deck.with_name(f"{deck.stem}-print.pdf"), build),
            pptx=_href_if_exists(deck.with_suffix(".pptx"), build),
        )
        for deck in find_decks(build)
    ]


def video_item(v: VideoEntry, build: Path) -> VideoItem:
    """``v`` with its links relative to ``build`` and its caption drawn."""
    captions_uri = caption_track_uri(v.video)
    # the caption files are linked only beside a track that shows them
    vtt, srt = (
        _href_if_exists(v.video.with_suffix(s), build) if captions_uri else None
        for s in (".vtt", ".srt")
    )
    return VideoItem(
        name=v.name,
        quality=v.quality,
        resolution=QUALITIES[v.quality][1],
        duration=v.duration,
        voice=None if v.voice == "none" else v.voice,
        src=_href(v.video, build),
        poster=_href(v.poster, build),
        captions_uri=captions_uri,
        vtt=vtt,
        srt=srt,
        captioned=_href_if_exists(v.video.with_name(f"{v.video.stem}.captioned.mp4"), build),
        sheet=_href_if_exists(sheet_path(v.video), build),
        caption=_safe_caption(v.caption),
    )


def figure_item(f: FigureEntry, build: Path) -> FigureItem:
    """``f`` with its links relative to ``build`` and its caption drawn."""
    pdf = _href(f.pdf, build) if f.pdf else None
    return FigureItem(f.name, _href(f.png, build), pdf, _safe_caption(f.caption))


def explorable_item(spec: Chapter, build: Path) -> ExplorableItem | None:
    """``spec``'s explorable, if it declares one and its page is written."""
    page = explorable_path(build, spec.name)
    if spec.explorable is None or not page.is_file():
        return None
    return ExplorableItem(_href(page, build), spec.explorable.title)


def gallery_context(build: Path) -> dict[str, Any]:
    """What ``gallery.html.j2`` shows for ``build``: plain data, captions already drawn."""
    theme = load_theme()
    video = theme["video"]
    videos = find_videos(build, SCENES)
    chapters = [
        ChapterSection(
            name=spec.name,
            number=number,
            title=_safe_caption(spec.title or spec.name),
            videos=tuple(video_item(v, build) for v in videos if v.name == spec.name),
            figures=tuple(figure_item(f, build) for f in find_figures(build, list(spec.figures))),
            explorable=explorable_item(spec, build),
        )
        for number, spec in enumerate(SCENES, start=1)
    ]
    return {
        "colours": {
            "background": video["background"],
            "foreground": video["foreground"],
            "muted": video["muted"],
            "link": theme["palette"]["ball"],
        },
        "decks": deck_items(build),
        "have_videos": bool(videos),
        "chapters": chapters,
        "other_figures": [figure_item(f, build) for f in find_figures(build, unassigned_figures())],
    }


@cache
def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(build: Path) -> str:
    """The gallery page for what is in ``build``."""
    return _templates().get_template("gallery.html.j2").render(gallery_context(build))


def write_gallery(build: Path | None = None) -> Path:
    """Write ``<build>/index.html`` atomically and return its path."""
    build = build or paths.build_dir()
    target = build / "index.html"
    atomic_write_text(target, render_html(build))
    return target
