#!/usr/bin/env bash
# Render a pack (.pptx or .docx) to one PNG per slide/page with LibreOffice, to look at it (not run in CI).
#   scripts/render_slides.sh FILE.pptx [OUTDIR]      → OUTDIR/<name>-01.png, -02.png, …
# Needs LibreOffice (apt-get install libreoffice-impress libreoffice-writer) and pdftoppm (poppler-utils).
# Without 微软雅黑/仿宋 on the machine LibreOffice draws the fontconfig fallback (Noto CJK), as WPS on Linux does.
set -euo pipefail
file=${1:?usage: scripts/render_slides.sh FILE.pptx [OUTDIR]}
out=${2:-$(dirname "$file")/render}
mkdir -p "$out"
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "缺少 $tool：请先安装 LibreOffice 和 poppler-utils。" >&2; exit 1; }
done
stem=$(basename "${file%.*}")
profile=$(mktemp -d)       # a private LibreOffice profile: runs beside an open LibreOffice and leaves no state
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation=file://"$profile" --headless --convert-to pdf --outdir "$out" "$file" >/dev/null
pdftoppm -png -r 96 "$out/$stem.pdf" "$out/$stem"
ls "$out"/"$stem"*.png
