#!/usr/bin/env bash
# Checks the lexicon and LM readers on Debian's real English resources (not part of the default test
# suite, which uses small fixtures): converts pocketsphinx-en-us's en-us.lm.bin to ARPA with
# tools/sphinx-lm-to-arpa.c, loads it and the CMU dictionary with `carousel lm info` (load time, memory,
# coverage), and checks that Carousel's sentence log-probabilities equal Sphinx's own within 0.01.
# Needs (Debian): pocketsphinx-en-us libsphinxbase-dev gcc. Usage: scripts/check-debian-lm.sh [WORKDIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model=/usr/share/pocketsphinx/model/en-us
work="${1:-$(mktemp -d)}"
for f in "$model/en-us.lm.bin" "$model/cmudict-en-us.dict" /usr/include/x86_64-linux-gnu/sphinxbase/ngram_model.h; do
  [ -e "$f" ] || { echo "check-debian-lm: $f is missing (apt-get install pocketsphinx-en-us libsphinxbase-dev gcc)" >&2; exit 1; }
done
gcc -O2 -o "$work/sphinx-lm-to-arpa" "$here/tools/sphinx-lm-to-arpa.c" \
  -I/usr/include/x86_64-linux-gnu/sphinxbase -lsphinxbase -lm
[ -s "$work/en-us.arpa" ] || "$work/sphinx-lm-to-arpa" convert "$model/en-us.lm.bin" "$work/en-us.arpa" 2> >(grep -v '^INFO' >&2)
cat > "$work/sentences.txt" <<'TXT'
the cat sat on the mat
it is a truth universally acknowledged that a single man in possession of a good fortune must be in want of a wife
go forward ten meters
zora neale hurston wrote novels
TXT
"$here/carousel" lm info "$work/en-us.arpa" --lexicon "$model/cmudict-en-us.dict" --score "$work/sentences.txt" \
  | tee "$work/info.txt"
"$work/sphinx-lm-to-arpa" score "$model/en-us.lm.bin" < "$work/sentences.txt" 2>/dev/null > "$work/sphinx.txt"
tail -n "$(wc -l < "$work/sentences.txt")" "$work/info.txt" > "$work/carousel.txt"
paste "$work/carousel.txt" "$work/sphinx.txt" | awk '{ d = $1 - $2; if (d < 0) d = -d; print "carousel " $1 "  sphinx " $2;
  if (d > 0.01) bad = 1 } END { if (bad) { print "check-debian-lm: FAILED (scores differ)"; exit 1 } else print "check-debian-lm: scores agree" }'
