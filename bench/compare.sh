#!/usr/bin/env bash
# Runs Carousel's `carousel bench` and PyTorch's bench/compare_pytorch.py interleaved, for 1 and 2
# threads, several rounds, and prints per configuration the median frames/s of each and the median
# of the per-round ratios Carousel / PyTorch (each ratio taken from two runs right after each other,
# so that load from other processes on a shared machine hits both sides alike). Every configuration
# runs in a fresh process on both sides (in one JVM, streaming after training measured slower: the
# JIT's state from training; see docs/results/performance.md).
#
#   bench/compare.sh [--rounds N] [--threads "1 2"] [--only B1,B2,B3,B4] [--repeats R] [--seconds S] [--log FILE]
#                    [--weights f32|bf16|int8] [--train-products f32,bf16]
#
# --weights bf16|int8 runs Carousel's streaming configurations (B3, B4 only) with bfloat16 or int8
# weights (`carousel bench --weights ...`) and labels their rows "B3-bf16", "B4-int8", ...; PyTorch's
# side stays float32. B4 rows add the median p50/p95 time per step of each side.
# --train-products f32,bf16 runs Carousel's training configurations (B1, B2) once per listed precision
# of the whole-chunk training products (`carousel bench --train-products ...`), each round against the
# same PyTorch run; bf16 rows are labelled "B2-bf16-products" (PyTorch float32 throughout).
# PyTorch's OpenBLAS: where Debian's library does not know the CPU and falls back to its generic
# Prescott kernels, OPENBLAS_CORETYPE (SkylakeX with AVX-512, else Haswell with AVX2) is set for
# PyTorch alone, and the script says so, so that both sides run real kernels.
# Carousel: CAROUSEL_THREADS=n (BLAS choice as `carousel bench`: CAROUSEL_BLAS, default auto).
# PyTorch:  OMP_NUM_THREADS=n OPENBLAS_NUM_THREADS=n OMP_WAIT_POLICY=PASSIVE /usr/bin/python3, one
#           process per thread count (torch.set_num_threads does not control Debian's OpenBLAS).
# The order of the two alternates between rounds. Raw lines go to the log (default: a temp file).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=5; threads="1 2"; only="B1,B2,B3,B4"; repeats=3; seconds=1.5; log=""; weights=f32; products=f32
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --log) log="$2"; shift 2 ;;
    --weights) weights="$2"; shift 2 ;;
    --train-products) products="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$weights" in
  f32) suffix="" ;;
  bf16|int8) [[ "$only" =~ ^(B3|B4)(,(B3|B4))?$ ]] || { echo "compare.sh: --weights $weights is for streaming only: use it with --only B3, B4 or B3,B4" >&2; exit 2; }; suffix="-$weights" ;;
  *) echo "compare.sh: --weights must be f32, bf16 or int8, got '$weights'" >&2; exit 2 ;;
esac
products="${products//,/ }"
for p in $products; do
  case "$p" in
    f32) ;;
    bf16) [ "$weights" = f32 ] && [[ "$only" =~ ^(B1|B2)(,(B1|B2))?$ ]] || { echo "compare.sh: --train-products bf16 is for training only: use it with --only B1, B2 or B1,B2 (and float32 --weights)" >&2; exit 2; } ;;
    *) echo "compare.sh: --train-products takes f32 and/or bf16, got '$p'" >&2; exit 2 ;;
  esac
done
python=/usr/bin/python3
[ -x "$python" ] || { echo "compare.sh: $python is needed (Debian: apt-get install python3-torch)" >&2; exit 1; }
[ -n "$log" ] || log="$(mktemp /tmp/carousel-compare.XXXXXX.log)"
# the kernels PyTorch's OpenBLAS picks on this CPU; a generic fallback gets a real core named for it
coretype=""
core="$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$python" "$here/bench/compare_pytorch.py" --only B1 --repeats 1 --seconds 0.01 2>/dev/null | sed -n 's/.*OpenBLAS core \([^ ]*\).*/\1/p')"
if [ "$core" = "Prescott" ]; then
  if grep -qw avx512f /proc/cpuinfo; then coretype=SkylakeX; elif grep -qw avx2 /proc/cpuinfo; then coretype=Haswell; fi
  echo "compare.sh: PyTorch's OpenBLAS falls back to its generic Prescott kernels on this CPU; running PyTorch with OPENBLAS_CORETYPE=$coretype" >&2
