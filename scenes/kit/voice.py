"""The voice-over: narration synthesised offline or recorded, and the audio track of a video.

- **Speech** (``--voice tts``): Festival (Debian's ``festival``) with the HTS voice
  ``cmu_us_slt_arctic_hts`` (Debian's ``festvox-us-slt-hts``), or a Piper voice model given by
  path (``--voice-model FILE.onnx``; needs ``pip install piper-tts``). Each sentence is
  synthesised once and cached under ``build/voice/`` by a hash of the engine, voice and text.
- **Takes** (``--voice recorded``): the lecturer's own recordings,
  ``assets/voice/<scene>/<beat-name>.wav`` (any WAV: PCM or float, any rate, mono or stereo); a
  beat without a take falls back to speech and is listed.
- **The track** (:func:`mix_track`, :func:`mux_audio`): every beat's clip placed where its beat
  starts (plus :data:`LEAD`), each clip brought to :data:`TARGET_LUFS` (ITU-R BS.1770 loudness,
  pyloudnorm) with its peak kept under :data:`PEAK_DBFS`, the track exactly as long as the video,
  encoded as AAC into the MP4 beside the unchanged video stream.

No manim import here: the runner uses it too.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assets.env import TAKES_ENV, VOICE_MODEL_ENV
from experiments.core import paths
from experiments.core.errors import MissingToolError, UserError
from experiments.core.fileio import atomic_path

VOICES = ("none", "tts", "recorded")
LEAD = 0.3  # seconds from a beat's start to its narration
PAUSE = 0.7  # seconds of the beat left after its narration ends
SAMPLE_RATE = 48_000  # of the mixed track
TARGET_LUFS = -16.0  # integrated loudness of each clip (the usual level for speech on the web)
PEAK_DBFS = -1.0  # no sample louder than this after the gain
AUDIO_BITRATE = 128_000
FESTIVAL_VOICE = "cmu_us_slt_arctic_hts"
FESTIVAL_INSTALL = "apt-get install festival festvox-us-slt-hts (make render does this as root)"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def takes_root() -> Path:
    raw = os.environ.get(TAKES_ENV)
    return Path(raw) if raw else paths.REPO_ROOT / "assets" / "voice"


def take_path(scene: str, beat: str, root: Path | None = None) -> Path:
    """Where the recorded take of beat ``beat`` of scene ``scene`` is looked for."""
    return (root or takes_root()) / scene / f"{beat}.wav"


def scene_takes(scene: str, root: Path | None = None) -> list[Path]:
    """The takes recorded for ``scene``, sorted by name."""
    folder = (root or takes_root()) / scene
    return sorted(folder.glob("*.wav")) if folder.is_dir() else []


def voice_cache_dir() -> Path:
    return paths.build_dir() / "voice" / "cache"


# --- reading and measuring audio -----------------------------------------------------------------


def read_audio(path: Path, rate: int = SAMPLE_RATE) -> np.ndarray:
    """The samples of an audio file, mono float32 in [-1, 1] at ``rate`` Hz (PyAV decodes it)."""
    import av

    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError) as err:
        raise UserError(f"cannot read the audio file {path}: {err}") from err
    with container:
        if not container.streams.audio:
            raise UserError(f"{path} has no audio stream")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        chunks: list[np.ndarray] = []
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)


def audio_seconds(path: Path) -> float:
    """The length of an audio file in seconds, from its decoded samples."""
    return len(read_audio(path)) / SAMPLE_RATE


def loudness(samples: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Integrated loudness (LUFS, ITU-R BS.1770-4); -inf for silence or a clip under 0.4 s."""
    import pyloudnorm

    if len(samples) < int(0.4 * rate) or not np.any(samples):
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def normalise(samples: np.ndarray, rate: int = SAMPLE_RATE) -> np.ndarray:
    """``samples`` at :data:`TARGET_LUFS`, less if their peak would pass :data:`PEAK_DBFS`."""
    level = loudness(samples, rate)
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if not np.isfinite(level) or peak == 0.0:
        return samples
    gain = 10 ** ((TARGET_LUFS - level) / 20)
    gain = min(gain, 10 ** (PEAK_DBFS / 20) / peak)
    return (samples * gain).astype(np.float32)


# --- speech ---------------------------------------------------------------------------------------


class Speech:
    """A speech engine: text in, a cached WAV out."""

    ident: str  # engine and voice, in the cache key and the stamp

    def synthesize(self, text: str, target: Path) -> None:
        raise NotImplementedError

    def speak(self, text: str) -> Path:
        """The WAV of ``text`` (synthesised once, then read from the cache)."""
        text = speakable(text)
        if not text:
            raise UserError("a beat's narration is empty: give it say=... or notes")
        key = hashlib.sha256(f"{self.ident}\0{text}".encode()).hexdigest()[:24]
        path = voice_cache_dir() / f"{key}.wav"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(path) as tmp:
                self.synthesize(text, tmp)
                if len(read_audio(tmp)) == 0:
                    raise RuntimeError(f"{self.ident} gave no audio for: {text[:60]!r}")
        return path


