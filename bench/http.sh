#!/usr/bin/env bash
# HTTP throughput of the release server on the demo data (SQLite), measured with wrk.
#   BIN=~/.cache/collectivepower/target/release/collectivepower bash bench/http.sh
# Options (environment): DURATION (default 10s), CONNECTIONS (default 50), THREADS (default 2),
# PORT (default 3200), DATABASE_URL (default: a fresh SQLite file).
# Prints one line per page: requests/s, p50 and p99 latency — for visitors, then the question page
# and the account page for a signed-in member (one session lookup per request) — and the median
# time of a sign-in (argon2id). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BIN:=${CARGO_TARGET_DIR:-$HOME/.cache/collectivepower/target}/release/collectivepower}"
duration=${DURATION:-10s}
connections=${CONNECTIONS:-50}
threads=${THREADS:-2}
port=${PORT:-3200}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
data=$(mktemp -d)
# The sign-in measurement signs in 20 times from 127.0.0.1.
COLLECTIVEPOWER_SIGNIN_LIMIT_IP=1000 RUST_LOG=warn "$BIN" serve --demo --addr "127.0.0.1:$port" --data-dir "$data" >"$data/log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

# The newest thread (first on /questions) stands for "a question page".
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

# A signed-in member: the demo account's session cookie.
jar="$data/cookies"
signin() {
  curl -sS -o /dev/null -c "$jar" -w '%{time_total}\n' -H "Origin: http://127.0.0.1:$port" \
    --data-urlencode email=henk@demo.collectievekracht.example --data-urlencode password=demo-collectief \
    "http://127.0.0.1:$port/api/sign_in"
}
signin >/dev/null
cookie=$(awk '$6 == "cp_session" {print "cp_session=" $7}' "$jar")
[[ -n $cookie ]] || { echo "could not sign in" >&2; exit 1; }
for page in "$question" "/account"; do
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H 'Accept-Language: en' -H "Cookie: $cookie" "http://127.0.0.1:$port$page")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf "%-30s %10s %10s %10s\n" "$page (signed in)" "$rps" "$p50" "$p99"
done
median=$(for _ in $(seq 1 20); do signin; done | sort -n | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)] * 1000}')
echo "sign-in (argon2id, sequential, median of 20): ${median} ms"
