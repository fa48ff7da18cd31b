"""The author's loop: a scene previewed from one beat on, or one beat's last frame, without
touching its video; every MP4 written with its index first."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import numpy as np
import pytest


def _beats(video: Path) -> list[dict]:
    return json.loads(video.with_suffix(".beats.json").read_text())["beats"]


def test_preview_from_a_beat_is_that_beat_to_the_end_and_leaves_the_video(
    talk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scenes.production.media import video_duration
    from scenes.production.mp4 import is_faststart
    from scenes.production.runner import preview_scene

    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    video = talk.rendered.video
    before = {p: p.stat().st_mtime_ns for p in video.parent.glob(f"{talk.scene.name}.*")}
    beats = _beats(video)
    by_id = preview_scene(talk.scene, beats[2]["name"])
    assert (by_id.beat, by_id.beat_name) == (3, beats[2]["name"])
    assert by_id.path == video.parent / "previews" / f"{talk.scene.name}.from-03.mp4"
    expected = beats[-1]["end"] - beats[2]["start"]  # beats 3 and 4
    assert video_duration(by_id.path) == pytest.approx(expected, abs=0.15)
    assert is_faststart(by_id.path)
    by_number = preview_scene(talk.scene, "4")
    assert by_number.beat_name == beats[3]["name"]
    assert video_duration(by_number.path) == pytest.approx(
        beats[3]["end"] - beats[3]["start"], abs=0.15
    )
    after = {p: p.stat().st_mtime_ns for p in video.parent.glob(f"{talk.scene.name}.*")}
    assert after == before  # the video, its stamp, captions and beats untouched


def test_the_frame_of_a_beat_is_its_slides_last_frame(talk, monkeypatch) -> None:
    from PIL import Image

    from scenes.production.media import last_frame_image
    from scenes.production.runner import preview_scene

    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    shown = preview_scene(talk.scene, "2", frame=True)
    assert shown.path.suffix == ".png" and shown.beat == 2
    slide = json.loads(talk.rendered.slides.read_text())["slides"][1]["file"]
    a = np.asarray(Image.open(shown.path).convert("RGB"), np.int16)
    b = np.asarray(last_frame_image(Path(slide)).convert("RGB"), np.int16)
    assert a.shape == b.shape
    assert float(np.sqrt(np.mean((a - b).astype(float) ** 2))) < 6  # H.264's loss only


def _animations(log: Path) -> dict[int, bool]:
    """Each animation Manim ran in a render, by number: True when it came from its cache."""
    import re

    text = " ".join(log.read_text().split())  # Manim wraps its log lines
    found = re.findall(r"Animation (\d+) : (Using cached|Partial)", text)
    return {int(k): how == "Using cached" for k, how in found}


def test_a_rerender_reuses_every_animation_that_did_not_change(
    talk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Manim's cache of animations works across renders: unchanged, the scene comes whole from
    it; after an edit in its last animation, only what follows the edit is drawn again."""
    import dataclasses
    import shutil

    from scenes.kit.chapter import Chapter
    from scenes.production import media, runner

    build = tmp_path / "build"
    shutil.copytree(talk.build, build)  # the talk's render, its cache with it; left as it was
    monkeypatch.setenv("HIDIM_BUILD", str(build))
    spec = talk.scene
    out = build / "videos" / "preview"
    log = build / "videos" / "logs" / f"{spec.name}.preview.log"
    first = media.video_duration(out / f"{spec.name}.mp4")

    (out / f"{spec.name}.stamp.json").unlink()  # what an edit elsewhere (the theme) would do
    again = runner.render_scene(spec, "preview")
    reused = _animations(log)
    assert not again.skipped and len(reused) >= 20 and all(reused.values())
    assert again.duration == pytest.approx(first, abs=1e-6)

    # The same scene with one word of its last beat changed (a copy of its module).
    source = spec.path.read_text()
    old = r'r"\text{not yet the law: the}"'
    assert source.count(old) == 1
    edited = tmp_path / "edited" / spec.path.name
    edited.parent.mkdir()
    edited.write_text(source.replace(old, old.replace(":", ";")))

    @dataclasses.dataclass(frozen=True)
    class Edited(Chapter):
        @property
        def path(self) -> Path:
            return edited

    copy = Edited(**{f.name: getattr(spec, f.name) for f in dataclasses.fields(Chapter)})
    (out / f"{spec.name}.stamp.json").unlink()
    poster_before = np.asarray(media.last_frame_image(out / f"{spec.name}.mp4"), np.int16)
    runner.render_scene(copy, "preview")
    ran = _animations(log)
    drawn = sorted(k for k, cached in ran.items() if not cached)
    assert len(ran) == len(reused)
    # only the edited animation and the pause after it: everything before came from the cache
    assert drawn and drawn == list(range(drawn[0], len(ran))) and len(drawn) <= 3, drawn
    poster_after = np.asarray(media.last_frame_image(out / f"{spec.name}.mp4"), np.int16)
    assert np.abs(poster_after - poster_before).max() > 64  # the edit is in the picture

    runner.render_scene(spec, "preview", force=True)  # --force: from scratch, nothing reused
    assert not any(_animations(log).values())


