"""Captions of a rendered scene: cues from each beat's narration, timed to the video.

A beat's narration is split into cues of at most :data:`MAX_LINES` lines of at most
:data:`MAX_CHARS` characters (at sentence ends where it can, else at commas, else between words,
never inside a word), and its cues share out the time the narration is heard, in proportion to
their words (every cue of a beat reads at the same pace): with a voice the span of the beat's
clip (from its start to its end), without one the whole beat. Cues never overlap, never leave
their beat and never pass the video's end.

Written beside the video as WebVTT (``<scene>.vtt``, for browsers and video platforms) and
SubRip (``<scene>.srt``, for editors and players, composed and read by the ``srt`` package);
:func:`burn_captions` draws them into a copy of the video.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import srt

from experiments.core.fileio import atomic_path, atomic_write_text
from scenes.production.mp4 import FASTSTART

MAX_CHARS = 42  # per line: the usual limit of broadcast and web captions
MAX_LINES = 2
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]
    beat: int  # the index of the beat it belongs to

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Span:
    """Where a beat's narration is heard in the video, and within which beat."""

    beat: int
    start: float  # of the narration
    end: float
    beat_start: float
    beat_end: float
    text: str


def wrap(text: str, width: int = MAX_CHARS) -> list[str]:
    """``text`` in lines of at most ``width`` characters, as even as the words allow."""
    words = text.split()
    if not words:
        return []
    lines: list[str] = []
    current = words[0]
    for word in words[1:]:
        if len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) == 2:  # balance two lines: move the break nearest the middle
        best = None
        for k in range(1, len(words)):
            a, b = " ".join(words[:k]), " ".join(words[k:])
            if len(a) <= width and len(b) <= width:
                score = abs(len(a) - len(b))
                if best is None or score < best[0]:
                    best = (score, [a, b])
        if best is not None:
            lines = best[1]
    return lines


def _fits(text: str) -> bool:
    return len(wrap(text)) <= MAX_LINES


def _split_words(text: str) -> list[str]:
    """``text`` cut between words into the fewest pieces that fit a cue: cut after a comma where
    it can, and into pieces of even lengths."""
    words = text.split()
    room = MAX_CHARS * MAX_LINES
    # best[j]: (pieces, cost, cuts) of the first j words
    best: list[tuple[int, float, list[int]] | None] = [(0, 0.0, [])] + [None] * len(words)
    for j in range(1, len(words) + 1):
        for i in range(j - 1, -1, -1):
            piece = " ".join(words[i:j])
            if len(piece) > room:
                break
            prev = best[i]
            if prev is None or not _fits(piece):
                continue
            soft = j == len(words) or piece[-1] in ",;:"
            cost = prev[1] + (0.0 if soft else 1.0) + 0.5 * (1 - len(piece) / room) ** 2
            cand = (prev[0] + 1, cost, [*prev[2], j])
            if best[j] is None or cand[:2] < best[j][:2]:  # type: ignore[index]
                best[j] = cand
    last = best[-1]
    if last is None:
        raise ValueError(f"a word longer than a caption line: {text!r}")
    bounds = [0, *last[2]]
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]


def split_cues(text: str) -> list[tuple[str, ...]]:
    """The narration ``text`` as the lines of successive cues: a sentence to a cue where it
    fits, short sentences together, a long one cut (after commas where it can)."""
    text = " ".join(text.split())
    if not text:
        return []
    pieces: list[str] = []
    for sentence in _SENTENCE.split(text):
        pieces.extend([sentence] if _fits(sentence) else _split_words(sentence))
    merged: list[str] = []  # short sentences share a cue when they fit
    for piece in pieces:
        if merged and len(merged[-1]) + len(piece) < 60 and _fits(f"{merged[-1]} {piece}"):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return [tuple(wrap(p)) for p in merged]


def narration_spans(record: dict[str, Any], spans: Sequence[tuple[float, float]]) -> list[Span]:
    """Where each beat's narration is heard: ``spans`` are the beats' (start, end) in the video;
    with a clip, from its start to its end (cut at the beat's end), else the whole beat."""
    out = []
    for beat, (start, end) in zip(record["beats"], spans, strict=True):
        clip = beat.get("clip")
        if clip:
            a = min(start + float(clip["offset"]), end)
            b = min(a + float(clip["seconds"]), end)
        else:
            a, b = start, end
        out.append(Span(int(beat["index"]), a, b, start, end, str(beat["narration"])))
    return out


def make_cues(spans: Iterable[Span], min_gap: float = 0.04) -> list[Cue]:
    """Cues for every span, each span's time shared out by the words of its cues."""
    cues: list[Cue] = []
    for span in spans:
        parts = split_cues(span.text)
        if not parts or span.end - span.start <= min_gap:
            continue
        weights = [sum(len(line.split()) for line in p) for p in parts]
        total = float(sum(weights))
        t = span.start
        for k, (lines, weight) in enumerate(zip(parts, weights, strict=True)):
            end = span.end if k == len(parts) - 1 else t + (span.end - span.start) * weight / total
            cues.append(Cue(round(t, 3), round(end - min_gap / 2, 3), lines, span.beat))
            t = end
    return cues


def _milliseconds(seconds: float) -> int:
    return round(seconds * 1000)


