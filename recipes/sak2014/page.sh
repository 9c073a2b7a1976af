#!/usr/bin/env bash
# The results page of recipes/sak2014/run.sh (its stage 7): WORK/results/sak2014.md from what the earlier
# stages left: the corpus statistics, the hardware, the wall time of each stage, and per group of runs the
# table and the accuracy-vs-time and accuracy-vs-epoch plots of `carousel results`, with each run's
# train-am command, and the verdict per claim computed from the finished runs (verdicts.py).
#
#   recipes/sak2014/page.sh WORK SCALE CORPUS
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: page.sh WORK SCALE CORPUS" >&2; exit 2; }
work="$1" scale="$2" corpus="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the runs of this scale (GROUP NAME OPTIONS...), and how many of them have finished
runs_list=$("$here/run.sh" --scale "$scale" --work "$work" --list)
. "$here/../lib/recipe.sh"
total=$(awk '{ print $2 }' <<< "$runs_list" | sort -u | wc -l)
finished=0
for name in $(awk '{ print $2 }' <<< "$runs_list" | sort -u); do run_finished "$work/exp/$name" && finished=$((finished + 1)); done
res="$work/results"
page="$res/sak2014.md"
mkdir -p "$res"

section() {   # section GROUP HEADING TEXT
  local dir="$res/$1"
  [ -f "$dir/table.md" ] || return 0
  printf '## %s\n\n%s\n\n' "$2" "$3"
  cat "$dir/table.md"
  printf '\n![dev frame accuracy against training time](%s/accuracy-vs-time.png)\n![dev frame accuracy against epochs](%s/accuracy-vs-epoch.png)\n\n' "$1" "$1"
}

{
  printf '# Sak, Senior & Beaufays (2014) at this machine'"'"'s scale: %s-scale run\n\n' "$scale"
  status="finished, $total of $total runs"
  [ "$finished" -lt "$total" ] && status="in progress, $finished of $total runs"
  printf '**Status: %s** (at %s).\n\n' "$status" "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'Made by `recipes/sak2014/run.sh --scale %s` (stage 7, `recipes/sak2014/page.sh`) on %s.\n\n' "$scale" "$(date -u +%Y-%m-%d)"
  printf '%s\n\n' "- measured: per run the parameters, the development frame accuracy per epoch (39 phones, on training speakers
  held out of TRAIN, which alone choose the best epoch), training time, and on TEST (voices never heard in TRAIN) PER
  (39 phones), frame accuracy (39 phones), WER (trigram of all 720 Harvard sentences, TEST's among them: a closed task like Resource Management's
  word-pair grammar; CMU-dictionary lexicon) and decoding
  real-time factor, each model decoded with the acoustic scales (phones, words) that \`decode --tune\` chose on its
  development speakers (the tables' last column; grids in RUN/decode/tuning.txt). TEST never chooses anything.
- groups: per parameter budget DNN / RNN / LSTM / LSTMP / BLSTM (as the scale's settings list them), an LSTMP cell-count
  sweep at a fixed projection, DNN and LSTMP on tied CD states, and an augmentation A/B on one LSTMP (each augmentation
  alone, all together, none). Runs are trained in the order of the scale's plan (\`run.sh --scale $scale --list\`).
- the training seconds are wall time on a shared machine at low priority (other jobs ran beside): the plots' time axes
  show the shapes of the curves, not speeds."
  printf '## Corpus\n\n`%s`\n\n```\n' "$corpus"
  head -20 "$work/corpus-info.txt" 2>/dev/null || echo "(no corpus-info.txt: stage 1 has not run)"
  printf '```\n\n## Hardware and wall time\n\n'
  printf -- '- CPU: %s, %s cores; load averages at page time: %s\n' "$(lscpu | sed -n 's/^Model name: *//p')" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf -- '- wall time of the stages (the last time each ran):\n\n| stage | name | seconds | ended (UTC) |\n|---:|---|---:|---|\n'
  if [ -f "$work/logs/stage-times.tsv" ]; then
    awk -F'\t' '{ last[$1] = $0 } END { for (k in last) print last[k] }' "$work/logs/stage-times.tsv" | sort -n | awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }'
  fi
  echo
  python3 "$here/verdicts.py" "$work" "$corpus" <<< "$runs_list"
  section budget1 "First parameter budget" "Models of about the same number of parameters: does LSTM(P) beat DNN and RNN, and converge faster?"
  section budget2 "Second parameter budget" "The same models, larger."
  section budget3 "Third parameter budget" "The same models, largest."
  section cd "Context-dependent tied states" "The second budget's DNN and LSTMP trained on stage 2's tied CD states instead of the 144 CI states (Sak et al.'s CD outputs; decoded with the triphone phone search)."
  section cells "LSTMP cell count at a fixed projection" "More cells at the same projection: lower error?"
  section context "Output delay (longer context)" "The augmentation's base LSTMP with 0, 5 (the default) and 10 frames of output delay: the future context a unidirectional LSTM sees before it answers."
  section augment "Augmentation" "One LSTMP trained with each augmentation alone, all together, and none (all else equal; development speakers are clean)."
  printf '## Commands\n\n```\n'
  for p in "$work"/exp/*/model/provenance.json; do
    [ -f "$p" ] || continue
    # the command that started the run, then those that resumed it (e.g. with a larger --epochs)
    python3 -c 'import json,sys; m = json.load(open(sys.argv[1])); print(" ".join(m["command"])); [print("  resumed: " + c) for c in m.get("resumed", [])]' "$p"
  done
  printf '```\n'
} > "$page.part"
mv "$page.part" "$page"
echo "wrote $page"
