"""The print handout: the talk to study from, on paper.

``build/slides/<stem>-<quality>-print.pdf``, A4 portrait: a title page with the contents, then
every chapter on a new page under its number and title: its beats, each beat's last frame on
white (the light frames of :mod:`scenes.production.handout`, at least 1920 px wide, placed
3.7 in wide: 519 ppi) with its narration beside it as text, four beats to a page; then the chapter's
paper figures, read from the figures build of the theme's default venue (``build/figures/``) and
merged into the page as the vector PDFs they are, scaled to the text width, each with its
caption. Every page but the first carries its chapter in the footer, every page its number
("3 / 28"); the PDF has an outline of the chapters and embeds every font it uses.

A4, not US Letter: it is the paper of every country but the US and Canada, and the margins are
wide enough (0.8 in at the top, 0.9 in at the bottom) that a printer's "fit to page" onto
Letter shrinks it by only 6 %.

A beat whose frame the next one repeats and adds to (the near-duplicate rule of
:mod:`scenes.production.handout`, applied within each chapter) keeps no frame of its own: its
narration joins that of the beat that shows it all, so nothing said is lost. A figure missing from
the build (its experiment failed, or the figures were not built) is a note in its place, not an
error.

The pages are set with matplotlib (its PDF backend writes real text in embedded TrueType fonts,
CMU Serif as on screen, and the captions' TeX through mathtext); pypdf then merges each figure's
PDF page into the place kept for it.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assets.theme import load_theme
from experiments.core import paths
from experiments.core.fileio import atomic_path
from scenes.kit.chapter import Chapter
from scenes.production.handout import LIGHT_BACKGROUND, LightBeat, duplicate_reasons

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.typing import RcKeyType

    from scenes.production.parallel import SceneFailure

PT = 72.0  # points per inch
PAGE_SIZE = (8.27 * PT, 11.69 * PT)  # A4 portrait (210 x 297 mm), in points
MARGIN_LEFT = MARGIN_RIGHT = 0.8 * PT
MARGIN_TOP = 0.8 * PT
MARGIN_BOTTOM = 0.9 * PT  # the footer sits in it
FOOTER_BASELINE = 0.5 * PT  # from the bottom edge
TEXT_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
BODY_TOP, BODY_BOTTOM = MARGIN_TOP, PAGE_SIZE[1] - MARGIN_BOTTOM
FRAME_WIDTH = 3.7 * PT  # four beats to a page; a 1920 px frame at 519 ppi
GUTTER = 0.22 * PT  # between a frame and its narration
ROW_GAP = 0.2 * PT  # between two beats
MIN_PPI = 200  # a frame is never placed at a coarser resolution than this

# type sizes, points
TITLE_SIZE, HEADING_SIZE, KICKER_SIZE, SECTION_SIZE = 24.0, 18.0, 11.0, 12.0
BODY_SIZE, CAPTION_SIZE, LABEL_SIZE, FOOTER_SIZE = 10.5, 9.5, 9.0, 9.0
LEADING = 1.32  # line height over type size
SERIF = ["CMU Serif", "DejaVu Serif"]  # DejaVu for any character CMU Serif lacks
FONT_RC: dict[RcKeyType, Any] = {
    "font.family": "serif",
    "font.serif": SERIF,
    "mathtext.fontset": "cm",  # TeX's Computer Modern, as the scenes set their maths
    "mathtext.fallback": "stix",  # a symbol Computer Modern lacks
    "pdf.fonttype": 42,  # TrueType, embedded (subset), text stays text
    "savefig.bbox": None,  # the page is the page
}

# a word: a run of characters (an escaped dollar among them) and $maths$ groups, spaces and all
_MATH_OR_WORD = re.compile(r"(?:\$[^$]*\$|\\\$|[^\s$])+|\$")


@dataclass(frozen=True)
class PrintBeat:
    """A frame of the handout with what is said over it: the narration of its beat and of the
    beats before it whose frames it repeats (left out)."""

    chapter: int
    beats: tuple[LightBeat, ...]  # the kept beat last; those it stands for before it

    @property
    def frame(self) -> Path:
        return self.beats[-1].frame

    @property
    def label(self) -> str:
        """``3.2``, or ``3.1-3.2`` when it stands for several beats (numbered from 1)."""
        first, last = self.beats[0].index + 1, self.beats[-1].index + 1
        span = f"{first}" if first == last else f"{first}\u2013{self.chapter}.{last}"
        return f"{self.chapter}.{span}"

    @property
    def narration(self) -> str:
        return " ".join(b.narration for b in self.beats if b.narration)


@dataclass(frozen=True)
class PrintFigure:
    """A paper figure of a chapter and where its PDF is in the figures build."""

    name: str
    caption: str  # TeX between dollars, as @figure(caption=...) declares it
    pdf: Path
    built: bool  # False when the PDF is missing (its experiment failed, or no figures were built)


@dataclass(frozen=True)
class PrintChapter:
    number: int
    name: str
    title: str  # TeX between dollars
    beats: tuple[PrintBeat, ...]
    figures: tuple[PrintFigure, ...]
    left_out: tuple[tuple[LightBeat, str], ...] = ()  # frames left out, and why


@dataclass(frozen=True)
class PrintHandout:
    """What :func:`write_print_handout` wrote."""

    pdf: Path
    pages: int
    chapters: tuple[PrintChapter, ...]
    seconds: float

    @property
    def frames(self) -> int:
        return sum(len(c.beats) for c in self.chapters)

    @property
    def beats(self) -> int:
        return sum(len(b.beats) for c in self.chapters for b in c.beats)

    @property
    def left_out(self) -> list[tuple[LightBeat, str]]:
        return [item for c in self.chapters for item in c.left_out]

    @property
    def figures(self) -> list[PrintFigure]:
        return [f for c in self.chapters for f in c.figures if f.built]

    @property
    def missing_figures(self) -> list[PrintFigure]:
        return [f for c in self.chapters for f in c.figures if not f.built]


# --- what goes in -------------------------------------------------------------------------------


def figure_pdf(name: str, build: Path | None = None) -> Path:
    """Where ``render.py figures build`` writes figure ``name`` for the theme's default venue
    (under ``build`` when given, else the build directory)."""
    folder = build / "figures" if build is not None else paths.figures_dir()
    return folder / f"{name}.pdf"


def chapter_figures(spec: Chapter, build: Path | None = None) -> tuple[PrintFigure, ...]:
    """The paper figures of ``spec`` in its order, each with its caption and its PDF."""
    from figures import get_figure

    out = []
    for name in spec.figures:
        pdf = figure_pdf(name, build)
        out.append(PrintFigure(name, get_figure(name).caption, pdf, pdf.is_file()))
    return tuple(out)


def print_chapter(
    spec: Chapter, beats: Sequence[LightBeat], build: Path | None = None
) -> PrintChapter:
    """``spec``'s part of the handout: its beats, near-duplicate frames left out (their narration
    joining the next frame's), and its figures."""
    from PIL import Image

    frames = [np.asarray(Image.open(b.frame).convert("RGB")) for b in beats]
    reasons = duplicate_reasons(frames, LIGHT_BACKGROUND)
    del frames
    kept: list[PrintBeat] = []
    pending: list[LightBeat] = []
    left_out = []
    for beat, why in zip(beats, reasons, strict=True):
        pending.append(beat)
        if why is not None:
            left_out.append((beat, why))
            continue
        kept.append(PrintBeat(spec.number, tuple(pending)))
        pending = []
    return PrintChapter(
        spec.number,
        spec.name,
        spec.title,
        tuple(kept),
        chapter_figures(spec, build),
        tuple(left_out),
    )


