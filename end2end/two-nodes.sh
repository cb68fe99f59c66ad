#!/usr/bin/env bash
# Two app processes on one database, each with its own search index: a write by a third process
# (the CLI) is findable — or gone — through both within a second. Runs on SQLite (a shared file)
# and, when reachable, on PostgreSQL (TEST_POSTGRES_URL, default the local server).
# Usage: BIN=… two-nodes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BIN:?set BIN to the server binary}"

pids=()
dirs=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for d in "${dirs[@]}"; do rm -rf "$d"; done
}
trap cleanup EXIT

start_node() { # url data_dir port
  "$BIN" serve --database-url "$1" --data-dir "$2" --addr "127.0.0.1:$3" >"$2/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$3/healthz" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "node on :$3 did not start"; cat "$2/server.log"; return 1
}

# Milliseconds until `curl port/search?q=word` does (want=1) or does not (want=0) link to path.
wait_for() { # port word path want
  local start=$(date +%s%N)
  for _ in $(seq 1 200); do
    local body
    body=$(curl -fsS "http://127.0.0.1:$1/search?q=$2")
    local has=0
    grep -q "href=\"$3\"" <<<"$body" && has=1
    if [[ $has == "$4" ]]; then
      echo $(( ($(date +%s%N) - start) / 1000000 ))
      return 0
    fi
    sleep 0.02
  done
  echo "timeout"; return 1
}

check() { # name url
  local name=$1 url=$2
  local a b
  a=$(mktemp -d); b=$(mktemp -d); dirs+=("$a" "$b")
  "$BIN" seed-demo --database-url "$url" --data-dir "$a" >/dev/null
  start_node "$url" "$a" 3201
  start_node "$url" "$b" 3202
  # The question about the heat network (warmtenet) is on both nodes.
  # A node serves while it builds its index in the background: wait for the first result.
  local path=""
  for _ in $(seq 1 200); do
    path=$(curl -fsS "http://127.0.0.1:3201/search?q=warmtenet&type=question" | grep -o 'href="/questions/[0-9]*"' | head -1 | cut -d'"' -f2 || true)
    [[ -n $path ]] && break
    sleep 0.05
  done
  [[ -n $path ]] || { echo "$name: no result on node A"; exit 1; }
  local id=${path##*/}
  wait_for 3202 warmtenet "$path" 1 >/dev/null
  "$BIN" hide-question "$id" --database-url "$url" --data-dir "$a" >/dev/null
  local ms_a ms_b
  ms_b=$(wait_for 3202 warmtenet "$path" 0)
  ms_a=$(wait_for 3201 warmtenet "$path" 0)
  echo "$name: hidden question $id left node B's index after ≤${ms_b} ms, node A's after ≤${ms_a} ms"
  "$BIN" show-question "$id" --database-url "$url" --data-dir "$a" >/dev/null
  ms_b=$(wait_for 3202 warmtenet "$path" 1)
  echo "$name: shown again on node B after ≤${ms_b} ms"
  (( ms_b < 1000 )) || { echo "$name: slower than 1 s"; exit 1; }
  for p in "${pids[@]}"; do kill -TERM "$p"; wait "$p" || true; done
  pids=()
}

sqlite_dir=$(mktemp -d); dirs+=("$sqlite_dir")
check sqlite "sqlite://$sqlite_dir/shared.sqlite3?mode=rwc"

admin=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
name="cp_two_nodes_$$"
if psql "$admin" -qc "CREATE DATABASE $name" >/dev/null 2>&1; then
  check postgresql "${admin%/*}/$name"
  psql "$admin" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
elif [[ ${CI:-} == true ]]; then
  echo "CI=true but PostgreSQL is unreachable at $admin"; exit 1
else
  echo "SKIPPING the PostgreSQL two-node check: unreachable at $admin"
fi
