#!/usr/bin/env bash
# The serving goal's measurement (issue 20: >= 100 real-time streams, p95 partial latency <= 100 ms, on 2 cores,
# the load client on the same cores): starts `carousel serve` with the demo model at its defaults, warms both
# JVMs' JIT with a short load, then runs `carousel serve-bench --streams 64,100,128 --seconds 20 --files 24` and
# prints docs/results/serving.md's table rows (with the client's own CPU), the CPU and the load average.
# Run it on a quiet machine: anything else running takes the same cores.
#
#   scripts/serve-goal.sh [PORT] [extra serve options, e.g. --beam 13 --max-active 3000]
#
# The load client runs with C1 only (-XX:TieredStopAtLevel=1): a load generator's C2 compilations would cost the
# shared cores more CPU than they save; it does not change what is measured (times, words, the server's CPU).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
port="${1:-2795}"
shift || true
url="http://127.0.0.1:$port"
log="$(mktemp -t serve-goal.XXXXXX.log)"
./carousel --help > /dev/null   # builds the jar first, outside the measurement
# server and client run a copy of it: sources edited during the measurement do not trigger a rebuild inside it
snapshot="$(mktemp -t serve-goal.XXXXXX.jar)"
cp target/carousel.jar "$snapshot"
export CAROUSEL_JAR="$snapshot"
./carousel serve --model models/harvard-lstmp --port "$port" --idle-seconds 10 "$@" 2> "$log" &
server=$!
trap 'kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; rm -f "$snapshot"' EXIT
for _ in $(seq 120); do
  curl -sf "$url/health" > /dev/null 2>&1 && break
  kill -0 "$server" 2> /dev/null || { echo "serve-goal: the server stopped:" >&2; cat "$log" >&2; exit 1; }
  sleep 1
done
curl -sf "$url/health" > /dev/null || { echo "serve-goal: the server did not answer on $url" >&2; exit 1; }
grep -m1 "beam" "$log" >&2 || true
echo "serve-goal: $(lscpu | grep 'Model name' | sed 's/  */ /g'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
export CAROUSEL_JAVA_OPTS="${CAROUSEL_JAVA_OPTS:-} -XX:TieredStopAtLevel=1"
echo "serve-goal: warming up (32 streams, 10 s; not reported)" >&2
./carousel serve-bench --url "$url" --streams 32 --seconds 10 --files 24 > /dev/null
./carousel serve-bench --url "$url" --streams 64,100,128 --seconds 20 --files 24
echo "serve-goal: load average after $(cut -d' ' -f1-3 /proc/loadavg); server log: $log" >&2