# --- setting text --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    size: float
    color: str
    bold: bool = False
    italic: bool = False

    def props(self) -> FontProperties:
        from matplotlib.font_manager import FontProperties

        props = FontProperties(family=SERIF, size=self.size)
        if self.bold:  # CMU Serif Bold (cmunbx) is an expanded face: asked as bold alone,
            props.set_weight("bold")  # matplotlib would pick the roman
            props.set_stretch("expanded")
        if self.italic:
            props.set_style("italic")
        return props


@cache
def measure(text: str, style: Style) -> tuple[float, float, float]:
    """(width, height, descent) of one line of ``text`` in points, as matplotlib sets it."""
    from matplotlib.textpath import text_to_path

    text, ismath = _math_mode(text)
    with _fonts():
        w, h, d = text_to_path.get_text_width_height_descent(text, style.props(), ismath=ismath)
    return float(w), float(h), float(d)


def _math_mode(text: str) -> tuple[str, bool]:
    """How matplotlib's ``Text`` reads ``text``: as mathtext when it has an even number of
    unescaped dollars, else as it is, an escaped dollar printed as one."""
    dollars = text.count("$") - text.count(r"\$")
    if dollars > 0 and dollars % 2 == 0:
        return text, True
    return text.replace(r"\$", "$"), False


