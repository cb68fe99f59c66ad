#!/usr/bin/env bash
# Lighthouse 12.2.3 (npm), mobile preset (its default: a Moto G class phone, slow 4G, 4x CPU
# slowdown), in Debian's Chromium: three runs each on home, a 30-answer thread, search and a lab
# dashboard; prints the median score per category (performance, accessibility, best practices,
# SEO) and the median total blocking time. Issue 17's goals: >= 95 / 100 / 95 / 95.
#   BIN=~/.cache/collectivepower/target/release/collectivepower bash bench/lighthouse.sh
# RUNS (3), PORT (3230). Lighthouse is installed into the tools cache on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BIN:=${CARGO_TARGET_DIR:-$HOME/.cache/collectivepower/target}/release/collectivepower}"
cache=${COLLECTIVEPOWER_CACHE:-$HOME/.cache/collectivepower}
runs=${RUNS:-3}
port=${PORT:-3230}
base="http://127.0.0.1:$port"
lighthouse=$cache/lighthouse/node_modules/.bin/lighthouse
if ! "$lighthouse" --version 2>/dev/null | grep -qx 12.2.3; then
  npm install --prefix "$cache/lighthouse" --no-audit --no-fund --save-exact lighthouse@12.2.3 >/dev/null
fi

data=$(mktemp -d)
db=(--data-dir "$data" --database-url "")
"$BIN" migrate "${db[@]}" >/dev/null
"$BIN" seed-demo "${db[@]}" >/dev/null
thread=$("$BIN" generate --questions 200 "${db[@]}" | grep -o '/questions/[0-9]*' | tail -n1)
"$BIN" reindex "${db[@]}" >/dev/null 2>&1
mkdir -p "$data/cwd"
(cd "$data/cwd" && RUST_LOG=warn exec "$BIN" serve --addr "127.0.0.1:$port" "${db[@]}") >"$data/log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
for _ in $(seq 1 200); do curl -fsS "$base/search?q=warmtenet" | grep -q 'data-testid="search-hits"' && break; sleep 0.1; done

pages=("home /" "thread $thread" "search /search?q=warmtenet%20subsidie" "dashboard /labs/finance/dashboard")
printf '%-10s %5s %5s %5s %5s %8s   (median of %d runs; runs: perf/a11y/bp/seo)\n' page perf a11y bp seo "TBT ms" "$runs"
for entry in "${pages[@]}"; do
  name=${entry%% *}
  path=${entry#* }
  for run in $(seq 1 "$runs"); do
    CHROME_PATH=${CHROMIUM_PATH:-/usr/bin/chromium} "$lighthouse" "$base$path" --quiet \
      --output=json --output-path="$data/$name-$run.json" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>"$data/$name-$run.err" ||
      { echo "lighthouse failed on $path:"; cat "$data/$name-$run.err"; exit 1; }
  done
  node -e '
    const fs = require("fs");
    const [name, runs, ...files] = process.argv.slice(1);
    const reports = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
    const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const cats = ["performance", "accessibility", "best-practices", "seo"];
    const score = (r, c) => Math.round((r.categories[c]?.score ?? 0) * 100);
    const m = cats.map((c) => median(reports.map((r) => score(r, c))));
    const tbt = median(reports.map((r) => r.audits["total-blocking-time"].numericValue));
    const each = reports.map((r) => cats.map((c) => score(r, c)).join("/")).join(", ");
    console.log(`${name.padEnd(10)} ${m.map((x) => String(x).padStart(5)).join(" ")} ${tbt.toFixed(0).padStart(8)}   ${each}`);
    // What keeps a score below 100: the failing audits of the median run of each category.
    for (const [i, c] of cats.entries()) {
      const r = reports.find((r) => score(r, c) === m[i]);
      const refs = r.categories[c].auditRefs.filter((a) => a.weight > 0);
      const failing = refs.filter((a) => (r.audits[a.id].score ?? 1) < 0.9).map((a) => a.id);
      if (failing.length) console.log(`           ${c}: ${failing.join(", ")}`);
    }
  ' "$name" "$runs" "$data/$name"-*.json
done
