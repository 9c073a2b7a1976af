#!/usr/bin/env bash
# Fuzzes every reader of Carousel with Jazzer, one fuzz test at a time (ReaderFuzzTest's methods), for a set
# time each, with a heap cap (an OutOfMemoryError is a finding) and a per-input timeout. Findings (crash-*)
# land in src/test/resources/carousel/fuzz/ReaderFuzzTestInputs/METHOD/, where the default `mvn test`
# replays them: fix the reader, then keep the input (renamed regression-*). The generated corpus grows in
# .cifuzz-corpus/ (not committed). Prints "target executions findings" per line at the end.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]     e.g. scripts/fuzz.sh 300 wav arpa
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/find-jdk.sh"
seconds="${1:-60}"; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(wav npy safetensors configJson modelDirectory amJson kaldiArk kaldiScp phn arpa ngramLm lexicon transcripts)
inputs="$here/src/test/resources/carousel/fuzz/ReaderFuzzTestInputs"
logs="$here/target/fuzz"; mkdir -p "$logs"
summary=""
status=0
for t in "${targets[@]}"; do
  before=$(ls "$inputs/$t" 2>/dev/null | grep -c '^crash-' || true)
  (cd "$here" && mvn -B -Pfuzz test -Dtest="ReaderFuzzTest#$t" -Dfuzz.duration="${seconds}s" \
      -Dfuzz.heap="${FUZZ_HEAP:-1g}" -Dfuzz.input.timeout="${FUZZ_INPUT_TIMEOUT:-10s}") > "$logs/$t.log" 2>&1 || status=1
  runs=$(grep -o 'Done [0-9]* runs' "$logs/$t.log" | tail -1 | grep -o '[0-9]*' || true)
  after=$(ls "$inputs/$t" 2>/dev/null | grep -c '^crash-' || true)
  line="$t ${runs:-?} $((after - before))"
  echo "$line"
  summary+="$line"$'\n'
done
printf '\ntarget executions findings (%ss each, logs in target/fuzz/)\n%s' "$seconds" "$summary"
exit $status
