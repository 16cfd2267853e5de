#!/usr/bin/env bash
# `./jnn dist`: jnn as one tarball that runs on a Linux machine of this architecture with no JDK, no
# Maven and no JAVA_HOME:
#   target/jnn-<version>-<os>-<arch>.tar.gz  holding  jnn-<version>/
#       bin/jnn         the launcher (./jnn, which sees that it is inside an image)
#       bin/java, lib/  a jlink'd Java 25 runtime (scripts/jlink-runtime.sh, shared with gpu-bundle.sh)
#       app/lib/        the app's modules and every dependency: the module path
#       app/classpath/  oneDNN's natives jar (on the class path: its module requires JavaCPP)
# Use: tar xzf jnn-*.tar.gz && jnn-*/bin/jnn train
# Called by ./jnn dist once app/target is up to date; needs JAVA_HOME at a JDK 25 (for jlink).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/jlink-runtime.sh
source "$ROOT/scripts/jlink-runtime.sh"

app_jar="$(ls app/target/lib/jnn-app-*.jar 2>/dev/null | head -n 1)"
[ -n "$app_jar" ] || { echo "jnn dist: app/target/lib has no jnn-app jar: build first (./jnn dist does)" >&2; exit 1; }
version="${app_jar##*/jnn-app-}"
version="${version%.jar}"
platform="$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m)"
name="jnn-$version"
OUT="$ROOT/target/dist"
STAGE="$OUT/$name"
TARBALL="$ROOT/target/$name-$platform.tar.gz"

rm -rf "$OUT" "$TARBALL"
mkdir -p "$OUT"
echo "== jlink: a Java 25 runtime with the JDK modules jnn uses"
jlink_runtime "$STAGE"
mkdir -p "$STAGE/app/lib" "$STAGE/app/classpath"
cp app/target/lib/*.jar "$STAGE/app/lib/"
if [ -d app/target/classpath ]; then cp app/target/classpath/*.jar "$STAGE/app/classpath/"; fi
cp "$ROOT/jnn" "$STAGE/bin/jnn"
chmod +x "$STAGE/bin/jnn"

tar -C "$OUT" -czf "$TARBALL" "$name"
size=$(stat -c %s "$TARBALL")
unpacked=$(du -sk "$STAGE" | cut -f1)
echo "== ${TARBALL#"$ROOT"/}: $((size / 1024 / 1024)) MiB ($((unpacked / 1024)) MiB unpacked)"
echo "   run it anywhere: tar xzf $(basename "$TARBALL") && $name/bin/jnn train"
