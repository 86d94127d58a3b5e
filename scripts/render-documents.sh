#!/usr/bin/env bash
# Renders the official documents (.docx) that the document tests make to PDF and PNG, to look at them as a clerk
# would: wrapped titles, signature blocks split across pages, missing fonts. Not part of every test run (LibreOffice
# is large and slow to start); run it after changing Api/Documents.
#
#   bash scripts/render-documents.sh [out-dir]     default: storage/documents
#
# Writes <out-dir>/*.docx (one per kind, named as the download is), <out-dir>/pdf/*.pdf and the first page of each as
# <out-dir>/pdf/*-1.png. Needs LibreOffice (Debian's libreoffice-writer-nogui), pdftoppm (poppler-utils) and a CJK font
# (fonts-noto-cjk); installs them with apt-get when missing (as root). Without 仿宋_GB2312 and 方正小标宋 installed the
# fonts are substituted (fontconfig picks Noto CJK): the layout is what Word or WPS shows, the letterforms are not.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-storage/documents}")

if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null || ! fc-list :lang=zh | grep -q .; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui poppler-utils fonts-noto-cjk >/dev/null
fi

rm -rf "$out" && mkdir -p "$out/pdf"
DOCUMENTS_RENDER_DIR="$out" dotnet test Api.Tests \
  --filter "FullyQualifiedName~DocumentTestsOnSqlite|FullyQualifiedName~CaseFileTestsOnSqlite.TheZipHolds" \
  --logger "console;verbosity=minimal"
soffice --headless --convert-to pdf --outdir "$out/pdf" "$out"/*.docx >/dev/null
for pdf in "$out"/pdf/*.pdf; do
  pdftoppm -png -r 80 -f 1 -l 1 "$pdf" "${pdf%.pdf}"
  echo "$(basename "$pdf"): $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') page(s)"
done
echo "rendered into $out/pdf"
