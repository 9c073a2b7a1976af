# Shell helpers shared by the staged recipes (recipes/*/run.sh), sourced after the recipe has set
# `here` (the repository root), `work`, `stage` and `stop_stage`. Kaldi's habits: numbered stages run when
# stage <= N <= stop_stage, each skipped when its outputs exist; one log per stage under $work/logs;
# the wall time of every stage that ran is appended to $work/logs/stage-times.tsv.

log() { echo "[$(date +%H:%M:%S)] $*"; }

# the CLI in the recipe's repository, at the niceness $NICE (default 0: none)
carousel() { nice -n "${NICE:-0}" "$here/carousel" "$@"; }

# stage_on N: true when stage N is inside [--stage, --stop-stage]
stage_on() { [ "$stage" -le "$1" ] && [ "$stop_stage" -ge "$1" ]; }

# stage_timed N NAME CMD...: runs CMD, then records N, NAME and its wall seconds in stage-times.tsv
stage_timed() {
  local n="$1" name="$2" t0 rc=0
  shift 2
  t0=$(date +%s)
  "$@" || rc=$?
  printf '%s\t%s\t%s\t%s\n' "$n" "$name" "$(( $(date +%s) - t0 ))" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$work/logs/stage-times.tsv"
  return "$rc"
}

# duration S: S seconds as people read them ("42 s", "7 min 5 s", "3 h 12 min", "2 d 4 h")
duration() {
  local s="$1"
  if [ "$s" -lt 60 ]; then echo "$s s"
  elif [ "$s" -lt 3600 ]; then echo "$(( s / 60 )) min $(( s % 60 )) s"
  elif [ "$s" -lt 86400 ]; then echo "$(( s / 3600 )) h $(( s % 3600 / 60 )) min"
  else echo "$(( s / 86400 )) d $(( s % 86400 / 3600 )) h"; fi
}

# eta DONE TOTAL T0: "DONE/TOTAL, E elapsed, ETA R" from the mean time of the items done since T0 (epoch seconds)
eta() {
  local done="$1" total="$2" t0="$3" el
  el=$(( $(date +%s) - t0 ))
  if [ "$done" -gt 0 ]; then
    echo "$done/$total, $(duration "$el") elapsed, ETA $(duration $(( el * (total - done) / done )))"
  else
    echo "$done/$total, $(duration "$el") elapsed"
  fi
}

# make_corpus TOOL DIR LOG ARGS...: the shared corpus tool writes a TIMIT-layout corpus in DIR
make_corpus() {
  local tool="$1" dir="$2" logf="$3"
  shift 3
  [ -x "$tool" ] || { echo "run.sh: the corpus tool $tool is missing (set CORPUS_TOOL)" >&2; return 1; }
  "$tool" "$dir" "$@" > "$logf" 2>&1
}

# harvard_lm SENTENCES OUTDIR ORDER LOG: OUTDIR/sentences.txt (words as the corpus tool writes .WRD tokens:
# lower case, hyphens split, letters, digits and apostrophes kept) and OUTDIR/lm.arpa of that order
harvard_lm() {
  local sentences="$1" dir="$2" order="$3" logf="$4"
  sed -e 's/.*/\L&/' -e 's/-/ /g' -e "s/[^a-z0-9' ]/ /g" -e 's/  */ /g' -e 's/^ //; s/ $//' "$sentences" | grep -v '^$' > "$dir/sentences.txt"
  carousel lm build --order "$order" --text "$dir/sentences.txt" --out "$dir/lm.arpa" > "$logf" 2>&1
}

# harvard_lexicon CMUDICT DIR: DIR/lexicon.dict, every CMU-dictionary entry ("word ..." and "word(2) ...") of
# the words of DIR/sentences.txt; DIR/words-without-pronunciation.txt lists the others
harvard_lexicon() {
  local cmudict="$1" dir="$2"
  [ -f "$cmudict" ] || { echo "run.sh: $cmudict is missing (apt-get install pocketsphinx-en-us)" >&2; return 1; }
  tr ' ' '\n' < "$dir/sentences.txt" | sort -u | grep -v '^$' > "$dir/words.txt"
  awk 'NR == FNR { want[$1] = 1; next } { w = $1; sub(/\([0-9]+\)$/, "", w); if (w in want) print }' \
    "$dir/words.txt" "$cmudict" > "$dir/lexicon.dict"
  awk 'NR == FNR { w = $1; sub(/\([0-9]+\)$/, "", w); have[w] = 1; next } !($1 in have)' "$dir/lexicon.dict" "$dir/words.txt" > "$dir/words-without-pronunciation.txt"
  log "  $(wc -l < "$dir/words.txt") words, $(wc -l < "$dir/words-without-pronunciation.txt") without a pronunciation (see words-without-pronunciation.txt)"
}

# run_finished DIR [EPOCHS]: true when the train-am run in DIR has a model and has ended: early-stopped, or
# completed with at least EPOCHS epochs (a larger --epochs makes train-am go on from the last checkpoint)
run_finished() {
  [ -f "$1/model/am.json" ] && [ -f "$1/run.json" ] || return 1
  grep -q '"state": *"early-stopped"' "$1/run.json" && return 0
  grep -q '"state": *"completed"' "$1/run.json" || return 1
  [ "$(sed -n 's/.*"epoch": *\([0-9]*\).*/\1/p' "$1/run.json")" -ge "${2:-0}" ]
}
