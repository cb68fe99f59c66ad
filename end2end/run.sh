#!/usr/bin/env bash
# Starts the release server on a fresh demo database, waits until it is ready, runs the Playwright
# journeys, then stops it with SIGTERM and checks that it shut down cleanly.
set -euo pipefail
cd "$(dirname "$0")"
: "${BIN:?set BIN to the server binary}"
port=${E2E_PORT:-3100}

# Start-up errors are one readable line and a non-zero exit, not a panic.
if out=$(cd .. && "$BIN" migrate --database-url "mysql://nobody@127.0.0.1/cp" 2>&1); then
  echo "a bad DATABASE_URL was accepted"; exit 1
fi
[[ $out == "error: DATABASE_URL must start with"* && $(wc -l <<<"$out") -eq 1 ]] || { echo "unexpected start-up error: $out"; exit 1; }

data=$(mktemp -d)
log="$data/server.log"
# Every journey signs up and in from 127.0.0.1: the per-IP limits are raised here (the per-account
# limit stays as configured by default).
export COLLECTIVEPOWER_SIGNUP_LIMIT_IP=1000 COLLECTIVEPOWER_SIGNIN_LIMIT_IP=1000
# Started from an empty working directory, as systemd or a container would: nothing may depend on
# the source tree (issue 15).
mkdir -p "$data/cwd"
(cd "$data/cwd" && exec "$BIN" serve --demo --addr "127.0.0.1:$port" --data-dir "$data" --database-url "") >"$log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo "server died:"; cat "$log"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "server not ready:"; cat "$log"; exit 1; }
# The search index is built in the background after start-up; wait until it answers.
for _ in $(seq 1 200); do
  curl -fsS "http://127.0.0.1:$port/search?q=warmtenet" | grep -q 'data-testid="search-hits"' && break
  sleep 0.1
done

# Every asset the home page links is hashed and served (styles, the JS glue and the WASM).
home=$(curl -fsS "http://127.0.0.1:$port/")
assets=$(grep -oE '/(pkg/[A-Za-z0-9._-]+\.(css|js|wasm)|[A-Za-z0-9._-]+\.(svg|ico|png))' <<<"$home" | sort -u)
for kind in css js wasm; do
  grep -qE "^/pkg/collectivepower\.[A-Za-z0-9_-]+\.$kind$" <<<"$assets" || { echo "the home page links no hashed .$kind: $assets"; exit 1; }
done
for asset in $assets; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$asset")
  [[ $code == 200 ]] || { echo "$asset (linked by the home page) answered $code"; exit 1; }
done
echo "started outside the source tree: $(wc -w <<<"$assets") linked assets answer 200"

status=0
# PW_ARGS narrows a run by hand (e.g. PW_ARGS="-g flag --project with-js --repeat-each 3").
BASE_URL="http://127.0.0.1:$port" npx playwright test ${PW_ARGS:-} || status=$?

kill -TERM "$server"
if ! wait "$server"; then
  echo "the server did not exit cleanly on SIGTERM:"; cat "$log"; status=1
fi
grep -q "shut down cleanly" "$log" || { echo "no clean shutdown logged"; cat "$log"; status=1; }
exit $status
