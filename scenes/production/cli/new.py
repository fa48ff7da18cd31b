"""``render.py new chapter NAME``: start a chapter from a template that works."""

from __future__ import annotations

import click
import cloup

from experiments.core import paths
from experiments.core.cli import out


@cloup.group()
def new() -> None:
    """Start something new from a template that works."""


@new.command("chapter")
@click.argument("name")
@click.option(
    "--after",
    metavar="CHAPTER",
    default=None,
    help="Place it after this chapter in the talk [default: last].",
)
@click.option("--title", default=None, help="Its title in the talk [default: NAME in words].")
def new_chapter(name: str, after: str | None, title: str | None) -> None:
    """Write a new chapter NAME that renders as it is: its experiment, figure, declaration and
    three-beat scene, a test and a page for its science, and its one line in scenes/talk.toml.
    Then make it yours: docs/adding-a-chapter.md walks through each file."""
    from scenes.production.scaffold import write_chapter

    made = write_chapter(name, after, title)
    for path in made.files:
        out.print(f"wrote {path.relative_to(paths.REPO_ROOT)}", markup=False)
    package = name.replace("-", "_")
    out.print(
        f"chapter {made.place} of the talk: '{name}'. Next:\n"
        f"  render.py scenes render {name}          its video (build/videos/preview/{name}.mp4)\n"
        f"  render.py scenes check {name} --craft   the chapter rules and the craft checks\n"
        f"  .venv/bin/python -m pytest tests/test_{package}.py\n"
        f"  render.py slides && render.py gallery   the talk's slides, handout and gallery",
        markup=False,
    )
