#!/usr/bin/env bash
# HTTP throughput of the release server on the demo data (SQLite), measured with wrk.
#   BIN=~/.cache/collectivepower/target/release/collectivepower bash bench/http.sh
# Options (environment): DURATION (default 10s), CONNECTIONS (default 50), THREADS (default 2),
# PORT (default 3200), DATABASE_URL (default: a fresh SQLite file).
# Prints one line per page: requests/s, p50 and p99 latency. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BIN:=${CARGO_TARGET_DIR:-$HOME/.cache/collectivepower/target}/release/collectivepower}"
duration=${DURATION:-10s}
connections=${CONNECTIONS:-50}
threads=${THREADS:-2}
port=${PORT:-3200}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
data=$(mktemp -d)
RUST_LOG=warn "$BIN" serve --demo --addr "127.0.0.1:$port" --data-dir "$data" >"$data/log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

# The thread with the most answers stands for "a question page".
question=$(curl -fsS "http://127.0.0.1:$port/questions" | grep -o 'href="/questions/[0-9]*"' | head -n1 | cut -d'"' -f2)
pages=("/" "$question" "/labs/finance" "/collectives" "/search?q=volunteers%20bank")
printf "%-30s %10s %10s %10s\n" page req/s p50 p99
for page in "${pages[@]}"; do
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H 'Accept-Language: en' "http://127.0.0.1:$port$page")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf "%-30s %10s %10s %10s\n" "$page" "$rps" "$p50" "$p99"
done
