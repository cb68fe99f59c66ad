#!/usr/bin/env bash
# Question threads at size (issue 5's budgets), on SQLite, with wrk -c50 on this machine:
#   - the thread page with 30 answers, as a visitor (budget: >= 5,000 req/s, p99 <= 20 ms);
#   - the question list in each order and with filters, first page and a deep keyset page;
#   - posting answers as a signed-in member (budget: >= 500/s, no "database is locked").
# For each size in SIZES (default "10000"; by hand: SIZES="10000 1000000") it builds a fresh
# database: demo platform + `collectivepower generate --questions N`, then `reindex`, then serves.
#   BIN=~/.cache/collectivepower/target/release/collectivepower bash bench/threads.sh
# Options (environment): SIZES, DURATION (10s), CONNECTIONS (50), THREADS (2), PORT (3210),
# CHECK=1 to fail when a budget is missed (used by nothing automatic: figures vary by machine).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BIN:=${CARGO_TARGET_DIR:-$HOME/.cache/collectivepower/target}/release/collectivepower}"
sizes=${SIZES:-10000}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-50}
threads=${THREADS:-2}
port=${PORT:-3210}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
base="http://127.0.0.1:$port"
misses=0

# shellcheck source=lib.sh
source bench/lib.sh

for size in $sizes; do
  data=$(mktemp -d)
  db=(--data-dir "$data" --database-url "")
  echo "== $size questions =="
  "$BIN" migrate "${db[@]}" >/dev/null
  "$BIN" seed-demo "${db[@]}" >/dev/null
  generated=$("$BIN" generate --questions "$size" "${db[@]}")
  echo "$generated"
  thread=$(grep -o '/questions/[0-9]*' <<<"$generated" | tail -n1)
  "$BIN" reindex "${db[@]}" 2>&1 | tail -n1
  COLLECTIVEPOWER_SIGNIN_LIMIT_IP=1000 RUST_LOG=warn "$BIN" serve --addr "127.0.0.1:$port" \
    "${db[@]}" >"$data/log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
  for _ in $(seq 1 120); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  answers=$(curl -fsS -H 'Accept-Language: en' "$base$thread" | grep -o 'class="answer[ "]' | wc -l)
  echo "benchmark thread $thread: $answers answers"

  # The list's deep pages: follow the "older" link 50 times.
  deep="/questions?sort=votes"
  for _ in $(seq 1 50); do
    next=$(curl -fsS "$base$deep" | grep -o 'href="/questions?[^"]*" rel="next"' | head -n1 | cut -d'"' -f2 | sed 's/&amp;/\&/g')
    [[ -n $next ]] || break
    deep=$next
  done

  printf "%-44s %10s %10s %10s\n" page req/s p50 p99
  measure "thread, 30 answers (visitor)" "$base$thread"
  thread_rps=$last_rps
  thread_p99=$last_p99
  # A query string bypasses the visitors' page cache: the cost of rendering the page.
  measure "thread, 30 answers (rendered, no cache)" "$base$thread?render=1"
  measure "/questions (newest)" "$base/questions"
  measure "/questions?sort=active" "$base/questions?sort=active"
  measure "/questions?sort=votes" "$base/questions?sort=votes"
  measure "/questions?sort=unanswered" "$base/questions?sort=unanswered"
  measure "/questions?sector=care&topic=volunteers" "$base/questions?sector=care&topic=volunteers"
  measure "/questions?lab=finance&status=open" "$base/questions?lab=finance&status=open"
  measure "votes, page 51 (keyset)" "$base$deep"

  # Writes: answers posted by a signed-in member to random questions.
  jar="$data/cookies"
  curl -sS -o /dev/null -c "$jar" -H "Origin: $base" \
    --data-urlencode email=henk@demo.collectievekracht.example --data-urlencode password=demo-collectief \
    "$base/api/sign_in"
  cookie=$(awk '$6 == "cp_session" {print "cp_session=" $7}' "$jar")
  [[ -n $cookie ]] || { echo "could not sign in" >&2; exit 1; }
  limit=$((size < 1000 ? size : 1000))
  QUESTIONS=$limit COOKIE=$cookie ORIGIN=$base measure "post answer (signed in, writes)" -s bench/post-answer.lua "$base/api/post_answer"
  write_rps=$last_rps
  locked=$(grep -ci "database is locked" "$data/log" || true)
  echo "\"database is locked\" in the server log: $locked"

  # The visitors' page cache when a crawler reads 5,000 other threads once each (issue 17): the
  # hot thread, read after every 10 of them, must stay cached (the cache evicts, not empties).
  walk=$data/walk.curl
  : >"$walk"
  hot_id=${thread##*/}
  n=0
  for id in $(seq 1 $((size + 100))); do
    [[ $id == "$hot_id" ]] && continue
    printf 'url = "%s/questions/%s"\noutput = /dev/null\n' "$base" "$id" >>"$walk"
    n=$((n + 1))
    ((n % 10 == 0)) && printf 'url = "%s%s"\noutput = /dev/null\n' "$base" "$thread" >>"$walk"
    ((n == 5000)) && break
  done
  curl -fsS -o /dev/null -H 'Accept-Language: en' "$base$thread"  # cached again after the writes
  walk_start=$(date +%s.%N)
  curl -s -H 'Accept-Language: en' -w '%{http_code} %header{x-page-cache} %{url}\n' -K "$walk" >"$data/walk.out"
  walk_time=$(awk -v s="$walk_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  others_ok=$(grep -v " $base$thread\$" "$data/walk.out" | grep -c '^200 ' || true)
  hot_hits=$(grep " $base$thread\$" "$data/walk.out" | grep -c '^200 hit ' || true)
  hot_reads=$(grep -c " $base$thread\$" "$data/walk.out" || true)
  echo "page cache: $n other threads read once ($others_ok answered 200) in $walk_time s; the hot thread hit $hot_hits of $hot_reads reads"

  if [[ ${CHECK:-0} == 1 ]]; then
    awk -v r="$thread_rps" 'BEGIN { exit !(r >= 5000) }' || { echo "MISSED: thread page $thread_rps req/s < 5000"; misses=$((misses + 1)); }
    awk -v p="$(ms "$thread_p99")" 'BEGIN { exit !(p <= 20) }' || { echo "MISSED: thread page p99 $thread_p99 > 20 ms"; misses=$((misses + 1)); }
    awk -v r="$write_rps" 'BEGIN { exit !(r >= 500) }' || { echo "MISSED: answers $write_rps/s < 500"; misses=$((misses + 1)); }
    [[ $locked == 0 ]] || { echo "MISSED: database is locked"; misses=$((misses + 1)); }
    [[ $hot_hits == "$hot_reads" ]] || { echo "MISSED: the hot thread was evicted ($hot_hits hits of $hot_reads)"; misses=$((misses + 1)); }
  fi
  kill "$server"
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
  trap - EXIT
done
exit $((misses > 0))
