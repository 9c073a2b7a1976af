#!/usr/bin/env bash
# Copies what a long recipe run needs into DEST (the launcher, scripts/find-jdk.sh, recipes/ and the built
# target/carousel.jar, building it first when the sources are newer), so that the run goes on undisturbed
# while the repository it came from is edited, merged or rebuilt. DEST has no sources, so its launcher
# never rebuilds; its jar records the commit it was built from (provenance.json of every model).
#
#   recipes/lib/snapshot.sh /work/runs/sak2014-medium/code
#   NICE=19 setsid nohup /work/runs/sak2014-medium/code/recipes/sak2014/run.sh --scale medium ... &
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: snapshot.sh DEST" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="$1"
"$here/carousel" --version > /dev/null
mkdir -p "$dest/scripts" "$dest/target"
cp "$here/carousel" "$dest/"
cp "$here/scripts/find-jdk.sh" "$dest/scripts/"
rm -rf "$dest/recipes.new" && cp -r "$here/recipes" "$dest/recipes.new" && rm -rf "$dest/recipes" && mv "$dest/recipes.new" "$dest/recipes"
cp "$here/target/carousel.jar" "$dest/target/carousel.jar.new" && mv "$dest/target/carousel.jar.new" "$dest/target/carousel.jar"
echo "snapshot of $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?') in $dest"
