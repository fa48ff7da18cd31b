r"""Maths without a TeX installation: MathJax typesets the scenes' maths when asked.

The scenes set maths with Manim's ``MathTex`` (and ``DecimalNumber``, ``Integer``), which calls
``tex_to_svg_file`` (LaTeX, then dvisvgm) for each expression. With the ``mathjax`` backend that
one function is replaced by :func:`tex_to_svg_file`: MathJax (npm ``mathjax-full``, pinned in
``package-lock.json``) run by node, one process per scene render answering every expression
(``scripts/mathjax.js``), each SVG cached under ``build/mathjax/`` by a hash of the MathJax
version, the script and the expression. The SVG is rewritten in the units dvisvgm writes,
PostScript points (1 em is 10 TeX pt, the size of Manim's TeX template, or 10 · 72/72.27 bp), so
a ``MathTex`` has the same size, colour and alignment under either backend and scenes do not know
which typeset them.

Text mode (``\text{...}``, ``\mbox``, ``\textrm`` and the like) is set as TeX sets it, where
MathJax alone would not. Computer Modern's ligatures make ``--`` an en dash and ``---`` an em
dash (the typewriter font has none); two backquotes and two apostrophes are curly double quotes,
one of each a single quote (MathJax's textmacros already does this). A space between words is
the font's interword space (1/3 em in cmr10, where MathJax puts 1/4 em), with the font's extra
space after a sentence's end, as TeX's space factor gives it. The script's ``text-as-tex``
package does this inside MathJax's own text-mode parser, so maths inside the text (``$...$``),
escaped braces and nesting are told apart exactly as MathJax parses them; in maths ``--`` stays
two minus signs and ``'`` a prime.

Backends (``--math``, or ``HIDIM_MATH``): ``tex``, ``mathjax``, or ``auto``: TeX when ``latex``
and ``dvisvgm`` are found, MathJax otherwise.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

from assets.env import MATH_ENV
from experiments.core import paths
from experiments.core.errors import MissingToolError, UserError
from experiments.core.fileio import atomic_write_text

BACKENDS = ("auto", "tex", "mathjax")
SCRIPT = paths.REPO_ROOT / "scripts" / "mathjax.js"
PACKAGE = paths.REPO_ROOT / "node_modules" / "mathjax-full" / "package.json"
MATHJAX_VERSION = "3.2.2"  # as pinned in package.json
# MathJax draws in thousandths of an em; Manim's TeX is 10 pt (TeX's, 1/72.27 in), and dvisvgm's
# SVG is in PostScript points (bp, 1/72 in): an em is 9.963 of its units (10 made MathJax's maths
# 0.37 % larger than TeX's)
POINTS_PER_UNIT = 10 / 1000 * 72 / 72.27
MATH_ENVIRONMENTS = ("align*", "equation*", "gather*", "multline*", "displaymath")
MATHJAX_INSTALL = "run `make setup` (it runs `npm ci`, which installs mathjax-full)"


TEX_INSTALL = (
    "LaTeX is needed for the maths in scenes but 'latex' or 'dvisvgm' is missing; install it "
    "with `apt-get install texlive-latex-base texlive-latex-extra dvisvgm` "
    "(make render does this as root), or typeset with MathJax instead: --math mathjax"
)


def tex_tools_found() -> bool:
    return shutil.which("latex") is not None and shutil.which("dvisvgm") is not None


def require_math_tools() -> None:
    """Fail with the install command if the tools of the maths backend are missing: LaTeX and
    dvisvgm for TeX, node and mathjax-full for MathJax."""
    if resolve() == "mathjax":
        require_mathjax()
    elif not tex_tools_found():
        raise MissingToolError(TEX_INSTALL)


def resolve(choice: str | None = None) -> str:
    """The backend that typesets: ``choice`` (else ``HIDIM_MATH``, else ``auto``) made concrete:
    ``auto`` is TeX when latex and dvisvgm are found, MathJax otherwise."""
    choice = choice or os.environ.get(MATH_ENV) or "auto"
    if choice not in BACKENDS:
        raise UserError(f"unknown maths backend '{choice}' (choose from {', '.join(BACKENDS)})")
    if choice == "auto":
        return "tex" if tex_tools_found() else "mathjax"
    return choice


def describe(choice: str | None, backend: str) -> str:
    """One line saying which backend typesets the maths, and why."""
    if backend == "tex":
        why = "latex and dvisvgm found" if (choice or "auto") == "auto" else "asked for"
        return f"maths: TeX ({why})"
    why = "no latex or dvisvgm found" if (choice or "auto") == "auto" else "asked for"
    return f"maths: MathJax {MATHJAX_VERSION} ({why})"


def require_mathjax() -> None:
    """Node and the pinned mathjax-full, or a clear error saying how to install them."""
    if shutil.which("node") is None:
        raise MissingToolError(f"the MathJax maths backend needs Node.js: {MATHJAX_INSTALL}")
    if not PACKAGE.is_file():
        raise MissingToolError(
            f"mathjax-full is not installed ({PACKAGE} is missing): {MATHJAX_INSTALL}"
        )
    version = json.loads(PACKAGE.read_text()).get("version")
    if version != MATHJAX_VERSION:
        raise MissingToolError(
            f"mathjax-full {version} is installed, {MATHJAX_VERSION} is needed: {MATHJAX_INSTALL}"
        )


# --- the text fonts' spaces and kerns, read from TeX's own metrics ------------------------------

TEXT_FONTS_FILE = paths.REPO_ROOT / "scripts" / "mathjax-text-fonts.json"
# MathJax's text variants and the Computer Modern font TeX sets each in (\textrm, \textbf, ...)
TEXT_FONTS = {
    "normal": "cmr10",
    "bold": "cmbx10",
    "-tex-mathit": "cmti10",
    "italic": "cmti10",
    "sans-serif": "cmss10",
    "monospace": "cmtt10",
}
# Where the OT1 text fonts keep quotes, dashes and inverted marks, as the Unicode MathJax draws
# (the other printable ASCII codes are themselves; those left out are accents or absent)
_OT1 = {34: "\u201d", 39: "\u2019", 60: "\u00a1", 62: "\u00bf", 92: "\u201c", 96: "\u2018"}
_OT1 |= {123: "\u2013", 124: "\u2014"}
_NOT_IN_OT1 = set('"\\^_{|}~<>')
_PL_LINE = re.compile(r"^\s*\((\S+)(?: (C \S|O [0-7]+))?(?: (C \S|O [0-7]+))?(?: R ([-\d.]+))?\)")


def _pl_char(token: str, tt: bool) -> str | None:
    code = ord(token[2]) if token[0] == "C" else int(token[2:], 8)
    if tt:  # the typewriter font is ASCII
        return chr(code) if 32 < code < 127 else None
    if code in _OT1:
        return _OT1[code]
    return chr(code) if 32 < code < 127 and chr(code) not in _NOT_IN_OT1 else None


def tfm_text_font(tfm: str) -> dict[str, Any]:
    """A text font's interword space, extra space (after a sentence) and kerns, in em, as TeX
    reads them from ``tfm``.tfm (by ``tftopl``). Kerns follow TeX's lig/kern programs: a pair
    takes the first instruction for its second character from its first character's label on
    (labels share the instructions below them until STOP); a ligature found first means no kern.
    """
    path = subprocess.run(["kpsewhich", f"{tfm}.tfm"], capture_output=True, text=True, check=True)
    pl = subprocess.run(["tftopl", path.stdout.strip()], capture_output=True, text=True, check=True)
    dimens = dict(re.findall(r"\((SPACE|EXTRASPACE) R ([-\d.]+)\)", pl.stdout))
    table = pl.stdout.split("(LIGTABLE", 1)[1].split("\n   )", 1)[0]
    tt = tfm.startswith("cmtt")
    steps = [m.groups() for m in map(_PL_LINE.match, table.splitlines()) if m]
    kerns: dict[str, float] = {}
    for i, (op, first, _, _) in enumerate(steps):
        if op != "LABEL" or first is None or (a := _pl_char(first, tt)) is None:
            continue
        seen: set[str] = set()
        for op2, nxt, _, value in steps[i + 1 :]:
            if op2 == "STOP":
                break
            if op2 == "LABEL" or nxt is None or (b := _pl_char(nxt, tt)) is None or b in seen:
                continue
            seen.add(b)
            if op2 == "KRN":
                kerns[a + b] = round(float(value), 6)
    return {
        "tfm": tfm,
        "space": float(dimens["SPACE"]),
        "extra": float(dimens["EXTRASPACE"]),
        "kerns": dict(sorted(kerns.items())),
    }


def tfm_text_fonts() -> dict[str, dict[str, Any]]:
    """What ``scripts/mathjax.js`` sets text with, by MathJax variant, read from TeX's fonts."""
    return {variant: tfm_text_font(tfm) for variant, tfm in TEXT_FONTS.items()}


