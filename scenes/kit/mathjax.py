"""Maths without a TeX installation: MathJax typesets the scenes' maths when asked.

The scenes set maths with Manim's ``MathTex`` (and ``DecimalNumber``, ``Integer``), which calls
``tex_to_svg_file`` (LaTeX, then dvisvgm) for each expression. With the ``mathjax`` backend that
one function is replaced by :func:`tex_to_svg_file`: MathJax (npm ``mathjax-full``, pinned in
``package-lock.json``) run by node, one process per scene render answering every expression
(``scripts/mathjax.js``), each SVG cached under ``build/mathjax/`` by a hash of the MathJax
version and the expression. The SVG is rewritten in TeX points, as dvisvgm writes them (1 em =
10 pt, the size of Manim's TeX template), so a ``MathTex`` has the same size, colour and
alignment under either backend and scenes do not know which typeset them.

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
POINTS_PER_UNIT = 10 / 1000  # MathJax draws in thousandths of an em; Manim's TeX is 10 pt
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
    """MathJax's SVG redrawn in TeX points, as dvisvgm writes it: width, height and viewBox in
    pt, glyphs filled black (Manim colours them), no ``currentColor``."""
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
    key = hashlib.sha256(f"{MATHJAX_VERSION}\0{tex}".encode()).hexdigest()[:24]
    path = cache_dir() / f"{key}.svg"
    if not path.exists():
        atomic_write_text(path, to_points(_typeset(tex), expression))
    return path


def inline_svg(tex: str) -> str:
    """``tex`` (inline maths) as an ``<svg class="math">`` for a web page: MathJax's glyphs as
    paths in ``currentColor`` (the text's colour), sized in ex, on the text's baseline."""
    key = hashlib.sha256(f"{MATHJAX_VERSION}\0inline\0{tex}".encode()).hexdigest()[:24]
    path = cache_dir() / f"{key}.inline.svg"
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
