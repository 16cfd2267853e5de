#!/usr/bin/env bash
# The test command (README, CI): the whole Maven reactor's tests on JDK 25, then the examples,
# which build against the jnn modules the reactor just installed, as a user's project would.
# Called through `./jnn test`, which has already set JAVA_HOME to a JDK 25.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v mvn >/dev/null 2>&1 || { echo "jnn: Maven not found on PATH: install it (apt-get install maven) and retry." >&2; exit 1; }
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B -ntp install "$@"
[ -d app/target/lib ] && touch app/target/lib/.jnn-build-stamp
for example in examples/backend-plugin; do
    echo "== example: $example"
    mvn -B -ntp -f "$example/pom.xml" install
done
