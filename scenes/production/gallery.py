"""``build/index.html``: one static page with the talk's slide decks and handouts, then each
chapter in talk order: its video (poster, contact sheet) and the paper figures that belong to it.

The page is self-contained apart from the files it shows: no scripts, no fonts or styles from the
network, links relative to the build directory, so it works from ``file://`` on a laptop offline.
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

from assets.theme import load_theme
from experiments.core import paths
from experiments.core.fileio import atomic_write_text
from scenes.kit.chapter import Chapter
from scenes.manifest import SCENES
from scenes.production.outputs import QUALITIES
from scenes.production.sheet import sheet_path
from scenes.production.slides import find_decks

# mathtext is set at this size (points) and scaled to the text's size (1 em) in the page
_MATH_SIZE = 10.0
_MATH_FONTS = "dejavusans"  # mathtext's DejaVu Sans: the page's text face, so the two match
_DOLLARS = re.compile(r"\$([^$]+)\$")


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


def _rel(path: Path, build: Path) -> str:
    return html.escape(path.relative_to(build).as_posix(), quote=True)


def _decks(build: Path) -> list[str]:
    esc = html.escape
    decks = find_decks(build)
    parts = [f'<h2 id="slides">Slides and handouts ({len(decks)})</h2>']
    if not decks:
        parts.append("<p>No slides yet: run <code>render.py slides</code>.</p>")
        return parts
    parts.append("<ul>")
    for deck in decks:
        extra = "".join(
            f' &middot; <a href="{_rel(p, build)}">{label}</a>'
            for p, label in (
                (deck.with_suffix(".pdf"), "PDF handout"),
                (deck.with_name(f"{deck.stem}-light.pdf"), "light handout (print)"),
                (deck.with_suffix(".pptx"), "PowerPoint"),
            )
            if p.exists()
        )
        parts.append(
            f'<li id="slides-{esc(deck.stem)}"><a href="{_rel(deck, build)}">{esc(deck.stem)}</a> '
            f"({deck.stat().st_size / 1e6:.1f} MB, self-contained){extra}</li>"
        )
    parts.append(
        "</ul><p>Present offline: open the HTML in a browser; arrow keys or space step through "
        "the beats, <kbd>S</kbd> opens the speaker notes, <kbd>C</kbd> shows the captions, "
        "<kbd>F</kbd> full screen. The handouts "
        "have a page per beat (its last frame); the light one is drawn on white, for print. "
        "<code>render.py slides --light-handout</code> writes it.</p>"
    )
    return parts


def caption_track(video: Path) -> str:
    """The ``<track>`` of ``video``'s captions (its ``.vtt``), or "" when it has none.

    The captions are inlined as a ``data:`` URI: Chromium refuses a track file from ``file://``
    (the page's usual home), and the page must work opened from disk."""
    vtt = video.with_suffix(".vtt")
    if not vtt.is_file():
        return ""
    data = base64.b64encode(vtt.read_bytes()).decode("ascii")
    return (
        '<track kind="captions" srclang="en" label="English (narration)" default '
        f'src="data:text/vtt;base64,{data}">'
    )


def _video(v: VideoEntry, build: Path) -> str:
    esc = html.escape
    sheet = sheet_path(v.video)
    sheet_link = (
        f' &middot; <a href="{_rel(sheet, build)}">contact sheet</a>' if sheet.exists() else ""
    )
    track = caption_track(v.video)
    extras = [
        f'<a href="{_rel(v.video.with_suffix(s), build)}">{s[1:]}</a>'
        for s in (".vtt", ".srt")
        if track and v.video.with_suffix(s).exists()
    ]
    captioned = v.video.with_name(f"{v.video.stem}.captioned.mp4")
    if captioned.exists():
        extras.append(f'<a href="{_rel(captioned, build)}">captions drawn in</a>')
    voice = f" &middot; narrated ({esc(v.voice)})" if v.voice != "none" else ""
    captions = f" &middot; captions: {', '.join(extras)}" if extras else ""
    return (
        f'<figure id="video-{esc(v.name)}-{esc(v.quality)}">'
        f'<video controls preload="metadata" src="{_rel(v.video, build)}" '
        f'poster="{_rel(v.poster, build)}">{track}</video>'
        f"<figcaption><b>{esc(v.name)}</b> &middot; video, {esc(v.quality)} "
        f"({esc(QUALITIES[v.quality][1])}) &middot; {v.duration:.1f} s{voice}{sheet_link}"
        f"{captions}<br>"
        f"{caption_html(v.caption)}</figcaption></figure>"
    )


def _figure(f: FigureEntry, build: Path) -> str:
    esc = html.escape
    link = f' &middot; <a href="{_rel(f.pdf, build)}">PDF</a>' if f.pdf else ""
    return (
        f'<figure id="figure-{esc(f.name)}"><a href="{_rel(f.png, build)}">'
        f'<img src="{_rel(f.png, build)}" alt="{esc(f.name)}"></a>'
        f"<figcaption><b>{esc(f.name)}</b> &middot; paper figure{link}<br>"
        f"{caption_html(f.caption)}</figcaption></figure>"
    )


def render_html(build: Path) -> str:
    """The gallery page for what is in ``build``."""
    video = load_theme()["video"]
    esc = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>hidim gallery</title>",
        "<style>",
        f"body{{background:{video['background']};color:{video['foreground']};"
        "font-family:'DejaVu Sans',sans-serif;margin:2em auto;max-width:1200px;padding:0 2em}",
        f"a{{color:{load_theme()['palette']['ball']}}}",
        ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:1.5em}",
        "figure{margin:0}video,img{width:100%;background:#fff2}",
        f"figcaption{{font-size:0.9em;line-height:1.5;color:{video['muted']}}}",
        "figcaption b{color:inherit}",
        f"section{{border-top:1px solid {video['muted']}55;margin-top:2em}}",
        "nav ol{columns:2;padding-left:1.5em}svg.math{overflow:visible}.nw{white-space:nowrap}",
        "</style></head><body>",
        "<h1>hidim: slides, videos and figures</h1>",
    ]
    parts += _decks(build)
    videos = find_videos(build)
    if not videos:
        parts.append("<p>No videos yet: run <code>render.py scenes render</code>.</p>")
    parts.append("<nav><h2>The talk, chapter by chapter</h2><ol>")
    parts += [
        f'<li><a href="#chapter-{esc(spec.name)}">{caption_html(spec.title or spec.name)}</a></li>'
        for spec in SCENES
    ]
    parts.append("</ol></nav>")
    for number, spec in enumerate(SCENES, start=1):
        entries = [_video(v, build) for v in videos if v.name == spec.name]
        entries += [_figure(f, build) for f in find_figures(build, list(spec.figures))]
        parts.append(
            f'<section id="chapter-{esc(spec.name)}"><h2>{number}. '
            f"{caption_html(spec.title or spec.name)}</h2>"
        )
        if not entries:
            parts.append(
                f"<p>Nothing built yet: <code>render.py scenes render {esc(spec.name)}</code>, "
                "<code>render.py figures build</code>.</p>"
            )
        parts += ['<div class="grid">', *entries, "</div></section>"]
    others = find_figures(build, unassigned_figures())
    if others:
        parts.append('<section id="chapter-other"><h2>Other figures</h2><div class="grid">')
        parts += [_figure(f, build) for f in others]
        parts.append("</div></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_gallery(build: Path | None = None) -> Path:
    """Write ``<build>/index.html`` atomically and return its path."""
    build = build or paths.build_dir()
    target = build / "index.html"
    atomic_write_text(target, render_html(build))
    return target
