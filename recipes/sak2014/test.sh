#!/usr/bin/env bash
# The Sak et al. recipe's own test (run by ./run-tests after the core tests, with target/carousel.jar built):
# run.sh --scale tiny on the repository's demo corpus, stages 1-7 (features, tree, LM and lexicon, three
# training runs two at a time, their decoding with the scales tuned on the development speakers, the tables and
# the page with its verdicts), then the properties the recipe promises: a second run of finished stages costs
# nothing, and a stage's missing output (one run's decoding) is made again alone.
#
#   recipes/sak2014/test.sh [WORKDIR]     (default: a temporary directory, removed when the test passes)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$(mktemp -d "${TMPDIR:-/tmp}/sak2014-test.XXXXXX")}"
keep=${1:+1}
fail() { echo "recipes/sak2014/test.sh: FAILED: $*" >&2; echo "  (work directory kept: $work)" >&2; exit 1; }
command -v python3 > /dev/null || fail "python3 is needed (the page's verdicts): apt-get install python3"
command -v flock > /dev/null || fail "flock is needed (util-linux)"

# the Harvard sentences of the demo corpus's prompts, and the CMU pronunciations its model ships with
grep -v '^;' "$here/data/demo-corpus/DOC/PROMPTS.TXT" | sed 's/ ([a-z]*[0-9]*) [A-Z]*$//' > "$work/sentences.in"
export SENTENCES="$work/sentences.in" CMUDICT="$here/models/harvard-lstmp/lexicon.dict" CAROUSEL_THREADS=1
recipe() { "$here/recipes/sak2014/run.sh" --scale tiny --corpus "$here/data/demo-corpus" --work "$work" --stage 1 "$@"; }

t0=$(date +%s)
rc=0; recipe > "$work/first.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || { tail -20 "$work/first.log" >&2; fail "the first run of the recipe exited with $rc"; }
echo "recipes/sak2014/test.sh: first run $(( $(date +%s) - t0 )) s"
runs=$("$here/recipes/sak2014/run.sh" --scale tiny --work "$work" --list | awk '{ print $2 }' | sort -u)
[ "$(echo "$runs" | wc -l)" = 3 ] || fail "the tiny plan should have 3 runs, has: $runs"
for r in $runs; do
  [ -f "$work/exp/$r/model/am.json" ] || fail "$r has no model"
  grep -q '"state": *"completed"\|"state": *"early-stopped"' "$work/exp/$r/run.json" || fail "$r did not finish: $(cat "$work/exp/$r/run.json")"
  grep -q '^PER ' "$work/exp/$r/decode/score.txt" || fail "$r has no TEST PER"
  grep -q '^%WER ' "$work/exp/$r/decode/words/score.txt" || fail "$r has no TEST WER"
  grep -q '^chosen for the phones: acoustic scale' "$work/exp/$r/decode/tuning.txt" || fail "$r has no tuned acoustic scale"
done
page="$work/results/sak2014.md"
[ -f "$page" ] || fail "no page"
grep -q 'Status: finished, 3 of 3 runs\|3 of 3 runs' "$page" || fail "the page does not count 3 of 3 runs: $(grep -m1 Status "$page")"
grep -q '| LSTM(P) beats a DNN at equal parameters | b1-lstmp (2 seeds) vs b1-dnn (1 seed) |' "$page" \
  || fail "the page has no verdict of b1-lstmp (2 seeds) against b1-dnn"
[ -s "$work/results/budget1/accuracy-vs-epoch.png" ] || fail "no accuracy-vs-epoch plot"
for s in 1 2 3; do grep -q "^| $s | " "$page" || fail "the page's wall-time table has no stage $s"; done
st=$("$here/recipes/sak2014/run.sh" --scale tiny --work "$work" --status)
echo "$st" | grep -q '^3 runs: 3 finished$' || fail "run.sh --status does not say 3 of 3 finished: $st"
echo "$st" | grep -q 'b1-lstmp-s2 *finished  2 epochs in .*TEST PER [0-9.]*%, WER [0-9.]*%' || fail "run.sh --status: no figures of b1-lstmp-s2: $st"

# a second run: every stage's outputs exist, so nothing is trained, decoded or written again
stamp() { find "$work/exp" "$work/results" "$work/feats" "$work/tree.txt" "$work/lm.arpa" -type f -newer "$work/first.log" | sort; }
sleep 1
t1=$(date +%s)
rc=0; recipe > "$work/second.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || { tail -20 "$work/second.log" >&2; fail "the second run of the recipe exited with $rc"; }
changed=$(stamp)
[ -z "$changed" ] || fail "a second run changed files: $changed"
grep -q 'stage 1:\|stage 2:\|stage 3:' "$work/second.log" && fail "a second run did stages 1-3 again: $(grep 'stage [123]:' "$work/second.log")"
echo "recipes/sak2014/test.sh: second run $(( $(date +%s) - t1 )) s, nothing redone"

# one run's decoding lost: only that one is decoded again, and the page refreshed
victim=$(echo "$runs" | head -1)
rm -rf "$work/exp/$victim/decode"
touch "$work/second.log"
sleep 1
rc=0; recipe > "$work/third.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || { tail -20 "$work/third.log" >&2; fail "the third run of the recipe exited with $rc"; }
grep -q '^PER ' "$work/exp/$victim/decode/score.txt" || fail "$victim was not decoded again"
for r in $runs; do
  [ "$r" = "$victim" ] && continue
  [ -z "$(find "$work/exp/$r" -type f -newer "$work/second.log")" ] || fail "$r was touched though its outputs were there"
done
echo "recipes/sak2014/test.sh: passed ($(( $(date +%s) - t0 )) s in all)"
[ -n "$keep" ] || rm -rf "$work"