def write_text_fonts() -> None:
    """Write :data:`TEXT_FONTS_FILE` from the installed TeX fonts (the script reads it; MathJax
    renders need no TeX): ``python -m scenes.kit.mathjax``."""
    text = json.dumps(tfm_text_fonts(), indent=1, ensure_ascii=False)
    atomic_write_text(TEXT_FONTS_FILE, text + "\n")


class MathJaxError(UserError):
    """An expression MathJax cannot typeset (it names the expression)."""


class _Server:
    """One node process running ``scripts/mathjax.js``, asked one expression at a time."""

    def __init__(self) -> None:
        require_mathjax()
        self.proc = subprocess.Popen(
            ["node", str(SCRIPT)],
            cwd=paths.REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lock = threading.Lock()

    def typeset(self, tex: str, display: bool = True) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        with self.lock:
            self.proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise RuntimeError(f"MathJax (node) stopped: {err.strip()[-400:]}")
        reply = json.loads(line)
        if "error" in reply:
            raise MathJaxError(f"MathJax cannot typeset {tex!r}: {reply['error']}")
        return str(reply["svg"])


_server: _Server | None = None


def _typeset(tex: str, display: bool = True) -> str:
    global _server
    if _server is None or _server.proc.poll() is not None:
        _server = _Server()
    return _server.typeset(tex, display)


_GROUP_OPEN = re.compile(r"\\special\{dvisvgm:raw <g id='([A-Za-z0-9_]+)'>\}")
_GROUP_CLOSE = r"\special{dvisvgm:raw </g>}"
_EMPTY_TEXT = re.compile(r"<text[^>]*></text>")
_VIEWBOX = re.compile(r'viewBox="([-\d.e]+) ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)"')


def _drawn(svg: str, tex: str) -> str:
    """MathJax's SVG of ``tex`` without the empty anchors it puts beside an id; an error if any
    of it is not drawn as paths (text in the browser's font, which neither Manim nor a page
    without that font can show, or MathJax's own error box)."""
    svg = _EMPTY_TEXT.sub("", svg)
    if "<text" in svg or 'data-mml-node="merror"' in svg:
        raise MathJaxError(
            f"MathJax cannot draw every character of {tex!r} with its fonts (it would fall back "
            "to the browser's text, which Manim cannot read)"
        )
    return svg


def to_points(svg: str, tex: str) -> str:
    """MathJax's SVG redrawn in PostScript points, as dvisvgm writes it: width, height and
    viewBox in pt, glyphs filled black (Manim colours them), no ``currentColor``."""
    svg = _drawn(svg, tex)
    head, _, rest = svg.partition(">")
    match = _VIEWBOX.search(head)
    if match is None or not rest.endswith("</svg>"):
        raise RuntimeError(f"MathJax gave an SVG without a viewBox for {tex!r}")
    x, y, w, h = (float(v) * POINTS_PER_UNIT for v in match.groups())
    inner = rest[: -len("</svg>")].replace("currentColor", "black")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.4f}pt" height="{h:.4f}pt" '
        f'viewBox="{x:.4f} {y:.4f} {w:.4f} {h:.4f}">'
        f'<g transform="scale({POINTS_PER_UNIT})">{inner}</g></svg>\n'
    )


