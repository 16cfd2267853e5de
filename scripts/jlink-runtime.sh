# Sourced by scripts/dist.sh and scripts/gpu-bundle.sh: a jlink'd Java 25 runtime with the JDK
# modules jnn uses, small enough to ship (no debug symbols, headers or man pages).
#   jlink_runtime OUT_DIR [EXTRA_MODULES]     (needs JAVA_HOME at a JDK 25; OUT_DIR must not exist)

# java.desktop: the plots (XChart, ImageIO); java.logging: Guice and jnn's logs; jdk.unsupported:
# Guava's and jline's sun.misc classes; java.management: the memory log; java.xml: java.desktop's.
JNN_RUNTIME_MODULES=java.base,java.logging,java.xml,java.desktop,java.management,jdk.unsupported,jdk.incubator.vector

jlink_runtime() {
    local out="$1" modules="$JNN_RUNTIME_MODULES${2:+,$2}"
    "$JAVA_HOME/bin/jlink" --add-modules "$modules" \
        --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$out" 2>&1 \
        | grep -v 'Using incubator modules' || true
    [ -x "$out/bin/java" ] || { echo "jlink made no runtime in $out" >&2; return 1; }
    # The JDK's libjvm.so keeps its symbol table (5 MB).
    if command -v strip >/dev/null; then strip --strip-unneeded "$out/lib/server/libjvm.so"; fi
}
