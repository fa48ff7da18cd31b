"""The ``figures`` commands: build the paper figures for a venue, and proof them in a LaTeX page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click
import cloup

from experiments.core import paths
from experiments.core.cli import (
    out,
    overrides_by_experiment,
    preset_option,
    progress,
    run_experiments,
    set_option,
)


def _venue_dir(venue: str | None) -> Path:
    """build/figures/ for the theme's default venue (no --venue), build/figures/VENUE/ else."""
    return paths.figures_dir() / venue if venue else paths.figures_dir()


def build_figures(
    names: Sequence[str],
    preset: str,
    settings: Sequence[str],
    venue: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Draw the named figures (all if none) from their results (computed if missing, all of
    them again with ``force``): the files written."""
    from figures import all_figures, build_figure, get_figure

    specs = [get_figure(n) for n in names] if names else all_figures()
    needed = list(dict.fromkeys(e for s in specs for e in s.needs))
    per = overrides_by_experiment(needed, settings) if settings else {}
    run_experiments(needed, preset, settings, "auto", force)
    written: list[Path] = []
    with progress() as bars:
        task = bars.add_task("figures", total=len(specs))
        for spec in specs:
            written += build_figure(
                spec, _venue_dir(venue), preset=preset, overrides=per, venue=venue
            )
            bars.advance(task)
    return written


def _venue_names() -> list[str]:
    from figures.kit.style import venues

    return list(venues())


venue_option = click.option(
    "--venue",
    type=click.Choice(_venue_names()),
    default=None,
    help="Widths, font sizes and type family of a venue (assets/theme.json); written to "
    "build/figures/VENUE/. Without it: the theme's default venue, into build/figures/.",
)


@cloup.group()
def figures() -> None:
    """Build paper figures (PDF with embedded fonts, and PNG)."""


@figures.command("build")
@click.argument("names", nargs=-1)
@preset_option
@set_option
@venue_option
@click.option(
    "--force",
    is_flag=True,
    help="Compute the results the figures read again first, even if they are stored.",
)
def figures_build(
    names: tuple[str, ...], preset: str, settings: tuple[str, ...], venue: str | None, force: bool
) -> None:
    """Build the named figures (all if none) into build/figures/ (or build/figures/VENUE/)."""
    for path in build_figures(names, preset, settings, venue, force):
        out.print(f"wrote {path}")


@figures.command("proof")
@click.argument("names", nargs=-1)
@preset_option
@click.option(
    "--venue",
    "venues",
    type=click.Choice(_venue_names()),
    multiple=True,
    help="Venue to check (repeatable; all if none).",
)
def figures_proof(names: tuple[str, ...], preset: str, venues: tuple[str, ...]) -> None:
    """The named figures (all if none) in a LaTeX page of each venue:
    build/figures/VENUE/proof.pdf and its pages as PNG. Fails if a figure is wider than its
    venue width or than the text, has a caption wider than the text, or uses a font outside the
    venue's type family. Each figure is set with its caption (``NAME.caption.tex``)."""
    from figures import all_figures, get_figure
    from figures.kit.proof import FAMILY_NAMES, proof
    from figures.kit.style import venue_settings

    failed = False
    for venue in venues or _venue_names():
        specs = [get_figure(n) for n in names] if names else all_figures()
        build_figures([s.name for s in specs], preset, (), venue)
        report = proof(venue, specs, _venue_dir(venue))
        family = FAMILY_NAMES[venue_settings(venue)["type_family"]]
        for check in report.figures:
            problems = []
            if check.too_wide_in:
                problems.append(
                    f"{check.too_wide_in:.2f} in wider than its {check.width} width "
                    f"({check.declared_in:g} in)"
                )
            if check.overfull_pt:
                problems.append(f"{check.overfull_pt:.1f} pt wider than the text")
            if check.overhigh_pt:
                problems.append(f"{check.overhigh_pt:.1f} pt taller than the slide")
            if check.caption_overfull_pt:
                problems.append(f"caption {check.caption_overfull_pt:.1f} pt wider than the text")
            if check.foreign_fonts:
                problems.append("fonts outside " + family + ": " + ", ".join(check.foreign_fonts))
            status = "ok" if check.ok else "; ".join(problems)
            if check.caption_below_pt:
                status += f" (caption runs {check.caption_below_pt:.0f} pt below the slide)"
            out.print(f"{venue:8} {check.name:22} {check.pdf_width_in:5.2f} in  {status}")
        out.print(f"{venue}: {report.pdf} ({len(report.pages)} pages as PNG beside it)")
        failed |= not report.ok
    if failed:
        raise click.ClickException("some figures do not fit their venue (listed above)")
