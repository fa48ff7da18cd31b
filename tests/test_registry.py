"""One registry mechanism for experiments and figures: lookup, suggestions, duplicates."""

from __future__ import annotations

import pytest

from experiments.core.config import ExperimentConfig
from experiments.core.errors import UserError
from experiments.core.registry import EXPERIMENTS, Registry, experiment, get_experiment
from figures.kit.registry import FIGURES, figure, get_figure


def test_lookup_suggests_a_close_name_for_experiments_and_figures() -> None:
    with pytest.raises(UserError, match="unknown experiment 'cube-cl'; did you mean 'cube-clt'"):
        get_experiment("cube-cl")
    with pytest.raises(UserError, match="unknown figure 'toy-fit'; did you mean 'toy-fits'"):
        get_figure("toy-fit")


def first() -> None: ...


def second() -> None: ...


def test_a_name_registered_by_two_functions_is_refused() -> None:
    registry: Registry[str] = Registry("thing")
    registry.add("a", "one", first)
    registry.add("a", "one again", first)  # the same function again (a reloaded module)
    assert registry.all() == ["one again"]
    with pytest.raises(ValueError, match="thing 'a' registered twice"):
        registry.add("a", "two", second)
    assert registry.get("a") == "one again"


@pytest.mark.parametrize("kind", ["experiment", "figure"])
def test_experiments_and_figures_both_refuse_a_duplicate_name(kind: str) -> None:
    def impostor(*args: object) -> dict:
        return {}

    with pytest.raises(ValueError, match=f"{kind} 'toy-fits' registered twice"):
        if kind == "experiment":
            get_experiment("toy-fits")  # load the real one first
            experiment("toy-fits", description="", config=ExperimentConfig, version=1)(impostor)
        else:
            get_figure("toy-fits")
            figure("toy-fits", description="", needs=(), caption="a caption")(impostor)
    # the real ones are still there
    assert EXPERIMENTS.get("toy-fits").fn.__name__ == "toy_fits"
    assert FIGURES.get("toy-fits").fn.__name__ != "impostor"


def test_a_lookup_imports_only_the_module_that_registers_the_name() -> None:
    """A render asks for one experiment: only its topic module is imported (PyTorch only for
    the robustness experiments), and listing all of them afterwards keeps the listing order."""
    import subprocess
    import sys

    from experiments.core import paths

    code = (
        "import sys\n"
        "from experiments.core.registry import EXPERIMENTS, all_experiments, get_experiment\n"
        "get_experiment('isoperimetry')\n"
        "loaded = sorted(m for m in EXPERIMENTS.modules if m in sys.modules)\n"
        "print(loaded, 'torch' in sys.modules)\n"
        "get_experiment('toy-fits')\n"
        "print([e.name for e in all_experiments()][:2])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0] == "['experiments.topics.isoperimetry'] False"
    # by topic module, in the order of their files (concentration.py first), whatever was asked
    assert out[1] == "['concentration', 'convex-marginals']"


def test_a_name_no_source_declares_is_still_found_after_importing_every_module() -> None:
    with pytest.raises(UserError, match=r"unknown experiment 'ball-slicez'.*ball-slices"):
        get_experiment("ball-slicez")


def test_a_figure_without_a_caption_is_refused_with_how_to_give_one() -> None:
    with pytest.raises(ValueError, match="figure 'bare' has no caption: give @figure a caption="):
        figure("bare", description="a figure", needs=(), caption=" ")


def test_topic_modules_are_found_by_their_files(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new topic is a new file in the package: nothing to list by hand."""
    import sys

    package = tmp_path / "mytopics"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "alpha.py").write_text(
        "from tests.test_registry import THINGS\nTHINGS.add('a', 1, len)\n"
    )
    (package / "beta.py").write_text(
        "from tests.test_registry import THINGS\nTHINGS.add('b', 2, max)\n"
    )
    (package / "_helper.py").write_text("raise RuntimeError('not a topic')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry: Registry[int] = Registry("thing", "mytopics")
    monkeypatch.setattr(sys.modules[__name__], "THINGS", registry, raising=False)
    assert registry.modules == ("mytopics.alpha", "mytopics.beta")
    assert registry.all() == [1, 2]
