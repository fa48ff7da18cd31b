"""The MathJax maths backend: MathTex typeset without TeX, as large, grouped and coloured as with
TeX; every scene's beats close to their TeX references; clear errors; the backend chosen once."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from scenes.kit import mathjax
from scenes.kit.mathjax import tex_tools_found
from scenes.manifest import SCENES
from tests.conftest import REFERENCE_DIR

needs_node = pytest.mark.skipif(
    not mathjax.PACKAGE.is_file() or shutil.which("node") is None,
    reason="node or mathjax-full missing (make setup installs them)",
)
EXPRESSIONS = [
    ("0",),
    (r"D_d =", r"0.218"),
    (r"\sqrt{d+2}\,x_1 \to \mathcal{N}(0,1)",),
    (r"\text{The cube } \{-1,1\}^3 \text{ turns about its diagonal } u",),
    (r"\mathrm{Lip} \gtrsim \sqrt{nd/p}",),
    (r"x^2", r"+", r"\frac{1}{2}"),
]
# Beats rendered with MathJax against the TeX references (320 x 180), both blurred by a Gaussian
# of BLUR px. Text is set with TeX's dashes, quotes, spaces and kerns at TeX's size, so lines of
# words are as wide as TeX's; what differs is MathJax's glyph outlines (a little heavier), its
# scripts (the text font scaled, not TeX's 7 pt design) and its radicals, which move glyph edges
# by a pixel or two: blurred RMS at most 6.1 and 0.02 % of pixels off over the eight scenes' 49
# beats (measured 2026-12-07). A missing or moved label, curve or panel still fails.
BLUR, MAX_RMS, MAX_BAD = 1.5, 10.0, 0.01


@pytest.fixture
def with_mathjax(monkeypatch: pytest.MonkeyPatch):
    """MathJax typesets MathTex in this test only."""
    from manim.mobject.text import tex_mobject

    monkeypatch.setattr(tex_mobject, "tex_to_svg_file", mathjax.tex_to_svg_file)
    monkeypatch.setenv(mathjax.MATH_ENV, "mathjax")


@needs_node
@pytest.mark.skipif(not tex_tools_found(), reason="LaTeX not installed (make test installs it)")
def test_mathjax_maths_is_as_large_and_split_as_tex(monkeypatch: pytest.MonkeyPatch) -> None:
    from manim import MathTex
    from manim.mobject.text import tex_mobject

    tex = [MathTex(*parts, font_size=40) for parts in EXPRESSIONS]
    monkeypatch.setattr(tex_mobject, "tex_to_svg_file", mathjax.tex_to_svg_file)
    jax = [MathTex(*parts, font_size=40) for parts in EXPRESSIONS]
    for parts, a, b in zip(EXPRESSIONS, tex, jax, strict=True):
        # the same glyphs, part by part, so indexing and colouring by part work alike
        assert [len(p) for p in a.submobjects] == [len(p) for p in b.submobjects], parts
        assert b.width == pytest.approx(a.width, rel=0.08), parts  # fractions: +7 %
        # MathJax picks a taller radical over a slash (nd/p: 0.75 against TeX's 0.50 here)
        tall = any(r"\sqrt{nd/p}" in p for p in parts)
        assert b.height == pytest.approx(a.height, rel=0.6 if tall else 0.12), parts
        assert b.font_size == pytest.approx(40)
    digit = jax[0]
    # the readable-size rule; and an em is 10 TeX pt in dvisvgm's PostScript points (10 pt read
    # as 10 bp made MathJax's maths 0.37 % larger)
    assert digit.height == pytest.approx(tex[0].height, rel=0.001)
    coloured = MathTex(r"D_d =", r"0.218").set_color_by_tex("0.218", "#ff0000")

    def fills(part) -> set[str]:
        return {m.get_fill_color().to_hex().lower() for m in part.family_members_with_points()}

    assert fills(coloured[1]) == {"#ff0000"} and "#ff0000" not in fills(coloured[0])


@needs_node
def test_svgs_are_cached_by_content(with_mathjax, build_dir: Path) -> None:
    from manim import MathTex

    MathTex(r"\sqrt{d}")
    files = sorted((build_dir / "mathjax").glob("*.svg"))
    assert len(files) == 1
    text = files[0].read_text()
    assert 'width="' in text and "pt" in text and "currentColor" not in text
    stamp = files[0].stat().st_mtime_ns
    MathTex(r"\sqrt{d}")
    assert files[0].stat().st_mtime_ns == stamp
    MathTex(r"\sqrt{n}")
    assert len(list((build_dir / "mathjax").glob("*.svg"))) == 2


def test_a_change_to_the_script_typesets_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The cache key holds the script and its text fonts, so SVGs made by an older script are
    not reused."""
    key, engine = mathjax._cache_key(r"\text{10--20}"), mathjax.engine()
    assert engine.startswith("3.2.2+")
    changed = tmp_path / "mathjax.js"
    changed.write_bytes(mathjax.SCRIPT.read_bytes() + b"// changed\n")
    monkeypatch.setattr(mathjax, "SCRIPT", changed)
    assert mathjax._cache_key(r"\text{10--20}") != key and mathjax.engine() != engine
    monkeypatch.undo()
    fonts = tmp_path / "fonts.json"
    fonts.write_bytes(mathjax.TEXT_FONTS_FILE.read_bytes() + b"\n")
    monkeypatch.setattr(mathjax, "TEXT_FONTS_FILE", fonts)
    assert mathjax.engine() != engine


