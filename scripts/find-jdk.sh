# Sourced by ./carousel, ./run-tests and .ci/run: points JAVA_HOME at a JDK 25 or newer.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/*, then `java` on the PATH.
carousel_java_major() {  # prints the feature version of the JDK at $1, or 0
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  echo "${v:-0}"
}
carousel_find_jdk() {
  local cand
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(carousel_java_major "$JAVA_HOME")" -ge 25 ]; then
    return 0
  fi
  for cand in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -x "$cand/bin/javac" ] && [ "$(carousel_java_major "$cand")" -ge 25 ]; then
      export JAVA_HOME="$cand"; return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if [ "$(carousel_java_major "$cand")" -ge 25 ]; then export JAVA_HOME="$cand"; return 0; fi
  fi
  echo "Carousel needs a JDK 25 or newer and found none (looked at \$JAVA_HOME, /usr/lib/jvm/*, javac on the PATH)." >&2
  echo "Install one (e.g. Temurin 25) and run again, or point to it: JAVA_HOME=/path/to/jdk-25 $0 ..." >&2
  return 1
}
carousel_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries call sun.misc.Unsafe; JDK 25 warns about it on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
