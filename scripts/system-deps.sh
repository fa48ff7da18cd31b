#!/usr/bin/env bash
# Install the Debian packages manim, TeX and the slides need, if any are missing.
#   scripts/system-deps.sh          what `make render` needs
#   scripts/system-deps.sh --test   that, and Chromium for the browser tests of `make test`
# As root: installs them with apt (no prompts). Otherwise: prints the exact command and fails.
# Safe to run again: does nothing when everything is there.
#
# TeX (for the scenes' maths and the figure proofs) follows HIDIM_MATH, the maths backend:
#   tex       TeX is required
#   mathjax   TeX is not needed (MathJax, from npm, typesets the maths)
#   auto      (the default) TeX is installed when run as root; otherwise, if it is missing, it
#             is left out and the scenes' maths is typeset by MathJax
# `--test` always wants TeX: the tests compare the two backends.
set -euo pipefail

PACKAGES=(
  build-essential pkg-config python3-dev          # compile manimpango and pycairo
  libcairo2-dev libpango1.0-dev                   # manim's 2-D renderer and text
  fonts-dejavu-core                               # a fallback font for Manim and Chromium
  fonts-cmu                                       # Computer Modern text: scenes, arXiv/slides figures
  poppler-utils                                   # pdffonts/pdftoppm: checks of the paper PDFs
  festival festvox-us-slt-hts                     # --voice tts: offline speech, an HTS voice
)
TEX_PACKAGES=(
  texlive-latex-base texlive-latex-extra dvisvgm  # MathTex, with the tex maths backend
  texlive-latex-recommended                       # beamer: the slides venue of the figure proofs
  texlive-fonts-recommended                       # Times: the NeurIPS/ICML pages of the proofs
)
math="${HIDIM_MATH:-auto}"
case "$math" in
  tex|mathjax|auto) ;;
  *) echo "system-deps: HIDIM_MATH must be auto, tex or mathjax (got '$math')" >&2; exit 2 ;;
esac
if [[ "${1:-}" == "--test" || "$math" == "tex" || ( "$math" == "auto" && $(id -u) -eq 0 ) ]]; then
  PACKAGES+=("${TEX_PACKAGES[@]}")
elif [[ "$math" == "auto" ]] && ! { command -v latex && command -v dvisvgm; } >/dev/null 2>&1; then
  echo "system-deps: TeX is not installed (not root): the scenes' maths will be typeset by MathJax"
fi
# npm installs reveal.js (package-lock.json) for the offline slides; Debian's npm brings Node.js.
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
if [[ "${1:-}" == "--test" ]]; then
  PACKAGES+=(chromium)                            # headless browser tests of slides and gallery
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian-like system; make sure these are installed: ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "system-deps: run as root (or with sudo):  $cmd" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
