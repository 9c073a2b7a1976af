#!/usr/bin/env bash
# The speech claims of Sak, Senior & Beaufays (2014), "Long short-term memory recurrent neural network
# architectures for large scale acoustic modeling", tried at the largest scale this machine allows
# (issue #19): DNN, simple RNN, LSTM, LSTMP and BLSTM at three parameter budgets, an LSTMP cell-count
# sweep, the output delay (longer context), tied CD states, and what each training-data augmentation buys,
# on a synthetic corpus from the shared corpus tool
# with whole voices held out for TEST. Kaldi's habit: numbered stages, each skipped when its outputs
# exist (a finished training run is not started again; a stopped one resumes from its checkpoint, inside its
# epoch when train-am left a partial checkpoint, its log appended to; each finished run is decoded and the page refreshed at once); `--stage N` starts at stage N,
# `--stop-stage M` ends after M; one log per stage (per run for training and decoding) under $work/logs;
# settings are the variables below; helpers in recipes/lib/recipe.sh.
#
#   recipes/sak2014/run.sh                        # full scale: >= 10 h TRAIN; days on 2 cores
#   recipes/sak2014/run.sh --scale medium         # 2.2 h TRAIN: the 0.5 M core in hours, every run in days
#   recipes/sak2014/run.sh --scale small          # the same stages on 0.2 h, minutes
#   NICE=10 recipes/sak2014/run.sh --scale small --stage 4   # from training on, at low priority
#   recipes/sak2014/run.sh --list                 # the runs it trains: group, name, train-am options
#   recipes/sak2014/run.sh --status               # where each run stands: finished, training, stopped, to do
#   recipes/sak2014/test.sh                       # --scale tiny on the demo corpus: the recipe's test
#   recipes/sak2014/run.sh --parallel 1           # one training run at a time, on all $jobs threads
#
# Model selection uses only the development speakers held out of TRAIN (train-am --dev-speakers): the
# best epoch of each run and any "best of" in the page are chosen on their frame accuracy, and each model's
# acoustic scales for phones and words on their PER and WER (decode --tune); TEST (the held-out voices)
# is decoded once per finished model with those scales and only reported.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"

# --- settings --------------------------------------------------------------------------------
scale=full                                   # full | medium | small
work=""                                      # empty: runs/sak2014 (full) or runs/sak2014-small
corpus=""                                    # empty: make one in $work/corpus
corpus_tool=${CORPUS_TOOL:-$here/../shared/corpus/make-corpus}
sentences=${SENTENCES:-$(dirname "$corpus_tool")/harvard-sentences.txt}
test_voices=flite:awb,espeak:en-029          # whole voices never heard in TRAIN
cmudict=${CMUDICT:-/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict}
lm_order=3
jobs=2
# training runs at once in stage 4, each on jobs/parallel BLAS threads (CAROUSEL_THREADS): on 2 cores two runs of
# 1 thread train 13-29 % more frames per second in all than one run of 2 (docs/results/sak2014.md, "Two runs at once")
parallel=$(( jobs >= 2 ? 2 : 1 ))
# full scale: ~13,000 TRAIN utterances of ~2.8 s (>= 10 h) from 1,300 speakers of 13 voices
full_corpus_args=(--train-speakers 1300 --test-speakers 40 --utts-per-speaker 10 --seed 2014 --test-voices "$test_voices" --jobs "$jobs")
full_train_args=(--targets states --epochs 15 --patience 3 --dev-speakers 40 --jobs "$jobs")
# the order of the runs (stage 4 trains them in this order): GROUP[:MODEL,...] SEED...
# (the claims' core first, one seed, then seeds 2 and 3 of the 0.5 M core, against which the one-seed cell sweep,
# augmentations and output delays are read, then those, then seeds 2 and 3 of the 2 M core; the page is
# refreshed after each run, so a run stopped days in still says what it has)
full_plan=("budget1:lstmp,dnn,lstm,rnn 1" "budget2:lstmp,dnn,lstm 1" "cd 1" "budget1:lstmpn 1" "budget2:lstmpn 1"
           "budget1:lstmp,dnn,lstm,rnn 2 3" "cells 1" "augment 1" "context 1" "budget2:lstmp,dnn,lstm 2 3"
           "budget3:lstmp,dnn,lstm,lstmpn 1" "budget1:blstm 1" "budget2:rnn,blstm 1" "budget1:lstmpn 2 3" "budget2:lstmpn 2 3"
           "budget3 1 2 3" "cd 1 2 3" "cells 1 2 3" "context 1 2 3" "augment 1 2 3")
