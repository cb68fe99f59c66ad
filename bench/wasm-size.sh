#!/usr/bin/env bash
# Size of the release WASM bundle: raw, gzip and brotli (as served from the precompressed files).
set -euo pipefail
cd "$(dirname "$0")/.."
site=${SITE:-${CARGO_TARGET_DIR:-$HOME/.cache/collectivepower/target}/site}
wasm=$(ls "$site"/pkg/*.wasm | grep -v '\.br$\|\.gz$' | head -n1)
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
br=$( [[ -f $wasm.br ]] && stat -c %s "$wasm.br" || echo "n/a")
printf 'wasm %s: raw %d B, gzip -9 %d B, brotli (served) %s B\n' "$(basename "$wasm")" "$raw" "$gz" "$br"