@needs_node
def test_what_mathjax_cannot_typeset_is_an_error_naming_it(with_mathjax) -> None:
    from manim import MathTex

    with pytest.raises(mathjax.MathJaxError, match=r"cannot typeset .*x\^\{2\}\^\{3\}"):
        MathTex(r"x^{2}^{3}")
    with pytest.raises(mathjax.MathJaxError, match=r"\\\\undefinedmacro"):
        MathTex(r"x + \undefinedmacro")
    with pytest.raises(mathjax.MathJaxError, match="cannot draw every character"):
        MathTex(r"\text{漢字}")


def _glyphs(tex: str) -> tuple[list[str], float]:
    """The characters MathJax draws for ``tex`` (hex code points, in order) and its width in em."""
    svg = mathjax._typeset(tex)
    width = float(svg.split('viewBox="', 1)[1].split()[2]) / 1000
    return re.findall(r'data-c="([0-9A-F]+)"', svg), width


EN, EM, LQ, RQ, LDQ, RDQ, MINUS = "2013", "2014", "2018", "2019", "201C", "201D", "2212"


@needs_node
@pytest.mark.parametrize(
    ("tex", "drawn"),
    [
        (r"\text{10--20}", ["31", "30", EN, "32", "30"]),  # -- an en dash
        (r"\text{a---b}", ["61", EM, "62"]),  # --- an em dash
        (r"\text{a----b}", ["61", EM, "2D", "62"]),  # read left to right, as TeX's table
        (r"\text{a-b}", ["61", "2D", "62"]),  # a hyphen stays one
        (r"\text{``a'' `b'}", [LDQ, "61", RDQ, LQ, "62", RQ]),  # curly quotes
        (r"\text{it's}", ["69", "74", RQ, "73"]),
        (r"10^{8}\text{--}10^{9}", ["31", "30", "38", EN, "31", "30", "39"]),  # how-big's ranges
        (r"\mbox{a--b} + \textrm{c---d}", ["61", EN, "62", "2B", "63", EM, "64"]),
        (r"\text{a \textbf{b--c} d}", ["61", "1D41B", EN, "1D41C", "64"]),  # nested
        (r"\text{\{--\}}", ["7B", EN, "7D"]),  # escaped braces are characters
        (r"\texttt{a--b}", ["1D68A", "2D", "2D", "1D68B"]),  # typewriter: no ligatures
        # maths is left alone: -- two minus signs, ' a prime, also inside \text's $...$
        (r"x--y", ["1D465", MINUS, MINUS, "1D466"]),
        (r"f'", ["1D453", "2032"]),
        (r"\text{a $x--y'$ b}", ["61", "1D465", MINUS, MINUS, "1D466", "2032", "62"]),
    ],
)
def test_text_mode_ligatures_and_quotes_are_tex_s(tex: str, drawn: list[str]) -> None:
    assert _glyphs(tex)[0] == drawn


