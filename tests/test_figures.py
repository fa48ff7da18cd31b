"""Paper figures: each builds to PDF (fonts embedded) and PNG, and looks as it did when reviewed."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from experiments.core.store import ResultStore, load
from figures import all_figures, build_figure
from figures.kit.style import paper_style
from tests.conftest import REFERENCE_DIR, compare_images

FIGURES = [spec.name for spec in all_figures()]


@pytest.mark.parametrize("name", FIGURES)
def test_figure_builds_pdf_with_embedded_fonts_and_png(
    name: str, build_dir: Path, figure_store: ResultStore
) -> None:
    spec = next(s for s in all_figures() if s.name == name)
    pdf, png = build_figure(spec, build_dir / "figures", store=figure_store)
    assert pdf.read_bytes().startswith(b"%PDF")
    data = pdf.read_bytes()
    assert b"/FontFile2" in data  # TrueType fonts embedded
    assert b"/Subtype /Type3" not in data  # no bitmap-like Type 3 fonts
    if shutil.which("pdffonts"):
        rows = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows), rows  # every font embedded
    with Image.open(png) as img:
        assert img.format == "PNG" and img.width >= 900  # 300 dpi at venue width


@pytest.mark.parametrize("name", FIGURES)
def test_figure_matches_reviewed_reference(name: str, figure_store: ResultStore) -> None:
    spec = next(s for s in all_figures() if s.name == name)
    results = {n: load(n, store=figure_store) for n in spec.needs}
    buf = io.BytesIO()
    with paper_style():
        spec.fn(results).savefig(buf, format="png", dpi=100)
    image = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    compare_images(
        image, REFERENCE_DIR / "figures" / f"{name}.png", max_rms=6.0, max_bad_fraction=0.003
    )
