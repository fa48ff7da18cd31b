"""Figures in a LaTeX page: does each one fit its venue, and does it use one type family?

:func:`proof` includes every built figure PDF, at its natural size (the width it was drawn at),
in a small document laid out like the venue (text width, columns, body font), runs pdflatex on
it and reads the log: a figure wider than the text (or the column) is an overfull box, and so is
one taller than its slide. Each figure is set in a ``figure`` environment with the caption its
build wrote beside the PDF (``NAME.caption.tex``), so the captions are typeset by LaTeX too; a
caption wider than the text fails. It also
reads each PDF's fonts (``pdffonts``) and checks they all belong to the venue's type family.
The pages are rendered to PNG (``pdftoppm``) for a person to look at.

pdflatex, pdffonts and pdftoppm come from the Debian packages of the set-up (texlive-latex-base,
texlive-latex-recommended for beamer, poppler-utils).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from experiments.core.fileio import atomic_path
from figures.kit.registry import FigureSpec, caption_path
from figures.kit.style import venue_settings

# The document around the figures, per venue: preamble, and how a full-width and a column-width
# figure are placed (``%(pdf)s``: the PDF; ``%(caption)s``: its caption, as the figure's build
# wrote it beside the PDF). The text widths match the venues' widths in assets/theme.json.
_FILLER = (
    "The figure below is included at its natural size, the width it was drawn at, with its "
    "caption; the text around it is set in the venue's body font, so the figure's type can be "
    "compared with it."
)
# A figure float in the text, here if it fits; ICML's full-width figures span both columns on a
# page of their own instead.
_FLOAT = (
    "\\begin{figure}[!ht]\n\\centering\n\\includegraphics{%(pdf)s}\\par\n%(mark)s\n"
    "\\caption{%(caption)s}\n\\end{figure}"
)
_MATHS = r"\usepackage{amsmath,amssymb}"
_DOCUMENTS = {
    "neurips": {
        "preamble": r"""\documentclass[10pt]{article}
\usepackage[letterpaper,textwidth=5.5in,textheight=9in]{geometry}
\usepackage{times}""",
        "full": _FLOAT,
        "column": _FLOAT,
    },
    "icml": {
        "preamble": r"""\documentclass[10pt,twocolumn]{article}
\usepackage[letterpaper,textwidth=6.75in,textheight=9in,columnsep=0.25in]{geometry}
\usepackage{times}""",
        "full": "\\begin{figure*}[p]\n\\centering\n\\includegraphics{%(pdf)s}\\par\n%(mark)s\n"
        "\\caption{%(caption)s}\n\\end{figure*}\n\\clearpage",
        "column": _FLOAT,
    },
    "arxiv": {
        "preamble": r"""\documentclass[11pt]{article}
\usepackage[letterpaper,textwidth=6in,textheight=9in]{geometry}""",
        "full": _FLOAT,
        "column": _FLOAT,
    },
    # A slide: the figure and its caption (small type) under the frame title; beamer's figure
    # environment does not float. The figure must fit the slide; its caption may run below it
    # (a slide is rarely captioned: the proof shows how far, and does not fail on it).
    "slides": {
        "preamble": r"""\documentclass[aspectratio=169]{beamer}