@needs_node
def test_an_en_dash_typed_or_made_by_the_ligature_is_the_same_drawing() -> None:
    assert mathjax._typeset(r"\text{10--20}") == mathjax._typeset("\\text{10\u201320}")
    assert mathjax._typeset(r"\text{a---b}") == mathjax._typeset("\\text{a\u2014b}")


@needs_node
@pytest.mark.parametrize(
    ("spaced", "closed", "font", "extra"),
    [
        (r"\text{a b}", r"\text{ab}", "normal", False),  # an interword space, 1/3 em
        (r"\text{a~b}", r"\text{ab}", "normal", False),
        (r"\text{a\ b}", r"\text{ab}", "normal", False),
        (r"\text{a.  b}", r"\text{a.b}", "normal", True),  # a sentence's end: extra space
        (r"\text{a.) b}", r"\text{a.)b}", "normal", True),  # ) passes the space factor on
        (r"\text{a: b}", r"\text{a:b}", "normal", True),
        (r"\text{a; b}", r"\text{a;b}", "normal", False),
        (r"\text{J. Smith}", r"\text{J.Smith}", "normal", False),  # after a capital: none
        (r"\text{NASA\@. b}", r"\text{NASA.b}", "normal", True),
        (r"\text{e.g.\@ b}", r"\text{e.g.b}", "normal", False),
        (r"\textbf{a b}", r"\textbf{ab}", "bold", False),
        (r"\textit{a. b}", r"\textit{a.b}", "-tex-mathit", True),
        (r"\texttt{a b}", r"\texttt{ab}", "monospace", False),
    ],
)
def test_text_spaces_are_the_font_s_as_in_tex(
    spaced: str, closed: str, font: str, extra: bool
) -> None:
    fonts = _text_fonts()
    want = fonts[font]["space"] + (fonts[font]["extra"] if extra else 0)
    assert _glyphs(spaced)[1] - _glyphs(closed)[1] == pytest.approx(want, abs=2e-3)
    assert fonts["normal"]["space"] == pytest.approx(1 / 3, abs=1e-5)  # where MathJax put 1/4


def _text_fonts() -> dict[str, dict[str, Any]]:
    return json.loads(mathjax.TEXT_FONTS_FILE.read_text(encoding="utf-8"))


@needs_node
@pytest.mark.parametrize(
    ("pair", "font"),
    [("AV", "normal"), ("Te", "normal"), ("y.", "normal"), ("f)", "normal"), ("AV", "bold")],
)
def test_text_is_kerned_as_tex_kerns_it(pair: str, font: str) -> None:
    wrap = {"normal": r"\text{%s}", "bold": r"\textbf{%s}"}[font]
    kern = _text_fonts()[font]["kerns"][pair]
    apart = _glyphs(wrap % pair[0])[1] + _glyphs(wrap % pair[1])[1]
    assert _glyphs(wrap % pair)[1] == pytest.approx(apart + kern, abs=2e-3)
    assert kern != 0
    assert _glyphs(r"\texttt{AV}")[1] == pytest.approx(2 * 0.525, abs=2e-3)  # no kerns in tt


@pytest.mark.skipif(shutil.which("tftopl") is None, reason="TeX's tftopl not installed")
def test_the_text_fonts_file_is_tex_s_fonts() -> None:
    """The spaces and kerns the script sets are the TFM files' own (``tftopl``), and cmr10's
    interword space is the 1/3 em where MathJax put 1/4."""
    assert _text_fonts() == mathjax.tfm_text_fonts()
    normal = _text_fonts()["normal"]
    assert normal["space"] == pytest.approx(1 / 3, abs=1e-5)
    assert normal["kerns"]["AV"] == pytest.approx(-1 / 9, abs=1e-5)  # cmr10's AV kern


