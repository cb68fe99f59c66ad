# Shared by the wrk benchmarks (sourced): `measure LABEL WRK-ARGS…` prints one row (req/s, p50,
# p99; only successful requests count) and sets last_rps / last_p99; `ms LATENCY` turns wrk's
# latency (850.00us, 12.3ms, 1.2s) into milliseconds. Needs threads, connections and duration.

measure() {
  local label=$1
  shift
  local out rps p50 p99 non2xx total
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H 'Accept-Language: en' "$@")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  if [[ -n $non2xx ]]; then
    rps=$(awk -v r="$rps" -v n="$non2xx" -v t="$total" 'BEGIN { printf "%.2f", r * (t - n) / t }')
  fi
  printf "%-48s %10s %10s %10s %s\n" "$label" "$rps" "$p50" "$p99" "${non2xx:+(refused: $non2xx of $total)}"
  last_rps=$rps
  last_p99=$p99
  last_non2xx=${non2xx:-0}
}

ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; print n }'
}