else
  echo "compare.sh: PyTorch's OpenBLAS runs its ${core:-unknown} kernels" >&2
fi
: > "$log"
# build once up front so that no round pays for it
"$here/carousel" --version >/dev/null 2>&1 || "$here/carousel" --help >/dev/null

label() { [ "$1" = f32 ] && echo "$suffix" || echo "-$1-products"; }   # row suffix of a training-products precision
run_carousel() {  # threads round
  for p in $products; do
    CAROUSEL_THREADS="$1" "$here/carousel" bench --no-sgemm --only "$only" --weights "$weights" --train-products "$p" --repeats "$repeats" --seconds "$seconds" 2>/dev/null \
      | awk -v t="$1" -v r="$2" -v s="$(label "$p")" '$3 == "frames/s" { print "carousel", t, r, $1 s, $2, ($4 == "step" ? $6 " " $9 : "") }' >> "$log"
  done
}
run_pytorch() {   # threads round; its rows are repeated under each products label, the anchor of each
  local out
  out="$(env OMP_NUM_THREADS="$1" OPENBLAS_NUM_THREADS="$1" OMP_WAIT_POLICY=PASSIVE MKL_NUM_THREADS="$1" ${coretype:+OPENBLAS_CORETYPE=$coretype} \
    "$python" "$here/bench/compare_pytorch.py" --only "$only" --repeats "$repeats" --seconds "$seconds" 2>/dev/null)"
  for p in $products; do
    awk -v t="$1" -v r="$2" -v s="$(label "$p")" '$3 == "frames/s" { print "pytorch", t, r, $1 s, $2, ($4 == "step" ? $6 " " $9 : "") }' <<< "$out" >> "$log"
  done
}

echo "compare.sh: $rounds rounds, threads $threads, $only, training products $products; raw results in $log" >&2
configs="${only//,/ }"
for ((r = 1; r <= rounds; r++)); do
  for t in $threads; do
    echo "  round $r, $t thread(s)" >&2
    for only in $configs; do
      if (( r % 2 )); then run_carousel "$t" "$r"; run_pytorch "$t" "$r"
      else run_pytorch "$t" "$r"; run_carousel "$t" "$r"; fi
    done
  done
done

"$python" - "$log" <<'EOF'
import collections, statistics, sys
fps = collections.defaultdict(dict)          # (config, threads) -> {(who, round): frames/s}
steps = collections.defaultdict(dict)        # (config, threads) -> {(who, round): (p50 ms, p95 ms)}, B4 only
for line in open(sys.argv[1]):
    f = line.split()
    who, t, r, cfg, v = f[:5]
    fps[(cfg, int(t))][(who, int(r))] = float(v)
    if len(f) == 7:
        steps[(cfg, int(t))][(who, int(r))] = (float(f[5]), float(f[6]))
print("| config | threads | Carousel frames/s | PyTorch frames/s | ratio Carousel/PyTorch (median, min..max) | rounds |")
print("|---|---|---|---|---|---|")
for (cfg, t) in sorted(fps):
    d = fps[(cfg, t)]
    rounds = sorted({r for (_, r) in d if ("carousel", r) in d and ("pytorch", r) in d})
    if not rounds:
        continue
    c = [d[("carousel", r)] for r in rounds]; p = [d[("pytorch", r)] for r in rounds]
    ratios = [a / b for a, b in zip(c, p)]
    print(f"| {cfg} | {t} | {statistics.median(c):.0f} | {statistics.median(p):.0f} | "
          f"{statistics.median(ratios):.2f} ({min(ratios):.2f}..{max(ratios):.2f}) | {len(rounds)} |")
if steps:
    print()
    print("| config | threads | Carousel step p50 / p95 ms | PyTorch step p50 / p95 ms | Carousel real-time streams | rounds |")
    print("|---|---|---|---|---|---|")
    for (cfg, t) in sorted(steps):
        d = steps[(cfg, t)]
        rounds = sorted({r for (_, r) in d if ("carousel", r) in d and ("pytorch", r) in d})
        if not rounds:
            continue
        med = lambda who, i: statistics.median(d[(who, r)][i] for r in rounds)
        print(f"| {cfg} | {t} | {med('carousel', 0):.2f} / {med('carousel', 1):.2f} | {med('pytorch', 0):.2f} / {med('pytorch', 1):.2f} | "
              f"{statistics.median(fps[(cfg, t)][('carousel', r)] for r in rounds) / 100:.0f} | {len(rounds)} |")
EOF