def test_preview_options_are_checked_in_one_line(talk, monkeypatch, capsys) -> None:
    from render import main

    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    assert main(["scenes", "render", "smooth-interpolation", "--from-beat", "no-such"]) == 2
    err = capsys.readouterr().err
    assert "has no beat 'no-such'" in err and "1 points" in err
    assert main(["scenes", "render", "smooth-interpolation", "--frame"]) == 2
    assert "--frame needs --from-beat" in capsys.readouterr().err
    assert main(["scenes", "render", "--from-beat", "2"]) == 2
    assert "previews one scene" in capsys.readouterr().err


def test_faststart_moves_the_index_before_the_data(tmp_path: Path) -> None:
    import av

    from scenes.production.mp4 import faststart, is_faststart, top_atoms

    path = tmp_path / "v.mp4"
    with av.open(str(path), "w") as out:  # PyAV writes the index last, as Manim does
        stream = out.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(30):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i, np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    assert top_atoms(path)[-1] == "moov" and not is_faststart(path)
    data = [f.to_ndarray().copy() for f in av.open(str(path)).decode(video=0)]
    faststart(path)
    assert is_faststart(path)
    again = [f.to_ndarray() for f in av.open(str(path)).decode(video=0)]
    assert len(again) == 30 and all(np.array_equal(a, b) for a, b in zip(data, again, strict=True))


def test_watch_renders_again_after_each_change_and_survives_a_failure(tmp_path: Path) -> None:
    import os
    import threading
    import time

    from scenes.production.watch import watch

    source = tmp_path / "scene.py"
    source.write_text("v1")
    lines: list[str] = []
    results = iter(["first", RuntimeError("broken edit"), "third"])

    def render() -> str:
        result = next(results)
        if isinstance(result, Exception):
            raise result
        return result

    def edit() -> None:  # a save as an editor makes it: the new file in one step
        for k in (2, 3):
            time.sleep(0.25)
            draft = tmp_path / "draft"
            draft.write_text(f"v{k}")
            os.utime(draft, ns=(k * 10**18, k * 10**18))
            draft.replace(source)

    thread = threading.Thread(target=edit)
    thread.start()
    watch(lambda: [source], render, lines.append, interval=0.05, rounds=16)
    thread.join()
    assert lines == [
        "first",
        "changed: scene.py",
        "failed: RuntimeError: broken edit",
        "changed: scene.py",
        "third",
    ]