def plain(text: str) -> str:
    """``text`` with its dollars escaped: set as it is, never as TeX."""
    return text.replace("$", r"\$")


def wrap(text: str, width: float, style: Style) -> list[str]:
    """``text`` broken into lines at most ``width`` points wide (a word or a $math$ group wider
    than that gets a line of its own); a caption whose TeX matplotlib cannot set is set plain.

    A line's width is taken as the sum of its words' and spaces' (each measured once): a line
    of several maths groups would otherwise be parsed again for every word added."""
    words = _MATH_OR_WORD.findall(" ".join(text.split()))
    try:
        space = measure("a a", style)[0] - 2 * measure("a", style)[0]
        lines: list[list[str]] = []
        used = 0.0
        for word in words:
            w = measure(word, style)[0]  # a group matplotlib cannot set fails here
            if lines and used + space + w <= width:
                lines[-1].append(word)
                used += space + w
            else:
                lines.append([word])
                used = w
        return [" ".join(line) for line in lines]
    except ValueError:  # mathtext's parse error
        if "$" not in text.replace(r"\$", ""):
            raise
        return wrap(plain(text), width, style)


@dataclass(frozen=True)
class Text:
    """Lines set from ``top`` (points from the page's top) at ``x``."""

    x: float
    top: float
    lines: tuple[str, ...]
    baselines: tuple[float, ...]  # each line's baseline, from the page's top
    style: Style
    align: str = "left"

    @property
    def bottom(self) -> float:
        if not self.lines:
            return self.top
        return self.baselines[-1] + measure(self.lines[-1], self.style)[2]


def set_lines(
    lines: Sequence[str], x: float, top: float, style: Style, align: str = "left"
) -> Text:
    """Lines under one another from ``top``: a baseline every :data:`LEADING` sizes, or lower
    where maths (a fraction, a root) reaches further."""
    baselines: list[float] = []
    below = 0.0  # the previous line's descent
    for i, line in enumerate(lines):
        _, height, descent = measure(line, style)
        ascent = height - descent
        if i == 0:
            baselines.append(top + max(ascent, 0.72 * style.size))
        else:
            step = max(LEADING * style.size, below + ascent + 0.3 * style.size)
            baselines.append(baselines[-1] + step)
        below = descent
    return Text(x, top, tuple(lines), tuple(baselines), style, align)


def paragraph(text: str, x: float, top: float, width: float, style: Style) -> Text:
    return set_lines(wrap(text, width, style), x, top, style)


# --- laying out ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """A raster frame, ``width`` x ``height`` points with its top-left corner at (x, top)."""

    path: Path
    x: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Vector:
    """The place kept for a figure's PDF page, merged in after the pages are written."""

    pdf: Path
    x: float
    top: float
    scale: float
    width: float  # of the scaled figure
    height: float


@dataclass(frozen=True)
class Rule:
    x: float
    top: float
    width: float


Item = Text | Picture | Vector | Rule


@dataclass
class Page:
    items: list[Item] = field(default_factory=list)
    chapter: PrintChapter | None = None


@dataclass
class Layout:
    """Pages filled from the top: a block goes on the current page if it fits, else on a new
    one."""

    pages: list[Page] = field(default_factory=list)
    y: float = BODY_TOP

    def new_page(self, chapter: PrintChapter | None) -> Page:
        self.pages.append(Page(chapter=chapter))
        self.y = BODY_TOP
        return self.pages[-1]

    def place(self, height: float, gap: float, chapter: PrintChapter) -> float:
        """The top of a block ``height`` points tall, on a new page if it does not fit here;
        the next block goes ``gap`` points under it."""
        if self.y + height > BODY_BOTTOM and self.y > BODY_TOP:
            self.new_page(chapter)
        top, self.y = self.y, self.y + height + gap
        return top

    def add(self, items: Sequence[Item]) -> None:
        self.pages[-1].items.extend(items)


def _ink(style: str) -> str:
    video = load_theme("light")["video"]
    return str(video["muted"] if style == "muted" else video["foreground"])


