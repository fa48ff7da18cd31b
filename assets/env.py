"""Every environment variable the toolkit reads, in one place: its name, what it means, who sets it.

Most of them carry a render's settings from ``render.py`` (the parent) to the process that runs a
scene (the child): the runner sets them, the scene kit reads them. A user sets only the first
few.
"""

from __future__ import annotations

# --- set by a user ------------------------------------------------------------------------------
BUILD_ENV = "HIDIM_BUILD"  # where everything generated goes (default: build/ in the repository)
MATH_ENV = "HIDIM_MATH"  # the maths backend of the scenes: auto | tex | mathjax
THEME_ENV = "HIDIM_THEME"  # the theme's variant: unset (the screen's) or "light" (print)
DEBUG_ENV = "HIDIM_DEBUG"  # any value: a failure prints its traceback, not one line
UPDATE_REFERENCES_ENV = "HIDIM_UPDATE_REFERENCES"  # tests rewrite reference images (look at them)

# --- set by the runner for a scene's process ----------------------------------------------------
PRESET_ENV = "HIDIM_PRESET"  # the experiment preset the scene reads: quick | paper
SCENE_SET_ENV = "HIDIM_SCENE_SET"  # --set values, JSON: {"experiment": {"setting": "value"}}
SCENE_NAME_ENV = "HIDIM_SCENE_NAME"  # the chapter's name (its voice takes are named after it)
SLIDES_ENV = "HIDIM_SLIDES_DIR"  # set: the scene renders as manim-slides slides into this folder
BEATS_ENV = "HIDIM_BEATS_FILE"  # where the scene writes its beats (JSON, after every beat)
# a preview: {"beat": its number from 1, "name": its id, "frame": bool}. The scene skips every
# animation before that beat and renders from it on; with "frame" it stops at the beat's end,
# where Manim (run with -s) saves the frame.
PREVIEW_ENV = "HIDIM_PREVIEW"
VOICE_ENV = "HIDIM_VOICE"  # none | tts | recorded
VOICE_MODEL_ENV = "HIDIM_VOICE_MODEL"  # a Piper .onnx model: speech with it instead of Festival
TAKES_ENV = "HIDIM_TAKES_DIR"  # the folder of recorded takes (default assets/voice)
