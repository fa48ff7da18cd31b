"""The production toolchain: what runs Manim and packages its output.

Renders and their stamps (``runner``, ``stamps``, ``parallel``, ``zygote``, ``watch``),
previews and contact sheets (``sheet``), the narration track and captions (``narration``,
``track``, ``subtitles``, ``mp4``), slides, handout, gallery and script, and the craft checks.
It imports the kit and the manifest; it reaches a chapter only by its name.
"""
