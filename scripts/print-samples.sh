#!/usr/bin/env bash
# Print the test fixture's report as the inspector gets it (HTML through headless Chromium, xlsx
# through LibreOffice, both to PDF) and keep a few pages as PNG in docs/print/, so a reader of
# docs/printing.md sees what the output looks like. The pages come from the printing tests
# themselves (tests/print.rs), so they show exactly what the tests check.
#
#   scripts/print-samples.sh            PNGs into docs/print/
#   KEEP=DIR scripts/print-samples.sh   also keep the PDFs in DIR
#
# Needs chromium, libreoffice-calc, poppler-utils, fonts-noto-cjk, fonts-crosextra-carlito
# (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/print
mkdir -p "$out"
rm -f "$out"/*.png
export KENSA_PRINT_SAMPLES="$PWD/$out"
if [ -n "${KEEP:-}" ]; then export KENSA_PRINT_KEEP="$KEEP"; fi
# A developer's run skips a test whose tool is missing; CI=1 makes that an error here.
CI=1 cargo test --quiet --test print -- --test-threads 1 prints_whole
ls -l "$out"
