"""Venue styles and the LaTeX proof: every figure, built for every venue, fits the venue's text
and column widths and embeds the fonts of one type family."""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from experiments.core.store import ResultStore
from figures import all_figures, build_figure
from figures.kit.proof import WIDTH_TOLERANCE_IN, FigureCheck, _overfull, foreign_fonts, proof
from figures.kit.registry import FigureSpec
from figures.kit.style import figsize, paper_rc, paper_style, venue_settings, venues

TOOLS = all(shutil.which(t) for t in ("pdflatex", "pdffonts", "pdftoppm", "pdfinfo"))
needs_tex = pytest.mark.skipif(not TOOLS, reason="pdflatex/poppler not installed (make test does)")
VENUES = list(venues())


def test_each_venue_sets_its_widths_sizes_and_one_type_family() -> None:
    expected_full = {"neurips": 5.5, "icml": 6.75, "arxiv": 6.0, "slides": 5.3}
    assert set(VENUES) == set(expected_full)
    for venue, full in expected_full.items():
        with paper_style(venue):
            assert figsize("full", 0.5) == (full, full * 0.5)
            cap = venue_settings(venue).get("max_height_in")
            assert figsize("full", 2.0)[1] == (cap if cap else 2.0 * full)  # a slide's height
            assert figsize("column")[0] == venue_settings(venue)["widths_in"]["column"]
        rc = paper_rc(venue)
        family = venue_settings(venue)["family"]
        assert rc["font.serif"] == [family["text"]] and rc["font.family"] == "serif"
        assert rc["mathtext.fontset"] == family["math"]
        assert rc["mathtext.fallback"] is None  # no silent second family for a missing glyph
        assert rc["pdf.fonttype"] == 42
    assert paper_rc("neurips")["mathtext.fontset"] == "stix"
    assert paper_rc("arxiv")["mathtext.fontset"] == "cm"
    assert paper_rc("slides")["font.size"] > paper_rc("neurips")["font.size"]


def test_the_venue_is_only_set_inside_paper_style() -> None:
    with paper_style("icml"):
        assert figsize("full")[0] == 6.75
    default = venue_settings()["name"]
    assert default == VENUES[0]  # the theme's default comes first
    assert figsize("full")[0] == venue_settings(default)["widths_in"]["full"]


def test_unknown_venue_and_width_are_clear_errors() -> None:
    with pytest.raises(KeyError, match="unknown venue 'nature'"):
        venue_settings("nature")
    with pytest.raises(KeyError, match="unknown figure width 'neurips_full'"):
        figsize("neurips_full")


def test_a_figure_drawn_at_another_width_than_registered_is_refused(tmp_path: Path) -> None:
    def wrong(results: object) -> Figure:
        return Figure(figsize=figsize("column"))

    spec = FigureSpec("wrong-width", "drawn at the column width", (), wrong, "full")
    with pytest.raises(ValueError, match="registered at the 'full' width"):
        build_figure(spec, tmp_path, venue="neurips")
    assert not list(tmp_path.iterdir())  # nothing written


def test_overfull_boxes_are_read_per_figure_from_the_log() -> None:
    log = "\n".join(
        [
            "Overfull \\hbox (3.0pt too wide) in paragraph at lines 1--2",  # outside a figure
            "HIDIM-FIGURE a",
            "Overfull \\hbox (12.5pt too wide) in paragraph at lines 10--11",
            "Overfull \\hbox (2.25pt too wide) in paragraph at lines 12--13",
            "HIDIM-END a",
            "HIDIM-FIGURE b",
            "HIDIM-END b",
            "Overfull \\vbox (7.5pt too high) detected at line 40",  # b's slide closes
            "HIDIM-FIGURE c",
            "HIDIM-CAPTION c",
            "Overfull \\hbox (4.0pt too wide) in paragraph at lines 50--51",  # c's caption
            "HIDIM-END c",
            "HIDIM-CAPTION-HEIGHT d 20.5pt",  # measured before d's slide
            "HIDIM-FIGURE d",
            "HIDIM-CAPTION d",
            "HIDIM-END d",
            "Overfull \\vbox (30.0pt too high) detected at line 60",  # d's slide closes
        ]
    )
    found = _overfull(log)
    assert found.wide == {"a": 12.5} and found.high == {"b": 7.5, "d": 30.0}
    assert found.caption_wide == {"c": 4.0} and found.caption_height == {"d": 20.5}


def test_fonts_outside_the_venue_family_are_named() -> None:
    fonts = ["STIXGeneral-Regular", "CMUSerif-Roman", "Cmmi10", "DejaVuSans"]
    assert foreign_fonts(fonts, "neurips") == ["CMUSerif-Roman", "Cmmi10", "DejaVuSans"]
    assert foreign_fonts(fonts, "arxiv") == ["STIXGeneral-Regular", "DejaVuSans"]


