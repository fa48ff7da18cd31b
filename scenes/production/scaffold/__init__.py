"""``render.py new chapter NAME``: a new chapter that works from the first render.

It writes, from the templates beside this module, the chapter's experiment
(``experiments/topics/``), its figure (``figures/topics/``), its declaration and three-beat scene
(``scenes/chapters/<name>/``), a test of its experiment (``tests/``) and a page for its science
(``docs/chapters/``), and puts its one line into ``scenes/talk.toml``. Nothing else is edited:
topic modules are found by their files, chapter numbers are computed. As written, the chapter
shows a true result (most of a ball's volume is near its surface), renders, passes the chapter
rules and craft checks, and appears in the slides, the handout and the gallery; the author then
replaces its content with their own.

It refuses a name in use and never overwrites a file: either every file is written, or none.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from experiments.core import paths
from experiments.core.errors import UserError
from experiments.core.fileio import atomic_write_text
from scenes.kit.chapter import CHAPTERS_DIR, TALK_PATH, talk_order

TEMPLATES = Path(__file__).resolve().parent
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
MAX_NAME = 30  # the generated code keeps its lines under the project's 100 columns
MAX_TITLE = 44  # the widest heading that fits the frame at the theme's title size


@dataclass(frozen=True)
class NewChapter:
    """What :func:`write_chapter` wrote."""

    name: str
    place: int  # its number in the talk, from 1
    files: tuple[Path, ...]  # every file written, the talk's order last


def _words(name: str) -> str:
    text = name.replace("-", " ")
    return text[:1].upper() + text[1:]


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def chapter_files(name: str, root: Path = paths.REPO_ROOT) -> dict[str, Path]:
    """Template -> the file it becomes, for chapter ``name`` under ``root``."""
    package = name.replace("-", "_")
    chapter = root / CHAPTERS_DIR.relative_to(paths.REPO_ROOT) / package
    return {
        "experiment.py.j2": root / "experiments" / "topics" / f"{package}.py",
        "figure.py.j2": root / "figures" / "topics" / f"{package}.py",
        "chapter.py.j2": chapter / "__init__.py",
        "scene.py.j2": chapter / "scene.py",
        "test.py.j2": root / "tests" / f"test_{package}.py",
        "doc.md.j2": root / "docs" / "chapters" / f"{name}.md",
    }


def _check_name(name: str, after: str | None) -> None:
    from experiments.core.registry import EXPERIMENTS
    from figures.kit.registry import FIGURES

    if not NAME.match(name) or len(name) > MAX_NAME:
        raise UserError(
            f"chapter name '{name}': use lowercase words of letters and digits joined by "
            f"hyphens, starting with a letter, at most {MAX_NAME} characters (e.g. shell-volume)"
        )
    talk = talk_order()
    if name in talk:
        raise UserError(f"chapter '{name}' is already in the talk (scenes/talk.toml)")
    for kind, registry in (("experiment", EXPERIMENTS), ("figure", FIGURES)):
        if name in {item.name for item in registry.all()}:
            raise UserError(f"'{name}' is already the name of an {kind}: choose another name")
    if after is not None and after not in talk:
        from experiments.core.errors import unknown_name

        raise unknown_name("chapter", after, talk, where="for --after")


def talk_with(name: str, after: str | None, text: str) -> str:
    """The text of ``scenes/talk.toml`` with the line of chapter ``name`` after ``after``'s line
    (last if None); comments and layout kept."""
    lines = text.splitlines(keepends=True)
    entries = [i for i, ln in enumerate(lines) if re.match(r'^\s*"[^"]+",?\s*(#.*)?$', ln)]
    if not entries:
        raise UserError(f"{TALK_PATH}: no chapter lines to place '{name}' among")
    if after is None:
        anchor = entries[-1]
    else:
        found = [i for i in entries if re.match(rf'^\s*"{re.escape(after)}"', lines[i])]
        if not found:
            raise UserError(f"{TALK_PATH}: no line for chapter '{after}'")
        anchor = found[0]
    indent = re.match(r"^\s*", lines[anchor])[0]  # type: ignore[index]
    if not lines[anchor].rstrip("\n").split("#")[0].rstrip().endswith(","):
        lines[anchor] = re.sub(r'^(\s*"[^"]+")', r"\1,", lines[anchor])
    lines.insert(anchor + 1, f'{indent}"{name}",\n')
    return "".join(lines)


def _format(files: list[Path]) -> None:
    """Lay the new Python files out as the project's formatter does (their lines depend on the
    name's length), where the formatter is installed (it is, in ``make setup``'s .venv)."""
    if files and importlib.util.find_spec("ruff") is not None:
        subprocess.run(
            [sys.executable, "-m", "ruff", "format", "--quiet", "--no-cache", *map(str, files)],
            cwd=paths.REPO_ROOT,
            check=False,
            stdin=subprocess.DEVNULL,
        )


def write_chapter(
    name: str, after: str | None = None, title: str | None = None, root: Path = paths.REPO_ROOT
) -> NewChapter:
    """Write chapter ``name`` (see the module docstring), placed after chapter ``after`` (last
    if None), titled ``title`` (its name in words if None)."""
    _check_name(name, after)
    title = " ".join((title or _words(name)).split())
    if not title or '"' in title or "\\" in title:
        raise UserError("--title: one line of text, without double quotes or backslashes")
    if len(title) > MAX_TITLE:
        raise UserError(
            f"--title: at most {MAX_TITLE} characters (it is the scene's heading, at title size, "
            f"within the title-safe area); this one has {len(title)}"
        )
    targets = chapter_files(name, root)
    taken = [str(p.relative_to(root)) for p in targets.values() if p.exists()]
    if taken:
        raise UserError(f"chapter '{name}' would overwrite {', '.join(taken)}: choose another name")
    package = name.replace("-", "_")
    values = {
        "name": name,
        "package": package,
        "title": title,
        "scene_class": _camel(name),
        "config_class": f"{_camel(name)}Config",
    }
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # Python and Markdown, not HTML
    )
    texts = {path: env.get_template(template).render(values) for template, path in targets.items()}
    talk_path = root / TALK_PATH.relative_to(paths.REPO_ROOT)
    talk_text = talk_with(name, after, talk_path.read_text())
    order = tomllib.loads(talk_text)["chapters"]
    written: list[Path] = []
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, text)
            written.append(path)
        atomic_write_text(talk_path, talk_text)  # last: in the talk once it is whole
    except BaseException:
        for path in written:  # new files, none of them the user's: leave nothing half made
            path.unlink(missing_ok=True)
        raise
    _format([p for p in written if p.suffix == ".py"])
    return NewChapter(name, order.index(name) + 1, (*texts, talk_path))
