#!/usr/bin/env bash
# Trains and decodes the acoustic-model comparison of docs/results/acoustic-models.md:
# DNN, simple RNN, LSTM, LSTMP and BLSTM at comparable parameter counts on a synthetic corpus.
#   scripts/acoustic-models.sh CORPUS RUNS_DIR
# CORPUS: a TIMIT-layout corpus, e.g. made with ../shared/corpus/make-corpus (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: scripts/acoustic-models.sh CORPUS RUNS_DIR}
runs=${2:?usage: scripts/acoustic-models.sh CORPUS RUNS_DIR}
./carousel --version >/dev/null
. scripts/find-jdk.sh
jar=$(mktemp -d)/carousel.jar
cp target/carousel.jar "$jar"
car() { "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"; }
common=(--corpus "$corpus" --targets states --epochs 15 --patience 2 --dev-speakers 4)
train() {
  local name=$1; shift
  local start=$(date +%s)
  car train-am "${common[@]}" --out "$runs/$name" "$@" > "$runs/$name.train.log" 2>&1
  echo "$(( $(date +%s) - start ))" > "$runs/$name.seconds"
  car decode --model "$runs/$name/model" --corpus "$corpus" --out "$runs/$name/decode" > "$runs/$name.decode.log" 2>&1
  echo "done $name"
}
mkdir -p "$runs"
train dnn   --model dnn --hidden 160 --layers 2 --context 10,5
train rnn   --model rnn --hidden 192 --layers 2
train lstm  --model lstm --hidden 96 --layers 2
train lstmp --model lstmp --hidden 128 --proj 64 --layers 2
train blstm --model blstm --hidden 64 --proj 0 --layers 2