# MODEL:HIDDEN:PROJ:LAYERS[:NONREC] at about 0.5 M, 2 M and 6 M parameters (40 fbank in, 144 CI states out;
# DNN on 10 + 1 + 5 stacked frames; LSTMP projection = cells / 4, as Sak et al.'s 2048/512; lstmpn: LSTMP with
# a non-recurrent projection as well, of the recurrent one's size as Kaldi's lstmp-layer default, fewer cells
# for the same budget: Sak et al. found that adding it "generally helped")
full_budget_names=(0.5M 2M 6M)
full_b1=(dnn:344:0:3 rnn:376:0:2 lstm:192:0:2 lstmp:352:88:2 blstm:112:0:2 lstmpn:296:74:2:74)
full_b2=(dnn:824:0:3 rnn:784:0:2 lstm:392:0:2 lstmp:728:182:2 blstm:240:0:2 lstmpn:608:152:2:152)
full_b3=(dnn:1544:0:3 rnn:1384:0:2 lstm:696:0:2 lstmp:1280:320:2 blstm:424:0:2 lstmpn:1072:268:2:268)
full_cells=(lstmp:256:128:2 lstmp:512:128:2 lstmp:1024:128:2)    # "more cells, lower error"
full_aug_base=lstmp:352:88:2                  # the first budget's LSTMP, which is then the A/B's "none"
# medium scale (hours, not days; sizing in docs/results/sak2014.md): 2,880 TRAIN utterances (about 2.2 h) of
# 360 speakers of the 13 TRAIN voices, 24 of them held out for development; the claims' core first
medium_corpus_args=(--train-speakers 360 --test-speakers 24 --utts-per-speaker 8 --seed 2015 --test-voices "$test_voices" --jobs "$jobs")
medium_train_args=(--targets states --epochs 10 --patience 2 --dev-speakers 24 --jobs "$jobs")
# the most important claims first: the 0.5 M core (LSTM(P) vs DNN and RNN), then 2 M, tied CD states, the
# cell sweep, augmentation, the BLSTM; then more seeds for the spread, the output delay, the 2 M seeds
medium_plan=("budget1:lstmp,dnn,lstm,rnn 1" "budget2:lstmp,dnn,lstm 1" "cd 1" "cells 1" "augment 1" "budget1:blstm 1"
             "budget1:lstmp,dnn,lstm,rnn 2 3" "context 1" "budget2:lstmp,dnn,lstm 2 3" "budget1:lstmpn 1" "budget2:lstmpn 1"
             "budget1:lstmpn 2 3")