@needs_node
@pytest.mark.skipif(not tex_tools_found(), reason="LaTeX not installed (make test installs it)")
def test_text_lines_are_as_wide_as_tex_s(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines of words, as the scenes write them, as wide as TeX's to 0.1 % (MathJax's quarter-em
    spaces made them 2 % narrower, 10 pt read as 10 bp 0.4 % wider): a statement TeX fits in the
    title-safe width fits with MathJax too."""
    from manim import MathTex
    from manim.mobject.text import tex_mobject

    lines = [
        r"\text{Speculatively: robust ImageNet needs GPT-3 scale}",
        r"\text{Sources: Bubeck \& Sellke 2021; Madry et al. 2018; Brown et al. 2020}",
        r"p = 600\text{ features (minimum norm): exact, far less steep}",
    ]
    tex = [MathTex(s).width for s in lines]
    monkeypatch.setattr(tex_mobject, "tex_to_svg_file", mathjax.tex_to_svg_file)
    for line, width in zip(lines, tex, strict=True):
        assert MathTex(line).width == pytest.approx(width, rel=0.001), line


def test_auto_is_tex_when_installed_else_mathjax(monkeypatch: pytest.MonkeyPatch) -> None:
    from experiments.core.errors import UserError

    found = {"latex": "/usr/bin/latex", "dvisvgm": "/usr/bin/dvisvgm"}
    monkeypatch.setattr(mathjax.shutil, "which", found.get)
    monkeypatch.delenv(mathjax.MATH_ENV, raising=False)
    assert mathjax.resolve() == "tex" and mathjax.resolve("mathjax") == "mathjax"
    monkeypatch.setenv(mathjax.MATH_ENV, "mathjax")
    assert mathjax.resolve() == "mathjax" and mathjax.resolve("tex") == "tex"
    del found["dvisvgm"]
    monkeypatch.delenv(mathjax.MATH_ENV)
    assert mathjax.resolve() == "mathjax"
    assert mathjax.describe(None, "mathjax") == "maths: MathJax 3.2.2 (no latex or dvisvgm found)"
    with pytest.raises(UserError, match="unknown maths backend 'html'"):
        mathjax.resolve("html")


def test_the_cli_says_once_which_typesets(
    capsys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from render import main

    # set, so that the test's end restores it: the command sets it for the scenes it runs
    monkeypatch.setenv(mathjax.MATH_ENV, "auto")
    assert main(["scenes", "render", "nonesuch", "--math", "mathjax"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown scene 'nonesuch'" in err  # errors stay one line
    assert os.environ[mathjax.MATH_ENV] == "mathjax"  # what the scenes' processes inherit
    script = str(tmp_path / "script.md")
    assert main(["scenes", "script", "how-big", "--math", "mathjax", "-o", script]) == 0
    assert capsys.readouterr().err.startswith("maths: MathJax 3.2.2 (asked for)\n")
    assert main(["scenes", "render", "how-big", "--math", "html"]) == 2
    assert "Invalid value for '--math'" in capsys.readouterr().err


def test_system_deps_leave_tex_out_only_when_asked(tmp_path: Path) -> None:
    """The set-up script: with HIDIM_MATH=mathjax no TeX package is wanted (checked by listing
    what it would install, with dpkg-query answering that nothing is installed)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")  # not root: it prints what it would do
    for tool in ("dpkg-query", "id"):
        (fake / tool).chmod(0o755)
    script = Path(__file__).resolve().parents[1] / "scripts" / "system-deps.sh"

    def wanted(math: str, *args: str) -> str:
        env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "HIDIM_MATH": math}
        proc = subprocess.run(
            ["bash", str(script), *args], env=env, capture_output=True, text=True, check=False
        )
        assert proc.returncode == (2 if math == "bogus" else 1), proc.stderr
        return proc.stderr

    assert "dvisvgm" not in wanted("mathjax") and "texlive" not in wanted("mathjax")
    assert "texlive-latex-base" in wanted("tex") and "dvisvgm" in wanted("tex")
    assert "texlive-latex-base" in wanted("mathjax", "--test")
    assert "must be auto, tex or mathjax" in wanted("bogus")


