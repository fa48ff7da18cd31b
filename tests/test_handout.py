"""The handout: near-duplicate pages left out (checked on synthetic frames), the PDF's pages, the
theme's light variant that the printable handout is drawn in, and the print handout (a small
made-up talk: its frames drawn here, one figure built here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assets.env import THEME_ENV
from assets.theme import color, load_theme, theme_variant
from scenes.production import handout
from scenes.production.handout import (
    duplicate_reasons,
    near_duplicate,
    page_change,
    write_pdf_pages,
)

BG = "#101318"
W, H = 320, 180


def blank() -> np.ndarray:
    frame = np.empty((H, W, 3), dtype=np.uint8)
    frame[:] = (0x10, 0x13, 0x18)
    return frame


def draw(frame: np.ndarray, x0: int, y0: int, x1: int, y1: int, rgb=(236, 239, 244)) -> np.ndarray:
    out = frame.copy()
    out[y0:y1, x0:x1] = rgb
    return out


def chart() -> np.ndarray:
    """A title, two axes and a curve: a beat's picture."""
    frame = draw(blank(), 100, 8, 220, 20)  # the title
    frame = draw(frame, 30, 150, 290, 152)  # x axis
    frame = draw(frame, 30, 40, 32, 152)  # y axis
    for x in range(40, 280):  # a curve, 3 px thick
        y = int(140 - 90 * np.exp(-(((x - 160) / 40) ** 2)))
        frame[y : y + 3, x] = (86, 180, 233)
    return frame


def test_a_page_the_next_one_repeats_and_adds_to_is_left_out() -> None:
    page = chart()
    assert near_duplicate(page, page.copy(), BG) is not None  # the same picture
    with_mark = draw(page, 200, 40, 202, 150, (213, 94, 0))  # a vertical mark joins the chart
    assert near_duplicate(page, with_mark, BG) is not None
    # a big addition too (8 % of the frame), beside what was there, which is all still there
    legend = draw(page, 200, 30, 290, 80, (0, 158, 115))
    assert page_change(page, legend, BG).changed > 0.05
    assert near_duplicate(page, legend, BG) is not None
    # empty axes followed by their curve: the empty page goes
    empty_axes = draw(draw(draw(blank(), 100, 8, 220, 20), 30, 150, 290, 152), 30, 40, 32, 152)
    assert near_duplicate(empty_axes, page, BG) is not None