medium_budget_names=(0.5M 2M)
medium_b1=(lstmp:352:88:2 dnn:344:0:3 lstm:192:0:2 rnn:376:0:2 blstm:112:0:2 lstmpn:296:74:2:74)
medium_b2=(lstmp:728:182:2 dnn:824:0:3 lstm:392:0:2 lstmpn:608:152:2:152)
medium_cells=(lstmp:256:128:2 lstmp:512:128:2 lstmp:1024:128:2)
medium_aug_base=lstmp:352:88:2
# groups trained with train-am --reject-worse (an epoch that does not improve the development loss is undone,
# the next one starts from the best weights at half the rate): at Adam 0.002 the 2 M LSTMP and the 512- and
# 1024-cell LSTMPs of the first medium run blew up in their second epoch (train CE 2.1 -> 3.6 -> 4.1) and
# stopped early, so these two groups were trained again, every model of each group with the rule, and then the
# tied-state group, which is compared with budget2 (same models, other outputs)
medium_reject_groups=" budget2 cells cd "
full_reject_groups=" budget1 budget2 budget3 cd cells context augment "
small_reject_groups=" "
# small scale: 216 TRAIN utterances (about 0.17 h) of 36 speakers, models of 30 k to 200 k parameters
small_corpus_args=(--train-speakers 36 --test-speakers 6 --utts-per-speaker 6 --seed 19 --test-voices "$test_voices" --jobs "$jobs")
small_train_args=(--targets states --epochs 8 --patience 2 --dev-speakers 4 --jobs "$jobs")
small_plan=("budget1 1" "budget2 1" "budget3 1" "cd 1" "cells 1" "context 1" "augment 1")
small_budget_names=(30k 80k 200k)
small_b1=(dnn:32:0:3 rnn:72:0:2 lstm:40:0:2 lstmp:64:16:2 blstm:24:0:2)
small_b2=(dnn:80:0:3 rnn:136:0:2 lstm:72:0:2 lstmp:120:30:2 blstm:40:0:2)
small_b3=(dnn:176:0:3 rnn:232:0:2 lstm:120:0:2 lstmp:208:52:2 blstm:72:0:2)
small_cells=(lstmp:32:16:2 lstmp:64:16:2 lstmp:128:16:2)
small_aug_base=lstmp:120:30:2                 # the second budget's LSTMP, the A/B's "none"
# tiny scale: the recipe's own test (recipes/sak2014/test.sh, run by ./run-tests) on the repository's demo corpus
# (--corpus data/demo-corpus --stage 1): every stage from 1 to 7 with three runs of a few thousand parameters, two
# epochs each; a second run of the recipe must then do nothing
tiny_corpus_args=()
tiny_train_args=(--targets states --epochs 2 --patience 2 --dev-speakers 2 --jobs "$jobs")
tiny_plan=("budget1 1" "budget1:lstmp 2")
tiny_budget_names=(5k)
tiny_b1=(dnn:16:0:2 lstmp:24:12:1)
tiny_cells=()
tiny_aug_base=lstmp:24:12:1
tiny_reject_groups=" budget1 "
tiny_cd_states=150
# tied context-dependent states (Sak et al.'s 2000; Kaldi's recipes ~2,000-4,200 for WSJ): stage 2's
# tree, then the second budget's DNN and LSTMP trained on its tied states (group "cd", beside budget2)
full_cd_states=2000
medium_cd_states=2000
small_cd_states=300
# "longer context": the augmentation's base model with the output delay (frames of future context a unidirectional
# LSTM sees before it answers) at these values; train-am's default (5, Sak et al.'s) is the base run itself
context_delays=(0 5 10)
# the augmentation A/B on the base model: one run per line, NAME then train-am options
augmentations=("none"
               "speed --speed-perturb 0.9,1.0,1.1"
               "noise --noise-snr 0,20 --noise-prob 0.5"
               "reverb --reverb-rt60 0.2,0.8 --reverb-prob 0.5"
               "specaug --spec-augment 2,8,2,20"
               "all --speed-perturb 0.9,1.0,1.1 --noise-snr 0,20 --noise-prob 0.5 --reverb-rt60 0.2,0.8 --reverb-prob 0.5 --spec-augment 2,8,2,20")
