#!/usr/bin/env bash
# The deployment of the README, for real: the binary and the built site copied into an install
# directory (no source tree, no Cargo.toml, no hash file beside the binary), two app nodes started
# from empty working directories on one PostgreSQL database, behind nginx (Debian's) terminating TLS.
# A member signs in through the proxy and goes on through the other node: sessions, search and
# notifications agree on both. Everything listens on 127.0.0.1 only.
# Usage: BIN=… deploy.sh   (needs nginx, openssl, psql and a PostgreSQL at TEST_POSTGRES_URL)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BIN:?set BIN to the server binary}"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
admin=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
proxy_port=${DEPLOY_PORT:-3443}
node_ports=(3301 3302)

work=$(mktemp -d)
pids=()
dbname="cp_deploy_$$"
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  psql "$admin" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "deploy: $*"; for f in "$work"/node*/server.log "$work"/nginx/error.log; do [[ -f $f ]] && { echo "== $f"; tail -n 30 "$f"; }; done; exit 1; }

if ! psql "$admin" -qc "CREATE DATABASE $dbname" >/dev/null 2>&1; then
  [[ ${CI:-} == true ]] && fail "CI=true but PostgreSQL is unreachable at $admin"
  echo "SKIPPING the deployment test: PostgreSQL unreachable at $admin"; exit 0
fi
url="${admin%/*}/$dbname"

# The install directory as the README describes it: the binary and site/ beside it.
site=$(dirname "$BIN")/../site
[[ -f $site/hash.txt ]] || fail "no hash.txt in the built site ($site): run make build"
install_dir="$work/opt/collectivepower"
mkdir -p "$install_dir"
cp "$BIN" "$install_dir/collectivepower"
cp -r "$site" "$install_dir/site"
exe="$install_dir/collectivepower"

# Migrate and fill the demo data from an empty working directory.
mkdir -p "$work/empty"
(cd "$work/empty" && "$exe" seed-demo --database-url "$url" --data-dir "$work/seed") >/dev/null

public="https://127.0.0.1:$proxy_port"
for i in 0 1; do
  dir="$work/node$i"; mkdir -p "$dir/cwd"
  (cd "$dir/cwd" && exec "$exe" serve --database-url "$url" --data-dir "$dir/data" \
      --addr "127.0.0.1:${node_ports[$i]}" --public-url "$public" --trusted-proxies 127.0.0.1) \
      >"$dir/server.log" 2>&1 &
  pids+=($!)
done

