"""Narration: caption cues from the beats, the voice-over track, and the scenes' narration."""

from __future__ import annotations

import itertools
import wave
from pathlib import Path

import numpy as np
import pytest

from scenes.production.subtitles import (
    MAX_CHARS,
    MAX_LINES,
    Span,
    make_cues,
    parse_cues,
    split_cues,
    to_srt,
    to_vtt,
)

LONG = (
    "For d equals 3 up to 256, the law of the sum of coin flips over the square root of d "
    "approaches the standard Gaussian: the exact Kolmogorov distance stays below the Berry "
    "Esseen bound. Short one. Another, with a comma, and a word: antidisestablishmentarianism."
)


def write_tone(path: Path, seconds: float, rate: int = 22_050, amplitude: float = 0.3) -> None:
    """A 220 Hz tone, 16-bit mono WAV, ``seconds`` long."""
    t = np.arange(round(seconds * rate)) / rate
    samples = (amplitude * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())


def test_cues_keep_every_word_in_order_in_at_most_two_short_lines() -> None:
    cues = split_cues(LONG)
    assert len(cues) >= 4
    for lines in cues:
        assert 1 <= len(lines) <= MAX_LINES
        assert all(len(line) <= MAX_CHARS for line in lines), lines
    assert " ".join(" ".join(lines) for lines in cues).split() == LONG.split()
    # a sentence that fits is one cue; two short sentences share one
    assert ("Short one. Another, with a comma,",) not in cues
    assert any("Short one." in " ".join(lines) for lines in cues)
    assert split_cues("  ") == []
    assert split_cues("A sentence that fits.") == [("A sentence that fits.",)]


def test_cues_share_a_beat_in_order_and_never_leave_it() -> None:
    spans = [
        Span(0, 0.3, 6.0, 0.0, 7.0, LONG),
        Span(1, 7.0, 9.0, 7.0, 9.0, "One line."),
        Span(2, 9.3, 9.3, 9.0, 10.0, "Nothing to show: no time."),
    ]
    cues = make_cues(spans)
    assert [c.beat for c in cues].count(1) == 1
    assert not [c for c in cues if c.beat == 2]
    for prev, cue in itertools.pairwise(cues):
        assert prev.end <= cue.start, (prev, cue)
    for cue in cues:
        assert cue.start < cue.end
        span = spans[cue.beat]
        assert span.start - 1e-9 <= cue.start and cue.end <= span.end + 1e-9
    first = [c for c in cues if c.beat == 0]
    assert first[0].start == pytest.approx(0.3) and first[-1].end == pytest.approx(6.0, abs=0.05)
    # every cue of a beat reads at the same pace: its words over its share of the beat (each cue
    # ends 0.02 s early, a gap between cues)
    rates = [sum(len(line.split()) for line in c.lines) / (c.end + 0.02 - c.start) for c in first]
    assert max(rates) == pytest.approx(min(rates), rel=0.02)


def test_webvtt_and_subrip_say_the_same_cues() -> None:
    spans = [Span(0, 0.0, 3725.5, 0.0, 3725.5, "Fish & chips <b>bold</b>. Second sentence here.")]
    cues = make_cues(spans)
    vtt, srt = to_vtt(cues), to_srt(cues)
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> ")
    assert "&amp;" in vtt and "&lt;b&gt;" in vtt and "<b>" not in vtt
    assert "01:02:05,4" in srt and "01:02:05.4" in vtt  # hours, minutes, seconds
    parsed_vtt, parsed_srt = parse_cues(vtt), parse_cues(srt)
    assert len(parsed_vtt) == len(parsed_srt) == len(cues)
    for (a0, a1, _), (b0, b1, text), cue in zip(parsed_vtt, parsed_srt, cues, strict=True):
        assert a0 == b0 == pytest.approx(cue.start, abs=1e-3)
        assert a1 == b1 == pytest.approx(cue.end, abs=1e-3)
        assert text == cue.text