@needs_node
def test_gallery_captions_use_the_same_backend(
    build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scenes.production.gallery import math_svg, mathtext_svg

    monkeypatch.setenv(mathjax.MATH_ENV, "mathjax")
    svg = math_svg(r"\sqrt{d+2}")
    assert svg.startswith('<svg class="math"') and 'fill="currentColor"' in svg
    assert 'data-c="221A"' in svg  # MathJax's radical glyph
    assert svg != mathtext_svg(r"\sqrt{d+2}")
    assert list((build_dir / "mathjax").glob("*.inline.svg"))


# --- every scene -----------------------------------------------------------------------------


def _beats_with_mathjax(name: str, folder: Path, build: Path) -> list[Path]:
    """Each beat's last frame of scene ``name``, 854 px wide, typeset by MathJax: rendered as its
    references are (the craft check, animated at 5 frames a second; skipping the animations
    would leave what runs on a clock, as isoperimetry's turning spheres, elsewhere), in a child
    process as a render is, the backend set by the environment it inherits."""
    env = {**os.environ, mathjax.MATH_ENV: "mathjax", "HIDIM_BUILD": str(build)}
    env.pop("HIDIM_THEME", None)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PIL import Image\n"
        "from scenes.manifest import get_scene\n"
        "from scenes.production.craft import inspect_scene\n"
        "spec, folder = get_scene(sys.argv[1]), Path(sys.argv[2])\n"
        "folder.mkdir(parents=True)\n"
        "for beat in inspect_scene(spec.module, spec.cls, Path(sys.argv[3])).beats:\n"
        "    frame = Image.fromarray(beat.frame[..., :3].copy())\n"
        "    frame.save(folder / f'beat-{beat.index:02d}.png')\n"
    )
    cmd = [sys.executable, "-c", code, name, str(folder), str(build / "m")]
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, check=False, cwd=mathjax.paths.REPO_ROOT
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return sorted(folder.glob("beat-*.png"))


# One scene in the default run (the theorem card: the most maths on one screen); every other
# scene with `make test-slow`, which keeps the default run near its time budget.
DEFAULT_SCENE = "why-the-law"


@needs_node
@pytest.mark.skipif(
    not tex_tools_found(), reason="the references are TeX's (make test installs it)"
)
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(s.name, marks=() if s.name == DEFAULT_SCENE else pytest.mark.slow)
        for s in SCENES
    ],
)
def test_every_scene_typeset_by_mathjax_stays_close_to_its_tex_beats(
    name: str, tmp_path: Path, build_dir: Path
) -> None:
    from PIL import Image, ImageFilter

    frames = _beats_with_mathjax(name, tmp_path / "beats", build_dir)
    references = sorted((REFERENCE_DIR / "scenes" / name).glob("beat-*.png"))
    assert len(frames) == len(references)
    for frame in frames:
        index = int(frame.stem.split("-")[1])
        small = Image.open(frame).convert("RGB").resize((320, 180), Image.Resampling.LANCZOS)
        reference = Image.open(REFERENCE_DIR / "scenes" / name / f"beat-{index}.png")
        # compared here, never written: the references are TeX's, reviewed
        a = np.asarray(small.filter(ImageFilter.GaussianBlur(BLUR)), np.int16)
        b = np.asarray(reference.convert("RGB").filter(ImageFilter.GaussianBlur(BLUR)), np.int16)
        diff = np.abs(a - b)
        rms = float(np.sqrt(np.mean(diff.astype(float) ** 2)))
        bad = float(np.mean(diff.max(axis=-1) > 64))
        assert rms <= MAX_RMS and bad <= MAX_BAD, (
            f"{name} beat {index} by MathJax: blurred rms {rms:.2f} (max {MAX_RMS}), {bad:.2%} "
            f"pixels off (max {MAX_BAD:.0%}) against the TeX reference"
        )
    assert list((build_dir / "mathjax").glob("*.svg")), "nothing was typeset by MathJax"