# decoding: the acoustic scales of phones (by PER) and words (by WER) chosen per model on its development speakers;
# the word search's LM weight and penalty fixed at the values every run of the study was decoded with (the library's
# defaults until the tenth session; docs/results/word-recognition.md, "Tuning again")
decode_args=(--tune --acoustic-scales 0.2,0.3,0.5,1.0 --word-acoustic-scales 0.03,0.05,0.1,0.2 --word-lm-weight 0.5 --word-penalty 2)
# the tiny scale (a test of the stages, not of the models): two points per grid and a narrower beam
tiny_decode_args=(--tune --acoustic-scales 0.2,0.5 --word-acoustic-scales 0.05,0.2 --word-lm-weight 0.5 --word-penalty 2 --beam 10)
stage=0
stop_stage=7
list=0                                       # --list: print the runs (group, name, train-am options) and stop
status=0                                     # --status: where each run stands (finished, training, to do) and stop
# ----------------------------------------------------------------------------------------------

while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage="$2"; shift 2 ;;
    --stop-stage) stop_stage="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --parallel) parallel="$2"; shift 2 ;;
    --list) list=1; shift ;;
    --status) status=1; shift ;;
    *) echo "run.sh: unknown option $1 (--stage N, --stop-stage N, --scale full|medium|small|tiny, --corpus DIR, --work DIR, --parallel N, --list, --status)" >&2; exit 2 ;;
  esac
done
[[ "$parallel" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --parallel must be a positive number of runs, got '$parallel'" >&2; exit 2; }
case "$scale" in
  full|medium|small|tiny) ;;
  *) echo "run.sh: --scale must be full, medium, small or tiny, got '$scale'" >&2; exit 2 ;;
esac
work=${work:-runs/sak2014$([ "$scale" != full ] && echo "-$scale")}
corpus=${corpus:-$work/corpus}
exp="$work/exp"
mkdir -p "$work/logs" "$exp"
. "$here/recipes/lib/recipe.sh"

# the settings of this scale
declare -n corpus_args="${scale}_corpus_args" train_args="${scale}_train_args" plan="${scale}_plan" budget_names="${scale}_budget_names"
declare -n cells="${scale}_cells" aug_base="${scale}_aug_base" cd_states="${scale}_cd_states" reject_groups="${scale}_reject_groups"
epochs=$(printf '%s\n' "${train_args[@]}" | grep -A1 -x -- --epochs | tail -1)
if declare -p "${scale}_decode_args" > /dev/null 2>&1; then declare -n scale_decode_args="${scale}_decode_args"; decode_args=("${scale_decode_args[@]}"); fi

# spec MODEL:HIDDEN:PROJ:LAYERS[:NONREC] -> train-am options (lstmpn: lstmp with --nonrec-proj NONREC)
spec_args() {
  local m h p l n
  IFS=: read -r m h p l n <<< "$1"
  if [ "$m" = lstmpn ]; then echo "--model lstmp --hidden $h --proj $p --nonrec-proj $n --layers $l"
  else echo "--model $m --hidden $h --proj $p --layers $l"; fi
}