def test_subrip_written_is_read_back_by_srt_with_the_same_cues(tmp_path: Path) -> None:
    import datetime

    import srt

    from scenes.production.subtitles import write_captions

    spans = [Span(0, 0.0, 3725.5, 0.0, 3725.5, LONG), Span(1, 3725.5, 3727.0, 3725.5, 3728.0, "x")]
    cues = make_cues(spans)
    _, subrip = write_captions(cues, tmp_path / "scene.mp4")
    parsed = list(srt.parse(subrip.read_text()))
    assert [s.index for s in parsed] == list(range(1, len(cues) + 1))
    ms = datetime.timedelta(milliseconds=1)
    assert [(s.start / ms, s.end / ms, s.content) for s in parsed] == [
        (round(c.start * 1000), round(c.end * 1000), c.text) for c in cues
    ]


def test_the_track_places_each_clip_at_its_start_at_one_loudness(tmp_path: Path) -> None:
    from scenes.kit.voice import SAMPLE_RATE, TARGET_LUFS, loudness
    from scenes.production.track import Placed, mix_track

    quiet, loud = tmp_path / "quiet.wav", tmp_path / "loud.wav"
    write_tone(quiet, 1.5, rate=16_000, amplitude=0.02)
    write_tone(loud, 2.0, rate=44_100, amplitude=0.6)
    track = mix_track([Placed(quiet, 0.5), Placed(loud, 3.0)], 6.25)
    assert len(track) == round(6.25 * SAMPLE_RATE)
    heard = np.flatnonzero(np.abs(track) > 1e-4) / SAMPLE_RATE
    assert heard[0] == pytest.approx(0.5, abs=0.01) and heard[-1] == pytest.approx(5.0, abs=0.01)
    assert not np.any(track[int(2.05 * SAMPLE_RATE) : int(2.95 * SAMPLE_RATE)])
    first = track[int(0.5 * SAMPLE_RATE) : int(2.0 * SAMPLE_RATE)]
    second = track[int(3.0 * SAMPLE_RATE) : int(5.0 * SAMPLE_RATE)]
    # 30 times apart in amplitude before, the same loudness after
    assert loudness(first) == pytest.approx(TARGET_LUFS, abs=0.5)
    assert loudness(second) == pytest.approx(TARGET_LUFS, abs=0.5)
    with pytest.raises(RuntimeError, match="runs past the end"):
        mix_track([Placed(loud, 5.0)], 6.0)


def test_the_track_is_muxed_as_aac_as_long_as_the_video(tmp_path: Path) -> None:
    import av

    from scenes.production.media import video_duration
    from scenes.production.track import Placed, audio_stream_seconds, mix_track, mux_audio

    video = tmp_path / "v.mp4"
    with av.open(str(video), "w") as out:
        stream = out.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(15 * 4 + 7):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i, np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    seconds = video_duration(video)
    tone = tmp_path / "t.wav"
    write_tone(tone, 1.0)
    mux_audio(video, mix_track([Placed(tone, 1.0)], seconds), video)
    with av.open(str(video)) as container:
        assert container.streams.audio[0].codec_context.name == "aac"
        assert container.streams.video[0].frames in (0, 67)
    assert video_duration(video) == pytest.approx(seconds, abs=1e-6)
    audio = audio_stream_seconds(video)
    assert audio is not None and abs(audio - seconds) < 0.1


def test_speech_is_synthesised_once_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from scenes.kit.voice import Festival, audio_seconds

    if shutil.which("text2wave") is None:
        pytest.skip("Festival not installed (make test installs it)")
    speech = Festival()
    first = speech.speak("The cube turns about its diagonal.")
    assert 1.0 < audio_seconds(first) < 5.0
    stamp = first.stat().st_mtime_ns
    assert speech.speak("The cube  turns about its\ndiagonal.") == first
    assert first.stat().st_mtime_ns == stamp
    assert speech.speak("Another sentence.") != first