\setbeamertemplate{navigation symbols}{}
\setbeamerfont{caption}{size=\scriptsize}""",
        "full": _FLOAT.replace("[!ht]", ""),
        "column": _FLOAT.replace("[!ht]", ""),
    },
}
WIDTH_TOLERANCE_IN = 0.01
FAMILY_NAMES = {"stix": "STIX", "computer_modern": "Computer Modern"}


@dataclass
class FigureCheck:
    """What the proof found for one figure."""

    name: str
    width: str
    pdf_width_in: float
    fonts: list[str]
    declared_in: float  # the venue's width for it
    foreign_fonts: list[str]  # fonts outside the venue's type family
    overfull_pt: float  # how far it sticks out of the text (or column), 0 if it fits
    overhigh_pt: float = 0.0  # how far it runs below its slide (slides only), 0 if it fits
    caption_overfull_pt: float = 0.0  # how far its caption sticks out of the text, 0 if none
    caption_below_pt: float = 0.0  # how far its caption runs below its slide (not a failure)

    @property
    def too_wide_in(self) -> float:
        """How much wider the PDF is than its venue width (text beyond the canvas), 0 if not."""
        extra = self.pdf_width_in - self.declared_in
        return extra if extra > WIDTH_TOLERANCE_IN else 0.0

    @property
    def ok(self) -> bool:
        return (
            not self.foreign_fonts
            and self.overfull_pt == 0.0
            and self.overhigh_pt == 0.0
            and self.caption_overfull_pt == 0.0
            and self.too_wide_in == 0.0
        )


@dataclass
class Proof:
    venue: str
    pdf: Path
    pages: list[Path]
    figures: list[FigureCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.figures)


def require_tools() -> None:
    missing = [t for t in ("pdflatex", "pdffonts", "pdftoppm", "pdfinfo") if not shutil.which(t)]
    if missing:
        raise RuntimeError(
            f"{', '.join(missing)} not found: run `make setup` (texlive-latex-base, "
            "texlive-latex-recommended, poppler-utils)"
        )


def pdf_fonts(pdf: Path) -> list[str]:
    """Font names in ``pdf`` (the subset tag ``ABCDEF+`` removed), as pdffonts lists them."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    names = [line.split()[0] for line in out.stdout.splitlines()[2:] if line.strip()]
    return [n.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", n) else n for n in names]


def pdf_width_in(pdf: Path) -> float:
    """Width of the first page of ``pdf`` in inches."""
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out.stdout)
    if match is None:
        raise ValueError(f"pdfinfo gave no page size for {pdf}")
    return float(match[1]) / 72.0


def foreign_fonts(fonts: list[str], venue: str) -> list[str]:
    """The fonts of ``fonts`` that are not of ``venue``'s type family."""
    prefixes = tuple(venue_settings(venue)["family"]["pdf_font_prefixes"])
    return [f for f in fonts if not f.startswith(prefixes)]


def read_caption(figures_dir: Path, name: str) -> str:
    """The LaTeX caption that building figure ``name`` wrote beside its PDF."""
    path = caption_path(figures_dir, name)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: build the figure {name!r} first")
    return path.read_text().strip()


def _document(venue: str, specs: list[FigureSpec], figures_dir: Path) -> str:
    doc = _DOCUMENTS[venue]
    parts = [doc["preamble"], _MATHS, r"\usepackage{graphicx}", r"\begin{document}"]
    for spec in specs:
        pdf = (figures_dir / f"{spec.name}.pdf").resolve().as_posix()
        caption = read_caption(figures_dir, spec.name)
        mark = f"\\typeout{{HIDIM-CAPTION {spec.name}}}"
        body = [
            f"\\typeout{{HIDIM-FIGURE {spec.name}}}",
            doc[spec.width] % {"pdf": pdf, "caption": caption, "mark": mark},
            f"\\typeout{{HIDIM-END {spec.name}}}",
        ]
        if venue == "slides":
            # The caption's own height, typeset as on the slide, so that the slide's overflow
            # can be told apart: the figure's share of it, and the caption's.
            body.insert(
                0,
                "\\setbox0=\\vbox{\\hsize=\\textwidth\\begin{figure}\\caption{"
                + caption
                + "}\\end{figure}}\\addtocounter{figure}{-1}"
                + f"\\typeout{{HIDIM-CAPTION-HEIGHT {spec.name} \\the\\dimexpr\\ht0+\\dp0\\relax}}",
            )
            title = f"\\texttt{{{spec.name}}}"
            parts.append(f"\\begin{{frame}}{{{title}}}\n" + "\n".join(body) + "\n\\end{frame}")
        else:
            parts.append(f"\\noindent\\texttt{{{spec.name}}}. {_FILLER}\n" + "\n".join(body))
            parts.append(_FILLER + "\n")
    parts.append(r"\end{document}")
    return "\n\n".join(parts) + "\n"