# every run: "GROUP NAME OPTIONS..." (GROUP: a table and plot of the page); a run with the options of an
# earlier one is that run (trained once, shown in both groups)
runs=()
add_run() {
  local group="$1" name="$2" opts="$3" r g n o
  [[ "$reject_groups" == *" $group "* ]] && opts="$opts --reject-worse"
  for r in "${runs[@]}"; do read -r g n o <<< "$r"; [ "$o" = "$opts" ] && name="$n" && break; done
  runs+=("$group $name $opts")
}
# the plan's entries in order: GROUP[:MODEL,...] SEED... (budgetN: the grid ${scale}_bN, only the MODELs named)
add_group() {
  local group="${1%%:*}" only="" s spec h a name opts
  [[ "$1" == *:* ]] && only=",${1#*:},"
  shift
  for s in "$@"; do
    case "$group" in
      budget*)
        local -n grid="${scale}_b${group#budget}"
        for spec in "${grid[@]}"; do
          [ -z "$only" ] || [[ "$only" == *",${spec%%:*},"* ]] || continue
          add_run "$group" "b${group#budget}-${spec%%:*}-s$s" "$(spec_args "$spec") --seed $s"
        done ;;
      cd)
        local -n cd_grid="${scale}_b2"
        for spec in "${cd_grid[@]}"; do
          case "$spec" in dnn:*|lstmp:*) add_run cd "cd$cd_states-${spec%%:*}-s$s" "$(spec_args "$spec") --seed $s --targets cd --tree $work/tree.txt" ;; esac
        done ;;
      cells)
        for spec in "${cells[@]}"; do
          IFS=: read -r _ h _ _ <<< "$spec"
          add_run cells "cells-$h-s$s" "$(spec_args "$spec") --seed $s"
        done ;;
      context)
        for d in "${context_delays[@]}"; do
          if [ "$d" = 5 ]; then add_run context "ctx-d$d-s$s" "$(spec_args "$aug_base") --seed $s"
          else add_run context "ctx-d$d-s$s" "$(spec_args "$aug_base") --seed $s --delay $d"; fi
        done ;;
      augment)
        for a in "${augmentations[@]}"; do
          read -r name opts <<< "$a"
          add_run augment "aug-$name-s$s" "$(spec_args "$aug_base") --seed $s${opts:+ $opts}"
        done ;;
    esac
  done
}
for entry in "${plan[@]}"; do
  # shellcheck disable=SC2086
  add_group $entry
done

if [ "$list" = 1 ]; then
  printf '%s\n' "${runs[@]}"
  exit 0
fi
if [ "$status" = 1 ]; then
  printf '%s\n' "${runs[@]}" | python3 "$here/recipes/sak2014/status.py" "$work" "$epochs"
  exit 0
fi

if stage_on 0 && [ ! -f "$corpus/DOC/summary.json" ]; then
  log "stage 0: corpus in $corpus (make-corpus ${corpus_args[*]}); progress in $work/logs/0-corpus.log"
  stage_timed 0 corpus make_corpus "$corpus_tool" "$corpus" "$work/logs/0-corpus.log" "${corpus_args[@]}"
fi

if stage_on 1 && [ ! -f "$work/feats/test/info.json" ]; then
  log "stage 1: corpus statistics, 40 log-mel features and CI state targets (3 per phone of 48, from the exact .PHN alignments)"
  stage1() {
    carousel corpus info "$corpus" > "$work/corpus-info.txt" 2> "$work/logs/1-corpus-info.log"
    for split in train test; do
      carousel features corpus --corpus "$corpus" --out-dir "$work/feats/$split" --split "$split" --targets states \
        --num-mel-bins=40 --jobs "$jobs" > "$work/logs/1-features-$split.log" 2>&1
    done
  }
  stage_timed 1 features stage1
  grep -iE 'hours|utterances|speakers' "$work/corpus-info.txt" | head -6 || true
fi

if stage_on 2 && [ ! -f "$work/tree.txt" ]; then
  log "stage 2: phonetic decision trees over the CI alignments (.PHN times), $cd_states tied states -> $work/tree.txt"
  dev=$(printf '%s\n' "${train_args[@]}" | grep -A1 -x -- --dev-speakers | tail -1)
  stage_timed 2 tree carousel tree build --corpus "$corpus" --num-states "$cd_states" --dev-speakers "$dev" --jobs "$jobs" \
    --out "$work/tree.txt" > "$work/logs/2-tree.log" 2>&1
  carousel tree info "$work/tree.txt" 2>/dev/null | head -5 || true
fi

if stage_on 3 && [ ! -f "$work/lexicon.dict" ]; then
  log "stage 3: ${lm_order}-gram word LM of the Harvard sentences and their CMU-dictionary pronunciations"
  stage3() { harvard_lm "$sentences" "$work" "$lm_order" "$work/logs/3-lm.log" && harvard_lexicon "$cmudict" "$work"; }
  stage_timed 3 lm-lexicon stage3