# nginx terminating TLS (a self-signed certificate for 127.0.0.1), round robin over both nodes.
mkdir -p "$work/nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" >/dev/null 2>&1
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream collectivepower {
    server 127.0.0.1:${node_ports[0]};
    server 127.0.0.1:${node_ports[1]};
  }
  server {
    listen 127.0.0.1:$proxy_port ssl;
    ssl_certificate $work/nginx/cert.pem;
    ssl_certificate_key $work/nginx/key.pem;
    client_max_body_size 1m;
    location / {
      proxy_pass http://collectivepower;
      proxy_http_version 1.1;
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
EOF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off; user root;' \
  >"$work/nginx/stdout.log" 2>&1 &
pids+=($!)

for port in "${node_ports[@]}"; do
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.25; done
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || fail "node on :$port did not start"
done
for _ in $(seq 1 40); do curl -kfsS "$public/healthz" >/dev/null 2>&1 && break; sleep 0.25; done
curl -kfsS "$public/healthz" >/dev/null || fail "nginx did not start"

# curl through the proxy as a browser would send it (same-origin POSTs).
req() { curl -ksS --max-time 20 -H "Origin: $public" -H "Accept-Language: en" "$@"; }
# Sends a request until each node has answered it once, with a check on each answer.
# on_both NAME CHECK_REGEX curl-args… ; the body must match CHECK_REGEX on both nodes.
on_both() {
  local name=$1 want=$2; shift 2
  local seen=""
  for _ in $(seq 1 80); do
    local headers body upstream
    headers=$(mktemp); body=$(req -D "$headers" "$@" || true)
    upstream=$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1)=="x-upstream"{print $2}')
    rm -f "$headers"
    if grep -qE -- "$want" <<<"$body"; then
      [[ " $seen " == *" $upstream "* ]] || seen="$seen $upstream"
    fi
    [[ $seen == *":${node_ports[0]}"* && $seen == *":${node_ports[1]}"* ]] && { echo "deploy: $name on both nodes"; return 0; }
    sleep 0.1
  done
  fail "$name: seen correct only on [$seen]"
}

# The pages link hashed assets that both nodes serve through the proxy.
home=$(req "$public/")
assets=$(grep -oE '/pkg/[A-Za-z0-9._-]+\.(css|js|wasm)' <<<"$home" | sort -u)
[[ $(grep -cE '\.css$' <<<"$assets") -ge 1 && $(grep -cE '\.wasm$' <<<"$assets") -ge 1 ]] || fail "home links no CSS/WASM: $assets"
for asset in $assets; do
  [[ $asset =~ /pkg/collectivepower\.[A-Za-z0-9_-]+\.(css|js|wasm)$ ]] || fail "unhashed asset $asset"
  code=$(curl -ks -o /dev/null -w '%{http_code}' "$public$asset")
  [[ $code == 200 ]] || fail "$asset answered $code"
done
echo "deploy: $(wc -w <<<"$assets") hashed assets served through the proxy"

# Sign in through the proxy: a Secure cookie (the public URL is https).
jar="$work/henk.jar"
headers=$(req -c "$jar" -D - -o /dev/null -X POST "$public/api/sign_in" \
  --data-urlencode "email=henk@demo.collectievekracht.example" --data-urlencode "password=demo-collectief")
grep -qi '^set-cookie: cp_session=.*; *secure' <<<"$headers" || fail "no Secure session cookie: $headers"
henk_name=$(psql "$url" -Atc "SELECT display_name FROM users WHERE email = 'henk@demo.collectievekracht.example'")
on_both "the session" "\"name\":\"$henk_name\"" -b "$jar" -X POST "$public/api/load_account" -d ''

# Henk answers someone else's open question through the proxy; its asker follows it.
qid=$(psql "$url" -Atc "SELECT q.id FROM questions q JOIN users u ON u.id = q.author_id
  WHERE q.status = 'open' AND q.hidden_at IS NULL AND u.email <> 'henk@demo.collectievekracht.example'
    AND u.email LIKE '%@demo.collectievekracht.example' ORDER BY q.id LIMIT 1")
asker=$(psql "$url" -Atc "SELECT u.email FROM questions q JOIN users u ON u.id = q.author_id WHERE q.id = $qid")
word="zonnedakdeploy$$"
answer=$(req -b "$jar" -X POST "$public/api/post_answer" -d "question_id=$qid" -d lang=en \
  --data-urlencode "body=Through the proxy: $word works for us.")
[[ $answer =~ ^[0-9]+$ ]] || fail "posting an answer through the proxy: $answer"

# Search: both nodes' own indexes have the new answer's question.
on_both "search for the new answer" "href=\"/questions/$qid\"" "$public/search?q=$word"

# Notifications: the asker signs in (through whichever node) and sees Henk's answer on both.
asker_jar="$work/asker.jar"
req -c "$asker_jar" -o /dev/null -X POST "$public/api/sign_in" \
  --data-urlencode "email=$asker" --data-urlencode "password=demo-collectief"
on_both "the asker's notification" "\"question_id\":$qid" -b "$asker_jar" -X POST "$public/api/list_notifications" -d ''

# Neither node logged an error or a panic (tracing's level column, not "error" in a field).
for i in 0 1; do
  if grep -qE 'panicked| ERROR ' "$work/node$i/server.log"; then
    grep -E 'panicked| ERROR ' "$work/node$i/server.log" | head -5
    fail "node $i logged an error"
  fi
done
echo "deploy: two nodes behind nginx (TLS) on PostgreSQL, started outside the source tree: OK"