def test_takes_and_their_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assets.env import TAKES_ENV
    from scenes.kit.voice import Voice, voice_fingerprint

    monkeypatch.setenv(TAKES_ENV, str(tmp_path / "voice"))
    write_tone(tmp_path / "voice" / "demo" / "hello.wav", 2.25)
    voice = Voice("recorded", "demo")
    clip = voice.clip("hello", "Hello.")
    assert clip is not None and clip.source == "recorded"
    assert clip.seconds == pytest.approx(2.25, abs=1e-3)
    assert Voice("none", "demo").clip("hello", "Hello.") is None
    before = voice_fingerprint("recorded", "demo")
    write_tone(tmp_path / "voice" / "demo" / "hello.wav", 2.5)
    assert voice_fingerprint("recorded", "demo") != before  # a new take is a new video
    assert voice_fingerprint("none", "demo") == "none"
    from experiments.core.errors import UserError

    with pytest.raises(UserError, match="unknown voice"):
        Voice("loud", "demo")


# --- the rendered talk (tests/conftest.py: smooth-interpolation, silent) --------------------------


def _record(video: Path) -> dict:
    import json

    return json.loads(video.with_suffix(".beats.json").read_text())


def test_every_video_has_captions_timed_inside_its_beats(talk) -> None:
    from scenes.production.media import video_duration

    video = talk.rendered.video
    assert talk.rendered.captions == video.with_suffix(".vtt")
    record = _record(video)
    beats = record["beats"]
    assert [b["index"] for b in beats] == list(range(4))
    assert len({b["name"] for b in beats}) == 4 and all(b["narration"] for b in beats)
    assert record["voice"] == "none" and not any(b["clip"] for b in beats)
    seconds = video_duration(video)
    assert beats[0]["start"] == 0 and beats[-1]["end"] == pytest.approx(seconds, abs=0.07)
    for prev, beat in itertools.pairwise(beats):
        assert prev["end"] == beat["start"] < beat["end"]
    vtt = parse_cues(video.with_suffix(".vtt").read_text())
    srt = parse_cues(video.with_suffix(".srt").read_text())
    assert [c[:2] for c in vtt] == [c[:2] for c in srt] and len(vtt) >= len(beats)
    for prev, cue in itertools.pairwise(vtt):
        assert prev[1] <= cue[0]
    words: dict[int, list[str]] = {}
    for start, end, text in vtt:
        assert 0 <= start < end <= seconds + 1e-3
        inside = [b for b in beats if b["start"] - 1e-3 <= start and end <= b["end"] + 1e-3]
        assert len(inside) == 1, (start, end, text)
        words.setdefault(inside[0]["index"], []).extend(text.split())
    for beat in beats:  # every word of each beat's narration, in order, in its own cues
        assert words[beat["index"]] == beat["narration"].split()


def test_each_slide_carries_its_beats_caption(talk) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(talk.deck.html.read_text(), "html.parser")
    sections = soup.select("div.slides > section")
    narration = [b["narration"] for b in _record(talk.rendered.video)["beats"]]
    assert [s.get("data-caption") for s in sections] == narration
    assert soup.find(id="hidim-caption") is not None
    assert "addKeyBinding({keyCode: 67, key: 'C'" in talk.deck.html.read_text()