fi

# decode_run NAME: TEST (held-out voices) of a finished run, phones and words, with the acoustic scales decode --tune
# chooses on the run's development speakers (RUN/decode/tuning.txt, then score.txt and words/score.txt), unless done
# for its model (a decoding of an older recipe, without tuning.txt, is done again)
decoded() { [ -f "$1/decode/tuning.txt" ] && [ "$1/decode/tuning.txt" -nt "$1/model/am.json" ] && [ -f "$1/decode/words/score.txt" ] \
  && [ "$1/decode/words/score.txt" -nt "$1/decode/tuning.txt" ]; }
decode_run() {
  local name="$1"
  carousel decode --model "$exp/$name/model" --corpus "$corpus" --out "$exp/$name/decode" "${decode_args[@]}" \
    --words --lexicon "$work/lexicon.dict" --word-lm "$work/lm.arpa" > "$work/logs/5-decode-$name.log" 2>&1 \
    || log "  $name: decoding FAILED: $(tail -1 "$work/logs/5-decode-$name.log")"
  log "  $name: $(grep -E '^PER' "$exp/$name/decode/score.txt" 2>/dev/null | cut -d';' -f1); $(grep -E '^WER' "$exp/$name/decode/words/score.txt" 2>/dev/null | cut -d';' -f1); acoustic scales $(sed -n 's/^chosen for the \([a-z]*\): acoustic scale \([0-9.]*\).*/\1 \2/p' "$exp/$name/decode/tuning.txt" 2>/dev/null | paste -sd, | sed 's/,/, /g')"
}

# results: per group a table and accuracy-vs-time plots in $work/results (only those older than their runs)
results() {
  local group r g name opts dirs title
  for group in budget1 budget2 budget3 cd cells context augment; do
    dirs=()
    for r in "${runs[@]}"; do read -r g name opts <<< "$r"; [ "$g" = "$group" ] && run_finished "$exp/$name" && dirs+=("$exp/$name"); done
    [ ${#dirs[@]} -eq 0 ] && continue
    # up to date: a table newer than every history and score of its runs
    if [ -f "$work/results/$group/table.md" ] && [ -z "$(find "${dirs[@]}" \( -name history.json -o -name score.txt \) -newer "$work/results/$group/table.md" | head -1)" ]; then
      continue
    fi
    case "$group" in
      budget*) title="about ${budget_names[$(( ${group#budget} - 1 ))]} parameters" ;;
      cells) title="LSTMP cells at a fixed projection" ;;
      cd) title="DNN and LSTMP on $cd_states tied CD states (budget ${budget_names[1]})" ;;
      context) title="output delay of $aug_base" ;;
      augment) title="augmentation on $aug_base" ;;
    esac
    carousel results --out "$work/results/$group" --title "$title ($scale scale)" "${dirs[@]}" > "$work/logs/6-results-$group.log" 2>&1
  done
}
# page: the page, when a table or a run's state is newer than it
page() {
  if [ ! -f "$work/results/sak2014.md" ] || [ -n "$(find "$work/results" "$exp" -maxdepth 2 \( -name table.md -o -name run.json \) -newer "$work/results/sak2014.md" | head -1)" ]; then
    "$here/recipes/sak2014/page.sh" "$work" "$scale" "$corpus" > /dev/null
  fi
}