def _styles() -> dict[str, Style]:
    fg, muted = _ink("fg"), _ink("muted")
    return {
        "title": Style(TITLE_SIZE, fg, bold=True),
        "heading": Style(HEADING_SIZE, fg, bold=True),
        "kicker": Style(KICKER_SIZE, muted),
        "section": Style(SECTION_SIZE, fg, bold=True),
        "body": Style(BODY_SIZE, fg),
        "caption": Style(CAPTION_SIZE, fg),
        "label": Style(LABEL_SIZE, muted, bold=True),
        "note": Style(CAPTION_SIZE, muted, italic=True),
        "footer": Style(FOOTER_SIZE, muted),
        "contents": Style(BODY_SIZE + 1, fg),
    }


def _frame_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def _figure_size(pdf: Path) -> tuple[float, float]:
    from pypdf import PdfReader

    box = PdfReader(pdf).pages[0].mediabox
    return float(box.width), float(box.height)


def figure_scale() -> float:
    """How much a figure is enlarged: the default venue's full width to the text width (8 pt
    type becomes 9.7 pt)."""
    from figures.kit.style import venue_settings

    return TEXT_WIDTH / (float(venue_settings()["widths_in"]["full"]) * PT)


def lay_out_chapter(layout: Layout, chapter: PrintChapter) -> None:
    """``chapter`` from a new page: its heading, a row per kept frame (the frame, its label and
    narration beside it), then its figures."""
    s = _styles()
    layout.new_page(chapter)
    kicker = set_lines([f"Chapter {chapter.number}"], MARGIN_LEFT, BODY_TOP, s["kicker"])
    heading = paragraph(chapter.title, MARGIN_LEFT, kicker.bottom + 4, TEXT_WIDTH, s["heading"])
    rule = Rule(MARGIN_LEFT, heading.bottom + 8, TEXT_WIDTH)
    layout.add([kicker, heading, rule])
    layout.y = rule.top + 16
    column_x = MARGIN_LEFT + FRAME_WIDTH + GUTTER
    column = TEXT_WIDTH - FRAME_WIDTH - GUTTER
    for beat in chapter.beats:
        px_w, px_h = _frame_size(beat.frame)
        if px_w / (FRAME_WIDTH / PT) < MIN_PPI:
            raise ValueError(
                f"{beat.frame}: {px_w} px is too coarse to print {FRAME_WIDTH / PT} in wide"
            )
        height = FRAME_WIDTH * px_h / px_w
        label = set_lines([beat.label], column_x, 0.0, s["label"])
        said = paragraph(plain(beat.narration), column_x, label.bottom + 4, column, s["body"])
        top = layout.place(max(height, said.bottom), ROW_GAP, chapter)
        layout.add(
            [
                Picture(beat.frame, MARGIN_LEFT, top, FRAME_WIDTH, height),
                _moved(label, top),
                _moved(said, top),
            ]
        )
    _lay_out_figures(layout, chapter)


def _moved(text: Text, dy: float) -> Text:
    return Text(
        text.x,
        text.top + dy,
        text.lines,
        tuple(b + dy for b in text.baselines),
        text.style,
        text.align,
    )


def _lay_out_figures(layout: Layout, chapter: PrintChapter) -> None:
    """Each figure of ``chapter`` at :func:`figure_scale` (less if the page is too short for
    it), centred, its label and caption under it; a missing one as a note."""
    s = _styles()
    scale_wanted = figure_scale()
    for i, figure in enumerate(chapter.figures):
        items: list[Item] = []
        y = 0.0
        if i == 0:  # the section's heading goes with its first figure
            section = set_lines(["Paper figures"], MARGIN_LEFT, 6.0, s["section"])
            items += [section, Rule(MARGIN_LEFT, section.bottom + 4, TEXT_WIDTH)]
            y = section.bottom + 14
        name = f"Figure {chapter.number}.{i + 1}"
        if not figure.built:
            label = set_lines([f"{name} ({figure.name})"], MARGIN_LEFT, y, s["label"])
            note = paragraph(
                f"Figure '{figure.name}' is not in the figures build: {_shown(figure.pdf)} is "
                "missing (its experiment failed, or the figures were not built). To build it: "
                f"render.py figures build {figure.name}",
                MARGIN_LEFT,
                label.bottom + 3,
                TEXT_WIDTH,
                s["note"],
            )
            items += [label, note]
            y = note.bottom
        else:
            width, height = _figure_size(figure.pdf)
            caption = paragraph(figure.caption, MARGIN_LEFT, 0.0, TEXT_WIDTH, s["caption"])
            room = BODY_BOTTOM - BODY_TOP - y - caption.bottom - 40
            scale = min(scale_wanted, TEXT_WIDTH / width, room / height)
            w, h = width * scale, height * scale
            items.append(Vector(figure.pdf, MARGIN_LEFT + (TEXT_WIDTH - w) / 2, y, scale, w, h))
            label = set_lines([name], MARGIN_LEFT, y + h + 8, s["label"])
            caption = _moved(caption, label.bottom + 3)
            items += [label, caption]
            y = caption.bottom
        top = layout.place(y, 3 * ROW_GAP, chapter)
        layout.add([_shifted(item, top) for item in items])


