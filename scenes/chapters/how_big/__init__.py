"""The chapter "How big is big enough?": its declaration (its scene: scene.py)."""

from __future__ import annotations

from scenes.kit.chapter import Chapter, Explorable

CHAPTER = Chapter(
    title="How big is big enough?",
    scene="HowBig",
    needs=("law-prediction",),
    figures=("law-prediction",),
    explorable=Explorable(
        title="Every count on one log axis, and where each comes from",
        hint=(
            "Switch each kind of count on and off: the classical rule p ~ n, the law's n d and "
            "n d_eff, the robust models observed, GPT-3 for scale. Under the charts, each count "
            "shown says where it comes from: computed from cited inputs, the paper's estimate, "
            "this project's reading of the paper's words, or cited, with its source. For "
            "ImageNet the prediction is speculative, as the paper says."
        ),
    ),
    caption=(
        r"One log axis of parameter counts, MNIST and ImageNet together, a row at a time: the "
        r"classical rule $p \sim n$; the law with the full dimension, $p \sim nd$; the robust "
        r"models observed, more than $n$ and fewer than $nd$; the law with an effective "
        r"dimension, $p \sim n\,d_{\mathrm{eff}}$, for MNIST inferred by the paper from the "
        r"observed sizes, for ImageNet this project's reading of the paper's words. It closes on "
        r"the paper's speculation, robust ImageNet at GPT-3's scale; the sources in one footer."
    ),
)
