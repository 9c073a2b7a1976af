#!/usr/bin/env bash
# Makes what `carousel demo` ships in models/harvard-lstmp: an LSTMP acoustic model on 3-state
# context-independent HMM states, trained on a synthetic corpus of Harvard sentences from the shared
# corpus tool, a trigram LM of the 720 Harvard sentences, and the CMU-dictionary pronunciations of its
# words. Kaldi's habit: numbered stages, each skipped when its output exists; `--stage N` starts at
# stage N; one log per stage under $work/logs. Settings are the variables below.
#
#   recipes/demo-model/run.sh                         # everything, about 20 min on 2 cores
#   recipes/demo-model/run.sh --stage 4 --stop-stage 4   # re-evaluate only
#   recipes/demo-model/run.sh --corpus /data/w1       # an existing corpus made with the settings below
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"

# --- settings --------------------------------------------------------------------------------
work=runs/demo-model                         # everything the recipe makes, besides the shipped copy
ship=models/harvard-lstmp                    # what the demo reads (committed)
corpus_tool=${CORPUS_TOOL:-$here/../shared/corpus/make-corpus}
sentences=${SENTENCES:-$(dirname "$corpus_tool")/harvard-sentences.txt}
corpus=""                                    # empty: make one in $work/corpus
corpus_args=(--train-speakers 100 --test-speakers 12 --utts-per-speaker 10 --seed 11
             --test-voices flite:awb,espeak:en-029 --jobs 2)
am_args=(--model lstmp --hidden 256 --proj 128 --layers 2 --targets states --epochs 12 --dev-speakers 6 --seed 1)
lm_order=3
cmudict=/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict   # Debian: pocketsphinx-en-us
stage=0
stop_stage=5
# ----------------------------------------------------------------------------------------------

while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage="$2"; shift 2 ;;
    --stop-stage) stop_stage="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "run.sh: unknown option $1 (--stage N, --stop-stage N, --corpus DIR, --work DIR)" >&2; exit 2 ;;
  esac
done
corpus=${corpus:-$work/corpus}
mkdir -p "$work/logs"
log() { echo "[$(date +%H:%M:%S)] $*"; }
carousel() { "$here/carousel" "$@"; }

if [ "$stage" -le 0 ] && [ "$stop_stage" -ge 0 ] && [ ! -f "$corpus/DOC/summary.json" ]; then
  log "stage 0: corpus in $corpus (make-corpus ${corpus_args[*]})"
  [ -x "$corpus_tool" ] || { echo "run.sh: the corpus tool $corpus_tool is missing (set CORPUS_TOOL)" >&2; exit 1; }
  "$corpus_tool" "$corpus" "${corpus_args[@]}" > "$work/logs/0-corpus.log" 2>&1
fi

if [ "$stage" -le 1 ] && [ "$stop_stage" -ge 1 ] && [ ! -f "$work/am/model/am.json" ]; then
  log "stage 1: acoustic model (train-am ${am_args[*]}); progress in $work/logs/1-train-am.log"
  carousel train-am --corpus "$corpus" --out "$work/am" "${am_args[@]}" > "$work/logs/1-train-am.log" 2>&1
fi

if [ "$stage" -le 2 ] && [ "$stop_stage" -ge 2 ] && [ ! -f "$work/lm.arpa" ]; then
  log "stage 2: ${lm_order}-gram LM of the Harvard sentences ($sentences), words as the corpus tool writes them"
  # the corpus tool's .WRD tokens: lower case, hyphens split, letters, digits and apostrophes kept
  sed -e 's/.*/\L&/' -e 's/-/ /g' -e "s/[^a-z0-9' ]/ /g" -e 's/  */ /g' -e 's/^ //; s/ $//' "$sentences" | grep -v '^$' > "$work/sentences.txt"
  carousel lm build --order "$lm_order" --text "$work/sentences.txt" --out "$work/lm.arpa" > "$work/logs/2-lm.log" 2>&1
fi

if [ "$stage" -le 3 ] && [ "$stop_stage" -ge 3 ] && [ ! -f "$work/lexicon.dict" ]; then
  log "stage 3: pronunciations of the LM's words from $cmudict"
  [ -f "$cmudict" ] || { echo "run.sh: $cmudict is missing (apt-get install pocketsphinx-en-us)" >&2; exit 1; }
  tr ' ' '\n' < "$work/sentences.txt" | sort -u | grep -v '^$' > "$work/words.txt"
  # every entry of a word: "word ..." and its alternates "word(2) ..."
  awk 'NR == FNR { want[$1] = 1; next } { w = $1; sub(/\([0-9]+\)$/, "", w); if (w in want) print }' \
    "$work/words.txt" "$cmudict" > "$work/lexicon.dict"
  awk 'NR == FNR { w = $1; sub(/\([0-9]+\)$/, "", w); have[w] = 1; next } !($1 in have)' "$work/lexicon.dict" "$work/words.txt" > "$work/words-without-pronunciation.txt"
  log "  $(wc -l < "$work/words.txt") words, $(wc -l < "$work/words-without-pronunciation.txt") without a pronunciation (see words-without-pronunciation.txt)"
fi

if [ "$stage" -le 4 ] && [ "$stop_stage" -ge 4 ]; then
  log "stage 4: words of the corpus's TEST split (held-out voices); $work/decode/words/score.txt"
  carousel decode --model "$work/am/model" --corpus "$corpus" --words --lexicon "$work/lexicon.dict" --word-lm "$work/lm.arpa" \
    --out "$work/decode" > "$work/logs/4-decode.log" 2>&1
  grep -E '^(%WER|WER|PER)' "$work/logs/4-decode.log" || true
fi

if [ "$stage" -le 5 ] && [ "$stop_stage" -ge 5 ]; then
  log "stage 5: shipping to $ship"
  mkdir -p "$ship"
  cp "$work/am/model/config.json" "$work/am/model/model.safetensors" "$work/am/model/am.json" "$ship/"
  cp "$work/lexicon.dict" "$ship/lexicon.dict"
  cp "$work/lm.arpa" "$ship/lm.arpa"
  cp "$work/decode/words/score.txt" "$ship/test-score.txt"
fi
log "done"