def _shown(path: Path) -> str:
    """``path`` from the repository's root when it is under it (``build/figures/x.pdf``)."""
    try:
        return str(path.relative_to(paths.REPO_ROOT))
    except ValueError:
        return str(path)


def _shifted(item: Item, dy: float) -> Item:
    if isinstance(item, Text):
        return _moved(item, dy)  # its baselines move with it
    return dataclasses.replace(item, top=item.top + dy)


def lay_out(chapters: Sequence[PrintChapter], title: str) -> Layout:
    """Every page of the handout: the title page with the contents, then each chapter."""
    layout = Layout()
    layout.new_page(None)
    starts = {}
    for chapter in chapters:
        starts[chapter.number] = len(layout.pages) + 1  # its first page, numbered from 1
        lay_out_chapter(layout, chapter)
    s = _styles()
    first = layout.pages[0]
    head = paragraph(title, MARGIN_LEFT, BODY_TOP + 1.2 * PT, TEXT_WIDTH, s["title"])
    sub = paragraph(
        "Handout: each chapter's beats as the slides end them, with what is said over them, "
        "then the chapter's paper figures.",
        MARGIN_LEFT,
        head.bottom + 12,
        TEXT_WIDTH,
        s["kicker"],
    )
    rule = Rule(MARGIN_LEFT, sub.bottom + 14, TEXT_WIDTH)
    first.items += [head, sub, rule]
    y = rule.top + 24
    contents = set_lines(["Contents"], MARGIN_LEFT, y, s["section"])
    first.items.append(contents)
    y = contents.bottom + 10
    for chapter in chapters:
        number = set_lines([f"{chapter.number}"], MARGIN_LEFT, y, s["contents"])
        name = paragraph(chapter.title, MARGIN_LEFT + 24, y, TEXT_WIDTH - 24 - 40, s["contents"])
        page = set_lines(
            [f"{starts[chapter.number]}"], MARGIN_LEFT + TEXT_WIDTH, y, s["contents"], "right"
        )
        first.items += [number, name, page]
        y = name.bottom + 8
    return layout


# --- drawing -------------------------------------------------------------------------------------


def _fonts() -> Any:
    import matplotlib as mpl

    from figures.kit.style import require_font

    require_font(SERIF[0])
    return mpl.rc_context(FONT_RC)


def _draw_page(page: Page, number: int, total: int) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    from PIL import Image

    width, height = PAGE_SIZE
    fig = Figure(figsize=(width / PT, height / PT))
    fig.patch.set_facecolor("white")
    frame_edge = str(load_theme("light")["video"]["shade"])
    s = _styles()

    def fx(x: float) -> float:
        return x / width

    def fy(top: float) -> float:
        return 1.0 - top / height

    for item in page.items:
        if isinstance(item, Text):
            for line, baseline in zip(item.lines, item.baselines, strict=True):
                fig.text(
                    fx(item.x),
                    fy(baseline),
                    line,
                    fontproperties=item.style.props(),
                    color=item.style.color,
                    va="baseline",
                    ha=item.align,
                )
        elif isinstance(item, Picture):
            bounds = (
                fx(item.x),
                fy(item.top + item.height),
                item.width / width,
                item.height / height,
            )
            ax = fig.add_axes(bounds)
            with Image.open(item.path) as image:
                ax.imshow(np.asarray(image.convert("RGB")), interpolation="none", aspect="auto")
            ax.set_axis_off()
            fig.patches.append(
                Rectangle(
                    (bounds[0], bounds[1]),
                    bounds[2],
                    bounds[3],
                    transform=fig.transFigure,
                    fill=False,
                    edgecolor=frame_edge,
                    linewidth=0.6,
                )
            )
        elif isinstance(item, Rule):
            fig.add_artist(
                _line(fx(item.x), fx(item.x + item.width), fy(item.top), fig, _ink("muted"))
            )
    footer_y = fy(height - FOOTER_BASELINE)
    if page.chapter is not None:
        running = f"{page.chapter.number} \u00b7 {page.chapter.title}"
        fig.text(
            fx(MARGIN_LEFT),
            footer_y,
            running,
            fontproperties=s["footer"].props(),
            color=s["footer"].color,
            va="baseline",
            ha="left",
        )
    fig.text(
        fx(width - MARGIN_RIGHT),
        footer_y,
        f"{number} / {total}",
        fontproperties=s["footer"].props(),
        color=s["footer"].color,
        va="baseline",
        ha="right",
    )
    return fig