_OVERFULL = re.compile(r"Overfull \\hbox \(([\d.]+)pt too wide")
_OVERHIGH = re.compile(r"Overfull \\vbox \(([\d.]+)pt too high")
_CAPTION_HEIGHT = re.compile(r"HIDIM-CAPTION-HEIGHT (\S+) ([\d.]+)pt")


@dataclass
class Overfull:
    """What the log says about each figure, in points (figures that fit are absent)."""

    wide: dict[str, float] = field(default_factory=dict)  # the figure wider than the text
    high: dict[str, float] = field(default_factory=dict)  # its slide's content below the slide
    caption_wide: dict[str, float] = field(default_factory=dict)  # its caption wider
    caption_height: dict[str, float] = field(default_factory=dict)  # its caption's height


def _overfull(log: str) -> Overfull:
    """Points by which each figure sticks out of the text to the side (overfull hbox, reported
    inside the figure's markers, before its caption's marker), by which its caption does (after
    that marker), and by which its slide's content runs below the slide (overfull vbox, reported
    when the frame closes, after the figure's end marker); and the caption heights measured on
    slides."""
    found = Overfull()
    current = last = None
    in_caption = False
    for line in log.splitlines():
        if line.startswith("HIDIM-FIGURE "):
            current = last = line.split()[1]
            in_caption = False
        elif line.startswith("HIDIM-CAPTION "):
            in_caption = True
        elif line.startswith("HIDIM-END "):
            current = None
        elif m := _CAPTION_HEIGHT.match(line):
            found.caption_height[m[1]] = float(m[2])
        elif current is not None and (m := _OVERFULL.match(line)):
            into = found.caption_wide if in_caption else found.wide
            into[current] = max(into.get(current, 0.0), float(m[1]))
        elif last is not None and (m := _OVERHIGH.match(line)):
            found.high[last] = max(found.high.get(last, 0.0), float(m[1]))
    return found


def proof(venue: str, specs: list[FigureSpec], figures_dir: Path, *, dpi: int = 60) -> Proof:
    """Lay the figures of ``specs`` (built in ``figures_dir``) out in a ``venue`` document:
    ``figures_dir/proof.pdf`` and ``proof-N.png`` pages, and a check per figure."""
    require_tools()
    if venue not in _DOCUMENTS:
        raise KeyError(f"no proof document for venue {venue!r}")
    work = figures_dir / "proof-tex"
    work.mkdir(parents=True, exist_ok=True)
    (work / "proof.tex").write_text(_document(venue, specs, figures_dir))
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "proof.tex"],
        cwd=work,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    log = (work / "proof.log").read_text(errors="replace") if (work / "proof.log").exists() else ""
    if run.returncode != 0:
        tail = "\n".join(log.splitlines()[-15:])
        raise RuntimeError(f"pdflatex failed on the {venue} proof:\n{tail}")
    pdf = figures_dir / "proof.pdf"
    with atomic_path(pdf) as tmp:
        shutil.copyfile(work / "proof.pdf", tmp)
    for old in figures_dir.glob("proof-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(figures_dir / "proof")],
        check=True,
        capture_output=True,
    )
    pages = sorted(figures_dir.glob("proof-*.png"))
    result = Proof(venue, pdf, pages)
    found = _overfull(log)
    widths = venue_settings(venue)["widths_in"]
    for spec in specs:
        path = figures_dir / f"{spec.name}.pdf"
        fonts = pdf_fonts(path)
        result.figures.append(
            FigureCheck(
                name=spec.name,
                width=spec.width,
                pdf_width_in=pdf_width_in(path),
                fonts=fonts,
                declared_in=float(widths[spec.width]),
                foreign_fonts=foreign_fonts(fonts, venue),
                overfull_pt=found.wide.get(spec.name, 0.0),
                overhigh_pt=max(
                    0.0,
                    found.high.get(spec.name, 0.0) - found.caption_height.get(spec.name, 0.0),
                ),
                caption_overfull_pt=found.caption_wide.get(spec.name, 0.0),
                caption_below_pt=min(
                    found.high.get(spec.name, 0.0), found.caption_height.get(spec.name, 0.0)
                ),
            )
        )
    return result