def _vtt_stamp(seconds: float) -> str:
    h, rest = divmod(_milliseconds(seconds), 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _vtt_text(line: str) -> str:
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(cues: Sequence[Cue]) -> str:
    """``cues`` as a WebVTT file, numbered from 1, its text escaped."""
    blocks = ["WEBVTT\n"]
    for i, cue in enumerate(cues, 1):
        lines = "\n".join(_vtt_text(line) for line in cue.lines)
        blocks.append(f"{i}\n{_vtt_stamp(cue.start)} --> {_vtt_stamp(cue.end)}\n{lines}\n")
    return "\n".join(blocks)


def to_srt(cues: Sequence[Cue]) -> str:
    """``cues`` as a SubRip file, numbered from 1, times to the millisecond."""
    subtitles = [
        srt.Subtitle(
            index=i,
            start=timedelta(milliseconds=_milliseconds(cue.start)),
            end=timedelta(milliseconds=_milliseconds(cue.end)),
            content=cue.text,
        )
        for i, cue in enumerate(cues, 1)
    ]
    # reindex=False: srt's reindexing also drops cues it judges useless, and the .srt must say
    # the same cues as the .vtt
    return srt.compose(subtitles, reindex=False)


_VTT_TIME = re.compile(r"(\d+):(\d\d):(\d\d)[.,](\d{3}) --> (\d+):(\d\d):(\d\d)[.,](\d{3})")


def _parse_vtt(text: str) -> list[tuple[float, float, str]]:
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            m = _VTT_TIME.search(line)
            if m:
                h0, m0, s0, ms0, h1, m1, s1, ms1 = (int(x) for x in m.groups())
                start = ((h0 * 60 + m0) * 60 + s0) * 1000 + ms0
                end = ((h1 * 60 + m1) * 60 + s1) * 1000 + ms1
                out.append((start / 1000, end / 1000, "\n".join(lines[i + 1 :])))
                break
    return out


def parse_cues(text: str) -> list[tuple[float, float, str]]:
    """(start, end, text) of every cue of a WebVTT or SubRip file (a WebVTT file starts with
    ``WEBVTT``). Times in seconds, from whole milliseconds, so both formats give equal floats."""
    if text.lstrip("\ufeff").startswith("WEBVTT"):
        return _parse_vtt(text)
    millisecond = timedelta(milliseconds=1)
    return [
        (sub.start // millisecond / 1000, sub.end // millisecond / 1000, sub.content)
        for sub in srt.parse(text)
    ]


def write_captions(cues: Sequence[Cue], video: Path) -> tuple[Path, Path]:
    """``<video>.vtt`` and ``<video>.srt`` beside ``video`` (atomic)."""
    vtt, subrip = video.with_suffix(".vtt"), video.with_suffix(".srt")
    atomic_write_text(vtt, to_vtt(cues))
    atomic_write_text(subrip, to_srt(cues))
    return vtt, subrip


# --- captions drawn into the video ---------------------------------------------------------------


def caption_font(height: int) -> Any:
    """A sans-serif face (CMU Sans Serif, the theme's family) sized for a ``height`` px video."""
    from PIL import ImageFont

    size = max(14, round(height / 20))
    for path in (
        Path("/usr/share/fonts/truetype/cmu/cmunss.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ):
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def band_height(font: Any) -> int:
    """The height of the caption band below the picture: two lines and a margin, even."""
    height = int(font.size * (MAX_LINES * 1.3 + 0.9))
    return height + height % 2


def draw_caption(image: Any, lines: Sequence[str], font: Any, band: int, background: str) -> Any:
    """``image`` (PIL, RGB) on a canvas ``band`` px taller, ``lines`` centred in that band: the
    captions never cover the picture (the scenes' own sentence sits at its bottom)."""
    from PIL import Image, ImageDraw

    width, height = image.size
    canvas = Image.new("RGB", (width, height + band), background)
    canvas.paste(image, (0, 0))
    draw = ImageDraw.Draw(canvas)
    line_h = font.size * 1.3
    top = height + (band - line_h * len(lines)) / 2
    for i, line in enumerate(lines):
        draw.text(
            (width / 2, top + (i + 0.5) * line_h), line, font=font, fill="#ffffff", anchor="mm"
        )
    return canvas


def burn_captions(video: Path, cues: Sequence[Cue], target: Path) -> Path:
    """A copy of ``video`` at ``target`` (atomic) with ``cues`` drawn in a band below the
    picture (:func:`draw_caption`): H.264 (yuv420p), the same width and frame rate, any audio
    stream copied as it is."""
    import av

    from assets.theme import load_theme

    background = load_theme()["video"]["background"]

    with (
        atomic_path(target) as tmp,
        av.open(str(video)) as source,
        av.open(str(tmp), "w", format="mp4", options=FASTSTART) as out,
    ):
        v_in = source.streams.video[0]
        rate = v_in.average_rate or Fraction(15)
        font = caption_font(v_in.codec_context.height)
        band = band_height(font)
        v_out: Any = out.add_stream("libx264", rate=rate)
        v_out.width, v_out.height = v_in.codec_context.width, v_in.codec_context.height + band
        v_out.pix_fmt = "yuv420p"
        v_out.options = {"crf": "20"}
        a_in = source.streams.audio[0] if source.streams.audio else None
        a_out: Any = out.add_stream_from_template(template=a_in) if a_in is not None else None
        streams = [s for s in (v_in, a_in) if s is not None]
        index = 0
        for packet in source.demux(*streams):
            if packet.stream is a_in:
                if packet.dts is None:  # the demuxer's flushing packet: nothing to copy
                    continue
                packet.stream = a_out
                out.mux(packet)
                continue
            frame: Any
            for frame in packet.decode():
                t = index / float(rate)
                lines = next((c.lines for c in cues if c.start <= t < c.end), ())
                image = draw_caption(frame.to_image(), lines, font, band, background)
                new = av.VideoFrame.from_image(image)
                new.pts = index
                new.time_base = Fraction(1) / rate
                for p in v_out.encode(new):
                    out.mux(p)
                index += 1
        for p in v_out.encode(None):
            out.mux(p)
    return target