def test_scenes_watch_shows_each_edit_until_ctrl_c(talk) -> None:
    """The command itself, as a user runs it: a frame at once, another after a source changes
    (its modification time, as an editor's save), and a clean stop on Ctrl-C."""
    import os
    import queue
    import signal
    import subprocess
    import sys
    import threading
    import time

    from scenes.kit.chapter import SCENES_DIR

    env = {**os.environ, "HIDIM_BUILD": str(talk.build)}
    cmd = [sys.executable, "render.py", "scenes", "watch", "smooth-interpolation"]
    cmd += ["--from-beat", "4", "--frame", "--interval", "0.2"]
    root = SCENES_DIR.parent
    # Ctrl-C as at a terminal: a process started in the background may inherit SIGINT ignored
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    seen: list[str] = []
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True)
    reader.start()

    def wait_for(text: str, count: int, limit: float = 240) -> None:
        end = time.monotonic() + limit
        while sum(text in line for line in seen) < count:
            left = end - time.monotonic()
            assert left > 0, f"no {text!r} in {seen}"
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=left))

    try:
        wait_for("smooth-interpolation.frame-04.png", 1)
        source = SCENES_DIR / "chapters" / "smooth_interpolation" / "scene.py"
        st = source.stat()
        os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        wait_for("changed: scene.py", 1)
        wait_for("smooth-interpolation.frame-04.png", 2)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        reader.join(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    while not lines.empty():
        seen.append(lines.get())
    assert proc.returncode == 0, seen
    assert "stopped watching" in seen[-1]


def test_the_warm_process_runs_each_command_as_a_fresh_python_would(tmp_path: Path) -> None:
    """``scenes.production.zygote``: each ``python -m`` command runs in a fork, in its folder and
    environment, its output in its log, its exit status back; an edited module runs as edited;
    a crash of one render leaves the warm process serving the next."""
    import os
    import sys

    from experiments.core import paths
    from scenes.production.zygote import Zygote

    code = tmp_path / "code"
    code.mkdir()
    probe = code / "probe_mod.py"
    probe.write_text(
        "import os, sys\n"
        "print('cwd', os.getcwd(), 'value', os.environ.get('PROBE_VALUE'), 'args', sys.argv[1:])\n"
        "print('to stderr', file=sys.stderr)\n"
        "sys.exit(int(os.environ.get('PROBE_EXIT', '0')))\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": f"{code}{os.pathsep}{paths.REPO_ROOT}"}
    cmd = [sys.executable, "-m", "probe_mod", "a", "b c"]
    logs = [tmp_path / f"run{k}.log" for k in range(5)]
    with Zygote(tmp_path, env) as warm:
        assert warm.can_run(cmd) and not warm.can_run(["node", "x.js"])
        assert warm.run(cmd, env | {"PROBE_VALUE": "7", "PROBE_EXIT": "3"}, logs[0]) == 3
        said = logs[0].read_text()
        assert f"cwd {tmp_path} value 7 args ['a', 'b c']" in said and "to stderr" in said

        probe.write_text("import sys\nprint('edited', sys.argv[1:])\n")
        assert warm.run(cmd, env, logs[1]) == 0
        assert logs[1].read_text().strip() == "edited ['a', 'b c']"  # the saved source

        probe.write_text("raise ValueError('broken edit')\n")
        assert warm.run(cmd, env, logs[2]) == 1
        assert "ValueError: broken edit" in logs[2].read_text()

        probe.write_text("import os\nos.abort()\n")
        assert warm.run(cmd, env, logs[3]) == -6  # killed by SIGABRT, as subprocess says it

        probe.write_text("print('still here')\n")
        assert warm.run(cmd, env, logs[4]) == 0
        assert logs[4].read_text().strip() == "still here"
    assert not warm.can_run(cmd)  # closed with the block


@pytest.mark.slow
def test_every_scene_rerendered_unchanged_comes_whole_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All eight scenes, 3-D ones included: rendered once, then again with their stamps gone,
    every animation of the second render is Manim's cached one (about 10 min on 2 cores).

    Catches what makes an animation hash differently from one run to the next: state left by
    a skipped animation, a camera set up at its first drawing, sets of strings walked in a
    per-process order (TransformMatchingTex)."""
    from scenes.kit.mathjax import tex_tools_found
    from scenes.manifest import SCENES
    from scenes.production.runner import render_scene

    if not tex_tools_found():
        pytest.skip("LaTeX not installed (make test installs it)")
    build = tmp_path / "build"
    monkeypatch.setenv("HIDIM_BUILD", str(build))
    logs = build / "videos" / "logs"
    missed = {}
    for spec in SCENES:
        render_scene(spec, "preview")
        (build / "videos" / "preview" / f"{spec.name}.stamp.json").unlink()
        render_scene(spec, "preview")
        ran = _animations(logs / f"{spec.name}.preview.log")
        assert ran, spec.name
        drawn = [k for k, cached in ran.items() if not cached]
        if drawn:
            missed[spec.name] = drawn
    assert not missed, f"animations drawn again though nothing changed: {missed}"
