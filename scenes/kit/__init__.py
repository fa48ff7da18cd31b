"""The scene kit: what a chapter's scene uses inside Manim.

``theme`` (the scene bases, ``beat()``, colours and sizes by role), ``widgets`` (axes, curves,
readouts, spheres), ``motion`` (readouts that follow a tracker), ``narrator`` and ``voice`` (what
a beat records and says), ``mathjax`` (the maths backend) and ``chapter`` (a chapter's
declaration). It imports no production code and no chapter.
"""