def test_the_script_lists_every_beat_with_its_id(talk, monkeypatch, capsys) -> None:
    from render import main

    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    assert main(["scenes", "script", "smooth-interpolation"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# The talk's narration")
    assert "## 5. smooth-interpolation: Fitting noise is easy" in text  # its chapter
    for number, beat in enumerate(_record(talk.rendered.video)["beats"], start=1):
        assert f"### {number}. `{beat['name']}` (" in text
        assert f"\n\n{beat['narration']}\n\n" in text
    assert text.count("no take recorded") == 4


# --- a voice ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def voiced(tmp_path_factory: pytest.TempPathFactory):
    """smooth-interpolation rendered with speech, then again with two recorded takes of known
    lengths (one longer than its beat, one shorter) and speech for the other beats."""
    import shutil
    from dataclasses import replace

    from assets.env import TAKES_ENV
    from scenes.kit.mathjax import tex_tools_found
    from scenes.manifest import get_scene
    from scenes.production.runner import render_scene

    if not tex_tools_found() or shutil.which("text2wave") is None:
        pytest.skip("LaTeX or Festival not installed (make test installs them)")
    root = tmp_path_factory.mktemp("voiced")
    spec = get_scene("smooth-interpolation")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HIDIM_BUILD", str(root / "build"))
        mp.setenv(TAKES_ENV, str(root / "takes"))
        mp.delenv("HIDIM_PRESET", raising=False)
        tts = render_scene(spec, "preview", voice="tts")
        kept = root / "tts"  # the files of the speech render, before the next one replaces them
        kept.mkdir()
        for suffix in (".mp4", ".vtt", ".beats.json"):
            shutil.copyfile(tts.video.with_suffix(suffix), kept / f"{spec.name}{suffix}")
        tts = replace(tts, video=kept / f"{spec.name}.mp4")
        tts_record = _record(tts.video)
        first, second = tts_record["beats"][0], tts_record["beats"][1]
        takes = {
            first["name"]: first["end"] - first["start"] + 1.5,  # longer than its beat
            second["name"]: 1.0,
        }
        for name, seconds in takes.items():
            write_tone(root / "takes" / spec.name / f"{name}.wav", seconds, rate=44_100)
        recorded = render_scene(spec, "preview", voice="recorded", burn_captions=True)
        recorded_record = _record(recorded.video)
    return tts, tts_record, recorded, recorded_record, takes


def test_speech_narrates_each_beat_and_the_audio_fills_the_video(voiced) -> None:
    from scenes.kit.voice import LEAD, PAUSE, SAMPLE_RATE, read_audio
    from scenes.production.media import video_duration
    from scenes.production.track import audio_stream_seconds

    tts, record, *_ = voiced
    seconds = video_duration(tts.video)
    audio = audio_stream_seconds(tts.video)
    assert audio is not None and abs(audio - seconds) < 0.1
    assert record["voice"] == "tts" and tts.voice == "tts"
    track = read_audio(tts.video)
    for beat in record["beats"]:
        clip = beat["clip"]
        assert clip["source"] == "tts" and clip["offset"] == LEAD
        # the beat lasts at least as long as its narration and the pauses around it
        assert beat["end"] - beat["start"] >= LEAD + clip["seconds"] + PAUSE - 1 / 15
        start = round((beat["start"] + LEAD) * SAMPLE_RATE)
        spoken = track[start : start + round(clip["seconds"] * SAMPLE_RATE)]
        assert np.sqrt(np.mean(spoken**2)) > 0.01  # speech is heard there
        lead = track[round(beat["start"] * SAMPLE_RATE) + 2400 : start - 2400]
        assert np.max(np.abs(lead), initial=0.0) < 0.01  # and silence before it
    cues = parse_cues(tts.video.with_suffix(".vtt").read_text())
    for beat in record["beats"]:  # captions follow the speech, not the whole beat
        mine = [c for c in cues if beat["start"] <= c[0] < beat["end"]]
        assert mine[0][0] == pytest.approx(beat["start"] + LEAD, abs=0.01)
        assert mine[-1][1] <= beat["start"] + LEAD + beat["clip"]["seconds"] + 0.01


def test_recorded_takes_replace_speech_where_they_exist(voiced) -> None:
    from scenes.kit.voice import LEAD, PAUSE, SAMPLE_RATE, read_audio

    tts, tts_record, recorded, record, takes = voiced
    by_name = {b["name"]: b for b in record["beats"]}
    for name, seconds in takes.items():
        clip = by_name[name]["clip"]
        assert clip["source"] == "recorded" and clip["seconds"] == pytest.approx(seconds, abs=1e-3)
        assert by_name[name]["end"] - by_name[name]["start"] >= LEAD + seconds + PAUSE - 1 / 15
    # the long take lengthened its beat; the short one left its beat as it was with speech
    old = {b["name"]: b["end"] - b["start"] for b in tts_record["beats"]}
    long_name, _short_name = list(takes)
    assert by_name[long_name]["end"] - by_name[long_name]["start"] > old[long_name] + 1.0
    others = sorted(set(by_name) - set(takes))
    assert sorted(recorded.missing_takes) == others
    assert all(by_name[n]["clip"]["source"] == "tts" for n in others)
    # the take is what is heard: a 220 Hz tone at its place in the track
    track = read_audio(recorded.video)
    beat = by_name[long_name]
    start = round((beat["start"] + LEAD + 0.5) * SAMPLE_RATE)
    part = track[start : start + SAMPLE_RATE]
    spectrum = np.abs(np.fft.rfft(part * np.hanning(len(part))))
    assert np.fft.rfftfreq(len(part), 1 / SAMPLE_RATE)[np.argmax(spectrum)] == pytest.approx(
        220, abs=2
    )
    assert recorded.video.read_bytes() != tts.video.read_bytes()


def test_captions_drawn_in_sit_below_the_picture(voiced) -> None:
    import av

    from scenes.production.media import video_duration
    from scenes.production.track import audio_stream_seconds

    _, _, recorded, record, _ = voiced
    assert recorded.captioned is not None and recorded.captioned.exists()
    with av.open(str(recorded.video)) as plain, av.open(str(recorded.captioned)) as drawn:
        p, d = plain.streams.video[0].codec_context, drawn.streams.video[0].codec_context
        assert d.width == p.width and d.height > p.height
        assert d.pix_fmt == "yuv420p"
    assert video_duration(recorded.captioned) == pytest.approx(
        video_duration(recorded.video), abs=0.1
    )
    assert audio_stream_seconds(recorded.captioned) == pytest.approx(
        audio_stream_seconds(recorded.video), abs=0.05
    )
    # a frame during a cue has light text in the band, a frame between beats none
    cues = parse_cues(recorded.video.with_suffix(".vtt").read_text())
    during = (cues[0][0] + cues[0][1]) / 2
    gap = record["beats"][0]["start"] + 0.1  # before the first narration starts
    frames = {}
    with av.open(str(recorded.captioned)) as drawn:
        rate = float(drawn.streams.video[0].average_rate)
        for i, frame in enumerate(drawn.decode(video=0)):
            for key, t in (("during", during), ("gap", gap)):
                if i == int(t * rate):
                    frames[key] = np.asarray(frame.to_image().convert("L"))
            if len(frames) == 2:
                break
    band = slice(480, None)
    assert (frames["during"][band] > 200).sum() > 200
    assert (frames["gap"][band] > 200).sum() == 0


def test_the_speech_voice_gets_respelled_words_the_captions_do_not() -> None:
    from scenes.kit.voice import speakable

    said = speakable("On ImageNet,\n ReLU features (Levy); ImageNets and levy stay.")
    assert said == "On Image Net, ray loo features (Lay vee); ImageNets and levy stay."


def test_voice_options_refuse_what_cannot_work_in_one_line(tmp_path: Path, capsys) -> None:
    import importlib.util

    from render import main

    assert main(["scenes", "render", "how-big", "--voice", "loud"]) == 2
    assert "Invalid value for '--voice'" in capsys.readouterr().err
    assert main(["scenes", "render", "how-big", "--voice-model", str(tmp_path / "v.onnx")]) == 2
    assert "--voice-model needs --voice tts" in capsys.readouterr().err
    model = tmp_path / "v.onnx"
    args = ["scenes", "render", "how-big", "--voice", "tts", "--voice-model", str(model)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err
    model.write_bytes(b"not a model")
    assert main(args) == 2
    assert "has no v.onnx.json beside it" in capsys.readouterr().err
    if importlib.util.find_spec("piper") is None:
        (tmp_path / "v.onnx.json").write_text("{}")
        assert main(args) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "pip install piper-tts" in err


def test_every_mp4_is_ready_for_the_web(talk, voiced) -> None:
    """The index (moov) before the media data (mdat), H.264 in yuv420p: the video, each slide
    video, the voiced video and its slides, and the one with captions drawn in."""
    import json

    import av

    from scenes.production.mp4 import top_atoms

    _, _, recorded, _, _ = voiced
    files = [talk.rendered.video, recorded.video, recorded.captioned]
    for config in (talk.rendered.slides, recorded.slides):
        files += [Path(s["file"]) for s in json.loads(config.read_text())["slides"]]
    assert len(files) == 3 + 2 * 4
    for path in files:
        atoms = top_atoms(path)
        assert atoms.index("moov") < atoms.index("mdat"), (path.name, atoms)
        with av.open(str(path)) as container:
            video = container.streams.video[0].codec_context
            assert (video.name, video.pix_fmt) == ("h264", "yuv420p"), path.name
