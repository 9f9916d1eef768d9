#!/usr/bin/env bash
# A release archive for a hospital's PC: the release binary, README, docs/, the data files'
# source and licence headers, the licence files, and SHA-256 sums of all of it.
#   scripts/package.sh [CARGO BUILD OPTIONS…]   e.g. --no-default-features (no active scan)
# Writes dist/kensa-VERSION-TARGET.tar.gz and dist/SHA256SUMS (the archive's own sum).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
target=$(rustc -vV | sed -n 's/^host: //p')
name="kensa-$version-$target"

cargo build --release --locked "$@"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/data" "$root/checklists"
cp target/release/kensa "$root/"
cp README.md BENCHMARKS.md "$root/"
cp -r docs "$root/docs"
cp checklists/README.md "$root/checklists/"
# The data files are inside the binary; their headers say where they come from and under
# which licence, which a recipient must be able to read.
for f in data/*.tsv; do
    grep '^#' "$f" > "$root/data/$(basename "$f").source.txt" || true
done
licences=(LICENSE* COPYING* NOTICE*)
found=0
for l in "${licences[@]}"; do
    if [ -f "$l" ]; then cp "$l" "$root/"; found=1; fi
done
if [ "$found" -eq 0 ]; then
    echo "package.sh: no LICENSE file in the repository (Cargo.toml says: $(sed -n 's/^license = //p' Cargo.toml)); add it before distributing" >&2
    exit 1
fi
(cd "$root" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)

mkdir -p dist
tar -C "$stage" -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum "$name.tar.gz" > SHA256SUMS)
echo "dist/$name.tar.gz"
cat dist/SHA256SUMS
