"""``build/index.html``: one static page with every video, figure and slide deck, for browsing
before a talk.

The page is self-contained apart from the files it shows: no scripts, no fonts or styles from the
network, links relative to the build directory, so it works from ``file://`` on a laptop offline.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from assets.theme import load_theme
from experiments import paths
from experiments.fileio import atomic_write_text
from scenes.manifest import SCENES
from scenes.runner import QUALITIES
from scenes.sheet import sheet_path
from scenes.slides import find_decks


@dataclass(frozen=True)
class VideoEntry:
    name: str
    description: str
    quality: str
    video: Path
    poster: Path
    duration: float


def find_videos(build: Path) -> list[VideoEntry]:
    """Rendered videos in talk order, best quality first for each scene."""
    entries = []
    for spec in SCENES:
        for quality in reversed(list(QUALITIES)):
            folder = build / "videos" / quality
            video, poster = folder / f"{spec.name}.mp4", folder / f"{spec.name}.png"
            if not video.exists():
                continue
            stamp = folder / f"{spec.name}.stamp.json"
            try:
                duration = float(json.loads(stamp.read_text()).get("duration", 0.0))
            except (OSError, ValueError):
                duration = 0.0
            entries.append(
                VideoEntry(spec.name, spec.description, quality, video, poster, duration)
            )
    return entries


def find_figures(build: Path) -> list[tuple[str, str, Path, Path | None]]:
    """(name, description, png, pdf or None) for every built figure, in registry order."""
    from figures import all_figures

    out = []
    for spec in all_figures():
        png, pdf = build / "figures" / f"{spec.name}.png", build / "figures" / f"{spec.name}.pdf"
        if png.exists():
            out.append((spec.name, spec.description, png, pdf if pdf.exists() else None))
    return out


def _rel(path: Path, build: Path) -> str:
    return html.escape(path.relative_to(build).as_posix(), quote=True)


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
        "font-family:'DejaVu Sans',sans-serif;margin:2em;max-width:1200px}",
        f"a{{color:{load_theme()['palette']['ball']}}}",
        ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:1.5em}",
        "figure{margin:0}video,img{width:100%;background:#fff2}",
        f"figcaption{{font-size:0.9em;color:{video['muted']}}}",
        "</style></head><body>",
        "<h1>hidim: slides, videos and figures</h1>",
    ]
    decks = find_decks(build)
    parts.append(f"<h2>Slides ({len(decks)})</h2>")
    if not decks:
        parts.append("<p>No slides yet: run <code>render.py slides</code>.</p>")
    parts.append("<ul>")
    for deck in decks:
        extra = "".join(
            f' &middot; <a href="{_rel(p, build)}">{label}</a>'
            for p, label in (
                (deck.with_suffix(".pdf"), "PDF handout"),
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
        "the beats, <kbd>S</kbd> opens the speaker notes, <kbd>F</kbd> full screen.</p>"
    )
    videos = find_videos(build)
    parts.append(f"<h2>Videos ({len(videos)})</h2>")
    if not videos:
        parts.append("<p>No videos yet: run <code>render.py scenes render</code>.</p>")
    parts.append('<div class="grid">')
    for v in videos:
        sheet = sheet_path(v.video)
        sheet_link = (
            f' &middot; <a href="{_rel(sheet, build)}">contact sheet</a>' if sheet.exists() else ""
        )
        parts.append(
            f'<figure id="video-{esc(v.name)}-{esc(v.quality)}">'
            f'<video controls preload="metadata" src="{_rel(v.video, build)}" '
            f'poster="{_rel(v.poster, build)}"></video>'
            f"<figcaption><b>{esc(v.name)}</b> &middot; {esc(v.quality)} "
            f"({esc(QUALITIES[v.quality][1])}) &middot; {v.duration:.1f} s{sheet_link}<br>"
            f"{esc(v.description)}</figcaption></figure>"
        )
    parts.append("</div>")
    figures = find_figures(build)
    parts.append(f"<h2>Figures ({len(figures)})</h2>")
    parts.append('<div class="grid">')
    for name, description, png, pdf in figures:
        link = f' &middot; <a href="{_rel(pdf, build)}">PDF</a>' if pdf else ""
        parts.append(
            f'<figure id="figure-{esc(name)}"><a href="{_rel(png, build)}">'
            f'<img src="{_rel(png, build)}" alt="{esc(name)}"></a>'
            f"<figcaption><b>{esc(name)}</b>{link}<br>{esc(description)}</figcaption></figure>"
        )
    parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_gallery(build: Path | None = None) -> Path:
    """Write ``<build>/index.html`` atomically and return its path."""
    build = build or paths.build_dir()
    target = build / "index.html"
    atomic_write_text(target, render_html(build))
    return target