def test_a_figure_check_fails_on_each_kind_of_defect() -> None:
    def check(**kw: object) -> FigureCheck:
        base: dict[str, object] = {
            "name": "f",
            "width": "full",
            "pdf_width_in": 5.49,
            "fonts": ["STIXGeneral-Regular"],
            "declared_in": 5.5,
            "foreign_fonts": [],
            "overfull_pt": 0.0,
        }
        return FigureCheck(**{**base, **kw})  # type: ignore[arg-type]

    assert check().ok
    assert check(pdf_width_in=5.5 + WIDTH_TOLERANCE_IN / 2).ok  # rounding of the page size
    assert not check(pdf_width_in=5.7).ok and check(pdf_width_in=5.7).too_wide_in == pytest.approx(
        0.2
    )
    assert not check(overfull_pt=4.0).ok
    assert not check(overhigh_pt=2.0).ok
    assert not check(foreign_fonts=["DejaVuSans"]).ok
    assert not check(caption_overfull_pt=3.0).ok
    assert check(caption_below_pt=12.0).ok  # a slide's caption may run below it


@needs_tex
@pytest.mark.parametrize("venue", VENUES)
def test_every_figure_fits_its_venue_in_one_type_family(
    venue: str, tmp_path: Path, figure_store: ResultStore
) -> None:
    specs = all_figures()
    out = tmp_path / venue
    with warnings.catch_warnings():
        # a glyph missing from the venue's fonts is a UserWarning of matplotlib: an error here
        warnings.simplefilter("error", UserWarning)
        for spec in specs:
            build_figure(spec, out, store=figure_store, venue=venue)
    report = proof(venue, specs, out)
    assert [c.name for c in report.figures] == [s.name for s in specs]
    bad = {c.name: c for c in report.figures if not c.ok}
    assert not bad, bad
    for check in report.figures:
        assert check.fonts and not check.foreign_fonts
        assert check.pdf_width_in <= check.declared_in + WIDTH_TOLERANCE_IN
        # tight bounding boxes trim white margins only: a figure keeps most of its width
        assert check.pdf_width_in > 0.9 * check.declared_in, check
    assert report.pdf.read_bytes().startswith(b"%PDF") and report.pages
    assert all(p.stat().st_size > 0 for p in report.pages)


@needs_tex
def test_cli_builds_a_venue_into_its_own_folder_and_proofs_it(build_dir: Path) -> None:
    from render import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["figures", "build", "toy-fits", "--venue", "icml"])
    assert result.exit_code == 0, result.output
    assert (build_dir / "figures" / "icml" / "toy-fits.pdf").exists()
    assert not (build_dir / "figures" / "toy-fits.pdf").exists()

    result = runner.invoke(cli, ["figures", "proof", "toy-fits", "--venue", "arxiv"])
    assert result.exit_code == 0, result.output
    assert "arxiv" in result.output and "toy-fits" in result.output and " ok" in result.output
    assert (build_dir / "figures" / "arxiv" / "proof.pdf").exists()
    assert list((build_dir / "figures" / "arxiv").glob("proof-*.png"))

    result = runner.invoke(cli, ["figures", "build", "toy-fits", "--venue", "nature"])
    assert result.exit_code == 2 and "nature" in result.output


def blank(results: object) -> Figure:
    """A plain full-width figure that fits every venue."""
    fig = Figure(figsize=figsize("full", 0.3), layout="constrained")
    fig.subplots().plot([0, 1], [0, 1])
    return fig


@needs_tex
@pytest.mark.parametrize("venue", VENUES)
def test_the_proof_sets_each_figure_with_its_caption(venue: str, tmp_path: Path) -> None:
    """The caption the build wrote beside the PDF is typeset by LaTeX under the figure, its
    text's %, & and _ escaped (they would end the line, break the tabular or fail)."""

    caption = r"A 50 % share & its_name; the band $|x_1| \leq t$ has measure 0.9."
    spec = FigureSpec("blank", "a blank figure", (), blank, "full", caption)
    build_figure(spec, tmp_path, venue=venue)
    report = proof(venue, [spec], tmp_path)
    assert report.ok, report.figures
    tex = (tmp_path / "proof-tex" / "proof.tex").read_text()
    assert "\\caption{A 50 \\% share \\& its\\_name; the band $|x_1| \\leq t$" in tex
    text = subprocess.run(
        ["pdftotext", str(report.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # (pdftotext reads the OT1 underscore, a rule, as a space)
    assert re.search(r"Figure( 1)?: A 50 % share & its[_ ]name; the band", " ".join(text.split()))


@needs_tex
def test_a_caption_wider_than_the_text_fails_the_proof(tmp_path: Path) -> None:

    unbreakable = "$" + "x" * 300 + "$"  # maths of ordinary atoms only: no break point
    spec = FigureSpec("blank", "a blank figure", (), blank, "full", unbreakable)
    build_figure(spec, tmp_path, venue="neurips")
    (check,) = proof("neurips", [spec], tmp_path).figures
    assert check.caption_overfull_pt > 0 and check.overfull_pt == 0 and not check.ok
