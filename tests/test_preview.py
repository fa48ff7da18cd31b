"""The author's loop: a scene previewed from one beat on, or one beat's last frame, without
touching its video; every MP4 written with its index first."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest


def _beats(video: Path) -> list[dict]:
    return json.loads(video.with_suffix(".beats.json").read_text())["beats"]


def test_preview_from_a_beat_is_that_beat_to_the_end_and_leaves_the_video(
    talk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scenes.mp4 import is_faststart
    from scenes.runner import preview_scene, video_duration

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

    from scenes.runner import last_frame_image, preview_scene

    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    shown = preview_scene(talk.scene, "2", frame=True)
    assert shown.path.suffix == ".png" and shown.beat == 2
    slide = json.loads(talk.rendered.slides.read_text())["slides"][1]["file"]
    a = np.asarray(Image.open(shown.path).convert("RGB"), np.int16)
    b = np.asarray(last_frame_image(Path(slide)).convert("RGB"), np.int16)
    assert a.shape == b.shape
    assert float(np.sqrt(np.mean((a - b).astype(float) ** 2))) < 6  # H.264's loss only


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

    from scenes.mp4 import faststart, is_faststart, top_atoms

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