def test_a_page_whose_picture_changes_is_kept() -> None:
    page = chart()
    moved = np.roll(page, 12, axis=1)  # the picture slides aside
    assert near_duplicate(page, moved, BG) is None
    dimmed = page.copy()
    ink = (page != blank()).any(-1)
    dimmed[ink & (np.arange(H)[:, None] > 30)] //= 3  # the chart dimmed under a new card
    assert near_duplicate(page, dimmed, BG) is None
    # the sentence that carries the beat changes: another text block in its place
    said = draw(page, 60, 160, 260, 172)
    resaid = draw(page, 80, 160, 240, 172)
    resaid = draw(resaid, 60, 160, 75, 172)
    assert near_duplicate(said, resaid, BG) is None
    # a readout the next page no longer shows, though the rest stays: small, but lost
    readout = draw(page, 262, 30, 280, 36)
    change = page_change(readout, page, BG)
    assert change.lost < handout.MAX_LOST_INK and change.erased > handout.MAX_ERASED
    assert near_duplicate(readout, page, BG) is None
    assert near_duplicate(page, np.zeros((H // 2, W // 2, 3), np.uint8), BG) is None


def test_a_digit_changed_is_a_near_duplicate_and_codec_noise_is_ignored() -> None:
    page = draw(draw(blank(), 240, 30, 246, 40), 250, 30, 256, 40)  # a readout of two digits
    digit = draw(page, 250, 30, 256, 40, (0x10, 0x13, 0x18))
    digit = draw(digit, 251, 32, 257, 41)  # its last digit redrawn: a few dozen pixels
    change = page_change(page, digit, BG)
    assert change.lost > handout.MAX_LOST_INK and change.changed <= handout.MAX_CHANGED
    assert near_duplicate(page, digit, BG) is not None
    rng = np.random.default_rng(0)
    noisy = np.clip(chart().astype(int) + rng.integers(-12, 13, (H, W, 3)), 0, 255)
    assert page_change(chart(), noisy.astype(np.uint8), BG).changed == 0.0


def test_duplicate_reasons_keep_the_last_page_and_each_one_that_adds() -> None:
    empty_axes = draw(draw(blank(), 30, 150, 290, 152), 30, 40, 32, 152)
    page = chart()
    other = draw(blank(), 50, 50, 150, 120, (230, 159, 0))
    reasons = duplicate_reasons([empty_axes, page, other, other.copy()], BG)
    assert [r is None for r in reasons] == [False, True, False, True]
    assert duplicate_reasons([], BG) == []


def test_pdf_pages_are_ten_inches_wide(tmp_path: Path) -> None:
    frames = [chart(), draw(blank(), 10, 10, 50, 50)]
    pdf = write_pdf_pages(frames, tmp_path / "h.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert {(float(w), float(h)) for w, h in boxes} == {(720.0, 405.0)}
    with pytest.raises(ValueError, match="at least one page"):
        write_pdf_pages([], tmp_path / "none.pdf")


# --- the light variant of the theme ------------------------------------------------------------


def test_the_dark_theme_is_the_default_and_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(THEME_ENV, raising=False)
    video = load_theme()["video"]
    assert theme_variant() == "dark"
    assert (video["background"], video["foreground"], video["muted"]) == (
        "#101318",
        "#ECEFF4",
        "#8A93A3",
    )
    assert (video["card"], video["shade"], video["plain"]) == ("#000000", "#1B2330", "#FFFFFF")
    assert color("data", "video") == "#F0E442" and "palette" not in video


def test_the_light_variant_changes_colours_only(monkeypatch: pytest.MonkeyPatch) -> None:
    dark = load_theme("dark")
    monkeypatch.setenv(THEME_ENV, "light")
    light = load_theme()
    assert light is load_theme("light")
    assert light["video"]["background"] == "#FFFFFF"
    changed = {k for k in light["video"] if light["video"][k] != dark["video"].get(k)}
    assert changed == {"background", "foreground", "muted", "plain", "card", "shade", "palette"}
    # yellow is unreadable on white: the data and highlight roles darken on video, not on paper
    assert color("data", "video") != "#F0E442" and color("data") == "#F0E442"
    assert color("ball", "video") == dark["palette"]["ball"]
    assert color("gaussian", "video") == light["video"]["foreground"]
    monkeypatch.setenv(THEME_ENV, "sepia")
    with pytest.raises(ValueError, match="dark, light"):
        load_theme()


def _luminance(hexcode: str) -> float:
    """WCAG relative luminance of an sRGB colour."""
    channels = [int(hexcode.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_every_light_video_colour_reads_on_white() -> None:
    """Text and thin lines on the light handout: contrast at least 3:1 against its background
    for the foreground, muted and every palette role the light variant sets."""
    light = load_theme("light")["video"]
    background = _luminance(light["background"])
    for name in ("foreground", "muted", "plain", *light["palette"]):
        hexcode = light[name] if name in light else light["palette"][name]
        contrast = (background + 0.05) / (_luminance(hexcode) + 0.05)
        assert contrast >= 3.0, f"{name} {hexcode}: contrast {contrast:.1f} on white"


# --- the print handout ---------------------------------------------------------------------------

FRAME_W, FRAME_H = 1920, 1080


def light_frame(*marks: tuple[int, int, int, int, tuple[int, int, int]]) -> np.ndarray:
    """A frame on white with a title bar and the given rectangles (x0, y0, x1, y1, rgb)."""
    frame = np.full((FRAME_H, FRAME_W, 3), 255, dtype=np.uint8)
    frame[60:110, 500:1400] = (26, 26, 26)
    for x0, y0, x1, y1, rgb in marks:
        frame[y0:y1, x0:x1] = rgb
    return frame


AXES = ((200, 300, 206, 950, (26, 26, 26)), (200, 944, 1700, 950, (26, 26, 26)))
CURVE = (300, 600, 1600, 612, (0, 114, 178))
BARS = (400, 500, 700, 940, (213, 94, 0))


@dataclass(frozen=True)
class PrintTalk:
    handout: Any
    chapters: tuple[Any, ...]
    narrations: dict[str, str]  # beat -> narration
    pages: list[str]  # each page's text


@pytest.fixture(scope="module")
def print_talk(tmp_path_factory: pytest.TempPathFactory) -> PrintTalk:
    """A talk of two real chapters with made-up beats (frames drawn here, 1920 px wide) and one
    of their figures built here; the other figure is missing."""
    import matplotlib as mpl
    from matplotlib.figure import Figure
    from PIL import Image

    from scenes.manifest import get_scene
    from scenes.production.handout import LightBeat
    from scenes.production.print_handout import pages_text, print_chapter, write_print_handout

    build = tmp_path_factory.mktemp("build")
    (build / "figures").mkdir()
    with mpl.rc_context({"pdf.fonttype": 42}):
        fig = Figure(figsize=(5.5, 3.0))
        ax = fig.add_subplot()
        ax.plot([0, 1, 2], [0, 1, 4])
        ax.set_title("sentinel band measure")
        fig.savefig(build / "figures" / "band-measure.pdf")
    concentration, toy = get_scene("concentration"), get_scene("smooth-interpolation")
    assert concentration.figures == ("band-measure",) and toy.figures == ("toy-fits",)
    drawn = {
        concentration.name: [light_frame(*AXES), light_frame(*AXES, CURVE), light_frame(BARS)],
        toy.name: [light_frame(*AXES, BARS)],
    }
    narrations: dict[str, str] = {}
    chapters = []
    for spec in (concentration, toy):
        beats = []
        for index, frame in enumerate(drawn[spec.name]):
            path = build / "light" / spec.cls / f"beat-{index:02d}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(frame).save(path)
            said = (
                f"Beat {index} of {spec.name} says this, and at some length: the band around the "
                "equator holds almost all of the sphere as the dimension grows, sampled."
            )
            narrations[f"{spec.name}/{index}"] = said
            beats.append(LightBeat(spec.name, index, f"beat-{index}", said, "notes", path))
        chapters.append(print_chapter(spec, beats, build))
    written = write_print_handout(chapters, build / "print.pdf", "A talk on paper")
    return PrintTalk(written, tuple(chapters), narrations, list(pages_text(written.pdf)))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_print_handout_numbers_every_page(print_talk: PrintTalk) -> None:
    from pypdf import PdfReader

    reader = PdfReader(print_talk.handout.pdf)
    total = len(reader.pages)
    assert total == print_talk.handout.pages >= 3
    for number, text in enumerate(print_talk.pages, start=1):
        assert f"{number} / {total}" in text
    for page in reader.pages:  # A4 portrait
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_print_handout_has_the_headings_and_every_narration_as_text(
    print_talk: PrintTalk,
) -> None:
    from pypdf import PdfReader

    text = _flat(" ".join(print_talk.pages))
    titles = {
        3: "Almost all of the sphere is near the equator",
        5: "Fitting noise is easy; fitting it smoothly is not",
    }
    contents = _flat(print_talk.pages[0])  # the title page, with the contents
    assert "A talk on paper" in contents
    for number, title in titles.items():
        assert f"Chapter {number} {title}" in text and title in contents
    for said in print_talk.narrations.values():  # a beat left out still has its words printed
        assert said in text
    outline = [getattr(item, "title", None) for item in PdfReader(print_talk.handout.pdf).outline]
    assert outline == [f"{number}. {title}" for number, title in titles.items()]


def drawn_images(page: Any) -> list[tuple[tuple[int, int], float, float]]:
    """Each image the page's content draws: its (width, height) in pixels and the width and
    height it is drawn at, in points (the current transformation when it is drawn)."""
    from pypdf.generic import ContentStream

    xobjects = page["/Resources"].get_object().get("/XObject") or {}
    ctm, stack, out = np.eye(3), [], []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(x) for x in operands)
            ctm = np.array([[a, b, 0], [c, d, 0], [e, f, 1]]) @ ctm
        elif operator == b"Do":
            obj = xobjects[operands[0]].get_object()
            if obj.get("/Subtype") == "/Image":
                size = (int(obj["/Width"]), int(obj["/Height"]))
                out.append((size, float(np.hypot(*ctm[0, :2])), float(np.hypot(*ctm[1, :2]))))
    return out


def test_a_near_duplicate_frame_is_left_out_and_its_words_join_the_next(
    print_talk: PrintTalk,
) -> None:
    from pypdf import PdfReader

    concentration = print_talk.chapters[0]
    assert [b.label for b in concentration.beats] == ["3.1\u20133.2", "3.3"]
    assert [beat.index for beat, _ in concentration.left_out] == [0]
    assert print_talk.handout.frames == 3 and print_talk.handout.beats == 4
    drawn = [i for page in PdfReader(print_talk.handout.pdf).pages for i in drawn_images(page)]
    assert len(drawn) == 3  # one frame per kept beat


def test_frames_are_placed_at_print_resolution_several_to_a_page(print_talk: PrintTalk) -> None:
    from pypdf import PdfReader

    from scenes.production.print_handout import MIN_PPI

    pages = [drawn_images(page) for page in PdfReader(print_talk.handout.pdf).pages]
    assert max(len(images) for images in pages) >= 2  # several beats share a page
    for images in pages:
        for (width, height), placed_w, placed_h in images:
            assert (width, height) == (FRAME_W, FRAME_H)
            assert width / (placed_w / 72) >= MIN_PPI and placed_w / placed_h == pytest.approx(
                16 / 9, rel=1e-3
            )


def _fonts(resources: Any, seen: set[int]) -> Any:
    """Every font dictionary reachable from a page's resources (form XObjects included)."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        obj = xobject.get_object()
        if obj.get("/Subtype") == "/Form" and id(obj) not in seen:
            seen.add(id(obj))
            yield from _fonts(obj.get("/Resources"), seen)


def test_the_print_handout_embeds_every_font(print_talk: PrintTalk) -> None:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(print_talk.handout.pdf).pages:
        for font in _fonts(page.get("/Resources"), set()):
            names.add(str(font.get("/BaseFont")))
            if font.get("/Subtype") == "/Type3":
                continue  # its glyphs are drawn in the PDF itself
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                f"{font.get('/BaseFont')} is not embedded"
            )
    assert any("CMUSerif" in name for name in names)


def test_a_chapter_figure_is_merged_as_vectors_and_a_missing_one_is_a_note(
    print_talk: PrintTalk,
) -> None:
    from pypdf import PdfReader

    reader = PdfReader(print_talk.handout.pdf)
    on = [i for i, text in enumerate(print_talk.pages) if "sentinel band measure" in text]
    assert len(on) == 1, "the figure's own text is text in the handout"
    drawn = drawn_images(reader.pages[on[0]])
    assert all(size == (FRAME_W, FRAME_H) for size, _, _ in drawn), "no image but the frames"
    text = _flat(print_talk.pages[on[0]])
    assert "Figure 3.1" in text and "Most of the sphere lies within" in text  # its caption
    missing = print_talk.handout.missing_figures
    assert [f.name for f in missing] == ["toy-fits"]
    assert "Figure 'toy-fits' is not in the figures build" in _flat(" ".join(print_talk.pages))


def test_light_frames_without_their_beats_record_are_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frames cached before beats.json was written beside them have no narration for the print
    handout: the stamp alone does not make them reusable."""
    import json

    from assets.env import BUILD_ENV
    from scenes.manifest import get_scene
    from scenes.production import process
    from scenes.production.handout import (
        BEATS_FILE,
        light_frames_dir,
        prepare_light_frames,
        read_light_beats,
    )
    from scenes.production.stamps import scene_stamp

    monkeypatch.setenv(BUILD_ENV, str(tmp_path))
    spec = get_scene("concentration")
    folder = light_frames_dir(spec)
    folder.mkdir(parents=True)
    (folder / "beat-00.png").write_bytes(b"")
    digest = scene_stamp(spec, "light-1920").digest
    (folder / "stamp.json").write_text(json.dumps({"stamp": digest}))

    class WouldRenderError(Exception):
        pass

    def would_render() -> None:
        raise WouldRenderError

    monkeypatch.setattr(process, "require_scene_tools", would_render)
    with pytest.raises(WouldRenderError):
        prepare_light_frames(spec, 1920)
    record = {"index": 0, "name": "band", "narration": "Said.", "notes": "Noted."}
    (folder / BEATS_FILE).write_text(json.dumps({"scene": spec.name, "beats": [record]}))
    files = prepare_light_frames(spec, 1920)()
    [beat] = read_light_beats(spec, files)
    assert (beat.name, beat.narration, beat.notes, beat.frame) == (
        "band",
        "Said.",
        "Noted.",
        folder / "beat-00.png",
    )


def test_text_wraps_to_its_width_and_a_dollar_said_stays_a_dollar() -> None:
    from scenes.production.print_handout import Style, measure, plain, wrap

    style = Style(10.5, "#1A1A1A")
    said = "It costs $5 a day, or $6 with the maths $x$ unset. " * 4
    lines = wrap(plain(said), 150.0, style)
    assert len(lines) > 3 and all(measure(line, style)[0] <= 151.0 for line in lines)
    assert " ".join(lines).replace(r"\$", "$") == " ".join(said.split())
    # a caption's TeX that mathtext cannot set is set as it is written, not an error
    assert " ".join(wrap(r"broken $\frac{1$ maths", 150.0, style)) == r"broken \$\frac{1\$ maths"
    caption = r"the band $|x_1| \leq t$ of $S^{d-1}$ against $\sqrt{d}$"
    assert " ".join(wrap(caption, 120.0, style)) == caption  # maths groups are never broken


@pytest.mark.slow
def test_the_slides_command_writes_the_print_handout_of_a_rendered_scene(
    talk: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: a real scene rendered on white, its narration from its beats, and its figure
    (not built in this build) named as missing, in one line each."""
    import json

    import render
    from scenes.production.print_handout import pages_text

    monkeypatch.setenv("HIDIM_BUILD", str(talk.build))
    monkeypatch.setattr(handout, "LIGHT_MIN_WIDTH", 854)  # 231 ppi on paper: small and fast
    assert render.main(["slides", "smooth-interpolation", "--print-handout"]) == 0
    said = capsys.readouterr().out.splitlines()
    target = talk.build / "slides" / "smooth-interpolation-preview-print.pdf"
    [line] = [ln for ln in said if ln.startswith("print handout: ")]
    pages = int(re.search(r"(\d+) pages", line).group(1))  # type: ignore[union-attr]
    assert line.endswith(" s)") and f"-> {target} (" in line
    assert "  figure 'toy-fits' is not in the handout: it is not built" in "\n".join(said)
    text = " ".join(" ".join(page.split()) for page in pages_text(target))
    beats = json.loads((handout.light_frames_dir(talk.scene) / handout.BEATS_FILE).read_text())
    assert len(beats["beats"]) == talk.deck.slides
    for beat in beats["beats"]:
        assert beat["narration"] and beat["narration"] in text
    assert f"{pages} / {pages}" in text