def _line(x0: float, x1: float, y: float, fig: Figure, color: str) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([x0, x1], [y, y], transform=fig.transFigure, color=color, linewidth=0.5)


def _merge_figures(draft: Path, layout: Layout, target: Path, title: str) -> None:
    """``draft`` with each figure's PDF page merged, as vectors, into the place kept for it; an
    outline entry per chapter; written to ``target``."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(draft))
    height = PAGE_SIZE[1]
    for page, laid in zip(writer.pages, layout.pages, strict=True):
        for item in laid.items:
            if not isinstance(item, Vector):
                continue
            figure = PdfReader(item.pdf).pages[0]
            box = figure.mediabox
            move = (
                Transformation()
                .translate(-float(box.left), -float(box.bottom))
                .scale(item.scale, item.scale)
                .translate(item.x, height - item.top - item.height)
            )
            page.merge_transformed_page(figure, move)
    seen = set()
    for index, laid in enumerate(layout.pages):
        chapter = laid.chapter
        if chapter is not None and chapter.number not in seen:
            seen.add(chapter.number)
            writer.add_outline_item(
                title=f"{chapter.number}. {_untex(chapter.title)}", page_number=index
            )
    writer.add_metadata({"/Title": title, "/Creator": "hidim"})
    with target.open("wb") as fh:
        writer.write(fh)


def _untex(text: str) -> str:
    """A title's TeX as plain text for the PDF's outline (``$nd$`` -> ``nd``)."""
    return re.sub(r"\\[a-zA-Z]+\s*|[${}]", "", text)


def write_print_handout(
    chapters: Sequence[PrintChapter],
    target: Path,
    title: str,
    started: float | None = None,
) -> PrintHandout:
    """The print handout of ``chapters`` (talk order) at ``target``, written atomically."""
    from matplotlib.backends.backend_pdf import PdfPages

    started = time.perf_counter() if started is None else started
    if not chapters:
        raise ValueError("a handout needs at least one chapter")
    layout = lay_out(chapters, title)
    total = len(layout.pages)
    with atomic_path(target) as tmp:
        draft = tmp.with_name(tmp.name + ".draft.pdf")
        try:
            with _fonts(), PdfPages(draft) as pdf:
                for number, page in enumerate(layout.pages, start=1):
                    pdf.savefig(_draw_page(page, number, total))
            _merge_figures(draft, layout, tmp, title)
        finally:
            draft.unlink(missing_ok=True)
    return PrintHandout(target, total, tuple(chapters), time.perf_counter() - started)


def build_print_handout(
    specs: Sequence[Chapter],
    quality: str,
    preset: str = "quick",
    overrides: Mapping[str, Mapping[str, str]] | None = None,
    jobs: int | None = None,
) -> tuple[PrintHandout | None, list[SceneFailure]]:
    """The print handout of ``specs`` at ``build/slides/<stem>-<quality>-print.pdf``: their
    light frames rendered (or reused, by their stamps) with the results of ``preset`` and
    ``overrides``. A scene that fails to render on white is left out and comes back among the
    failures (no handout if none rendered)."""
    from scenes.production.handout import light_beats
    from scenes.production.slides import TITLE, deck_path, talk_order

    started = time.perf_counter()
    ordered = talk_order(list(specs))
    outcome = light_beats(ordered, quality, preset, overrides, jobs)
    chapters = [print_chapter(spec, beats) for spec, beats in outcome.done]
    if not chapters:
        return None, outcome.failures
    target = deck_path(ordered, quality, "-print.pdf")
    return write_print_handout(chapters, target, TITLE, started), outcome.failures


def pages_text(pdf: Path) -> Iterator[str]:
    """The text of each page of ``pdf`` (pypdf's extraction): for tests and checks."""
    from pypdf import PdfReader

    for page in PdfReader(pdf).pages:
        yield page.extract_text()