if stage_on 4; then
  threads=$(( jobs / parallel > 0 ? jobs / parallel : 1 ))
  log "stage 4: training $(printf '%s\n' "${runs[@]}" | awk '{ print $2 }' | sort -u | wc -l) runs (train-am ${train_args[*]}), $parallel at once on $threads BLAS thread(s) each; one log per run in $work/logs/4-train-NAME.log"
  [ "$stop_stage" -ge 7 ] && log "  each run is decoded (stage 5) as it finishes, and the page (stages 6-7) refreshed"
  # refresh: the tables and the page, one run's job at a time
  refresh() { ( flock 9; results && page || log "  page: FAILED (see $work/logs/6-results-*.log)" ) 9> "$work/.page.lock"; }
  # train_run I NAME OPTS: one run (resumed from its checkpoint if it has one), then its decoding and the page;
  # runs as a background job beside the others of stage 4
  train_run() {
    local i="$1" name="$2" opts="$3" rc=0
    log "  [$i/${#runs[@]}] $name: $opts"
    local targs=("${train_args[@]}")
    [[ " $opts " == *" --targets "* ]] && targs=($(printf '%s\n' "${train_args[@]}" | awk 'skip { skip = 0; next } $0 == "--targets" { skip = 1; next } { print }'))
    # shellcheck disable=SC2086
    carousel train-am --corpus "$corpus" --out "$exp/$name" $opts "${targs[@]}" >> "$work/logs/4-train-$name.log" 2>&1 || rc=$?
    [ "$rc" = 0 ] || log "  $name FAILED (exit $rc): $(tail -1 "$work/logs/4-train-$name.log")"
    echo "$name" >> "$trained_list"
    log "  $name: $(grep -E '^dev frame accuracy' "$work/logs/4-train-$name.log" | tail -1 || echo 'no model') — runs $(eta "$(wc -l < "$trained_list")" "$todo" "$t0")"
    if [ "$stop_stage" -ge 7 ] && run_finished "$exp/$name" "$epochs"; then
      decoded "$exp/$name" || decode_run "$name"
      refresh
    fi
  }
  stage4() {
    local i=0 t0 r group name opts todo running=0 seen=" " trained_list
    t0=$(date +%s)
    trained_list=$(mktemp "$work/.trained.XXXXXX")
    todo=$(for r in "${runs[@]}"; do read -r group name opts <<< "$r"; run_finished "$exp/$name" "$epochs" || echo "$name"; done | sort -u | wc -l)
    export CAROUSEL_THREADS="$threads"
    for r in "${runs[@]}"; do
      read -r group name opts <<< "$r"
      i=$((i + 1))
      [[ "$seen" == *" $name "* ]] && continue   # a run in several groups (the base run) is trained once
      seen+="$name "
      if run_finished "$exp/$name" "$epochs"; then
        # finished before (or decoded by an older recipe): decoded now, not after every training
        if [ "$stop_stage" -ge 7 ] && ! decoded "$exp/$name"; then decode_run "$name"; refresh; fi
        continue
      fi
      if [ "$running" -ge "$parallel" ]; then wait -n || true; running=$((running - 1)); fi
      train_run "$i" "$name" "$opts" &
      running=$((running + 1))
    done
    wait
    rm -f "$trained_list"
  }
  stage_timed 4 training stage4
fi

if stage_on 5; then
  log "stage 5: decoding TEST (held-out voices), phones and words (${decode_args[*]}: scales chosen on the development speakers); logs in $work/logs/5-decode-NAME.log"
  stage5() {
    local t0 done=0 todo=0 r group name opts
    t0=$(date +%s)
    for r in "${runs[@]}"; do read -r group name opts <<< "$r"; decoded "$exp/$name" || todo=$((todo + 1)); done
    for r in "${runs[@]}"; do
      read -r group name opts <<< "$r"
      decoded "$exp/$name" && continue
      run_finished "$exp/$name" "$epochs" || { log "  $name: no finished model, not decoded"; continue; }
      decode_run "$name"
      done=$((done + 1))
      log "  decoded $(eta "$done" "$todo" "$t0")"
    done
  }
  stage_timed 5 decoding stage5
fi

if stage_on 6; then
  log "stage 6: tables and accuracy-vs-time plots per group in $work/results"
  stage_timed 6 results results
fi

if stage_on 7; then
  log "stage 7: the page $work/results/sak2014.md"
  stage_timed 7 page page
fi
log "done"