class Festival(Speech):
    """Festival's ``text2wave`` with the HTS voice :data:`FESTIVAL_VOICE`."""

    def __init__(self) -> None:
        exe = shutil.which("text2wave")
        voice_dir = Path("/usr/share/festival/voices/us") / FESTIVAL_VOICE
        if exe is None or not voice_dir.is_dir():
            raise MissingToolError(f"--voice tts needs Festival and its voice: {FESTIVAL_INSTALL}")
        self.exe = exe
        self.ident = f"festival/{FESTIVAL_VOICE}"

    def synthesize(self, text: str, target: Path) -> None:
        source = target.with_name(target.name + ".txt")
        source.write_text(text + "\n", encoding="utf-8")
        try:
            proc = subprocess.run(
                [self.exe, "-eval", f"(voice_{FESTIVAL_VOICE})", "-o", str(target), str(source)],
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                check=False,
                timeout=300,
            )
        finally:
            source.unlink(missing_ok=True)
        if proc.returncode != 0 or not target.exists():
            detail = proc.stderr.strip()[-300:]
            raise RuntimeError(f"text2wave failed ({proc.returncode}): {detail}")


class Piper(Speech):
    """A Piper voice model (``.onnx``, its ``.onnx.json`` beside it), by package piper-tts."""

    def __init__(self, model: Path) -> None:
        if not model.is_file():
            raise UserError(f"the voice model {model} does not exist")
        config = model.with_name(model.name + ".json")
        if not config.is_file():
            raise UserError(f"the voice model {model} has no {config.name} beside it")
        try:
            import piper  # noqa: F401
        except ImportError as err:
            raise MissingToolError(
                f"a Piper voice model needs the piper-tts package: pip install piper-tts ({err})"
            ) from err
        digest = hashlib.sha256(model.read_bytes() + config.read_bytes()).hexdigest()[:16]
        self.model = model
        self.ident = f"piper/{model.stem}/{digest}"
        self._voice: Any = None

    def synthesize(self, text: str, target: Path) -> None:
        import wave

        from piper import PiperVoice

        if self._voice is None:  # loaded once, on the first sentence not in the cache
            self._voice = PiperVoice.load(str(self.model))
        with wave.open(str(target), "wb") as out:
            self._voice.synthesize_wav(text, out)


def speech_engine(model: Path | None = None) -> Speech:
    """Piper with ``model`` when one is given, else Festival."""
    return Piper(model) if model is not None else Festival()


def env_model() -> Path | None:
    raw = os.environ.get(VOICE_MODEL_ENV)
    return Path(raw) if raw else None


# How the speech voice is to say words it gets wrong; the captions keep the written word.
PRONOUNCE = {
    "ImageNet": "Image Net",  # Festival: "imajenit"
    "ReLU": "ray loo",
    "Levy": "Lay vee",  # Paul Lévy; Festival: "levvy"
}
_PRONOUNCE = re.compile(r"\b(" + "|".join(map(re.escape, PRONOUNCE)) + r")\b")


def speakable(text: str) -> str:
    """``text`` as handed to the speech engine: one line, the words of :data:`PRONOUNCE`
    respelled."""
    return _PRONOUNCE.sub(lambda m: PRONOUNCE[m.group(1)], " ".join(text.split()))


# --- the clip of a beat ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Clip:
    """The audio of one beat's narration."""

    path: Path
    seconds: float
    source: str  # "tts" or "recorded"


class Voice:
    """Where a scene's narration comes from: speech, or takes with speech for the missing."""

    def __init__(self, mode: str, scene: str, model: Path | None = None) -> None:
        if mode not in VOICES:
            raise UserError(f"unknown voice '{mode}' (choose from {', '.join(VOICES)})")
        self.mode, self.scene, self.model = mode, scene, model
        self._speech: Speech | None = None

    @property
    def speech(self) -> Speech:
        if self._speech is None:
            self._speech = speech_engine(self.model)
        return self._speech

    def clip(self, beat: str, text: str) -> Clip | None:
        """The clip of beat ``beat`` saying ``text``, or None without a voice."""
        if self.mode == "none":
            return None
        if self.mode == "recorded":
            take = take_path(self.scene, beat)
            if take.is_file():
                return Clip(take, audio_seconds(take), "recorded")
        path = self.speech.speak(text)
        return Clip(path, audio_seconds(path), "tts")


def voice_fingerprint(mode: str, scene: str, model: Path | None = None) -> str:
    """What the voice adds to a scene's stamp: the mode, the engine, and every take's bytes."""
    if mode == "none":
        return "none"
    h = hashlib.sha256(mode.encode())
    engine = Piper(model).ident if model is not None else f"festival/{FESTIVAL_VOICE}"
    h.update(engine.encode())
    if mode == "recorded":
        for take in scene_takes(scene):
            h.update(take.name.encode() + b"\0" + take.read_bytes() + b"\0")
    return h.hexdigest()