def cache_dir() -> Path:
    return paths.build_dir() / "mathjax"


def engine() -> str:
    """What typesets with MathJax: its version and a hash of the script that drives it and the
    text fonts it reads (``3.2.2+1a2b3c4d5e6f``), so that a change to how it sets text makes its
    SVGs (and what is drawn from them) again."""
    script = hashlib.sha256(SCRIPT.read_bytes() + TEXT_FONTS_FILE.read_bytes()).hexdigest()
    return f"{MATHJAX_VERSION}+{script[:12]}"


def _cache_key(*parts: str) -> str:
    return hashlib.sha256("\0".join((engine(), *parts)).encode()).hexdigest()[:24]


def tex_to_svg_file(
    expression: str, environment: str | None = None, tex_template: Any = None
) -> Path:
    """What Manim's ``tex_to_svg_file`` returns, typeset by MathJax: the SVG file of
    ``expression`` in ``environment`` (a maths environment; ``tex_template`` is TeX's and has
    no part here)."""
    # MathTex marks each of its parts for dvisvgm (a group with an id around it); MathJax's
    # \cssId makes the same group, so colouring and indexing by part work as with TeX
    expression = _GROUP_OPEN.sub(r"\\cssId{\1}{", expression).replace(_GROUP_CLOSE, "}")
    if environment is None or environment in MATH_ENVIRONMENTS:
        tex = expression
        if environment not in (None, "displaymath", "equation*"):
            tex = f"\\begin{{{environment}}}{expression}\\end{{{environment}}}"
    else:
        raise MathJaxError(
            f"MathJax typesets maths only, not the text environment '{environment}' of "
            f"{expression!r}: set text with Text, or render with --math tex"
        )
    path = cache_dir() / f"{_cache_key(tex)}.svg"
    if not path.exists():
        atomic_write_text(path, to_points(_typeset(tex), expression))
    return path


def inline_svg(tex: str) -> str:
    """``tex`` (inline maths) as an ``<svg class="math">`` for a web page: MathJax's glyphs as
    paths in ``currentColor`` (the text's colour), sized in ex, on the text's baseline."""
    path = cache_dir() / f"{_cache_key('inline', tex)}.inline.svg"
    if path.exists():
        return path.read_text(encoding="utf-8")
    svg = _drawn(_typeset(tex, display=False), tex)
    label = html.escape(tex, quote=True)
    svg = svg.replace("<svg ", f'<svg class="math" aria-label="{label}" ', 1)
    svg = svg.replace(' focusable="false"', "")
    atomic_write_text(path, svg)
    return svg


def install(backend: str) -> None:
    """Make Manim typeset with ``backend`` in this process (``tex`` leaves Manim as it is)."""
    if backend != "mathjax":
        return
    from manim.mobject.text import tex_mobject

    tex_mobject.tex_to_svg_file = tex_to_svg_file


if __name__ == "__main__":
    write_text_fonts()
