/** Test utilities shared by jnn's modules: a fuzz loop and mutator, a heap allocation meter, a backend scope per test class. */
module dev.jnn.testing {
    requires transitive dev.jnn.core;
    requires transitive org.junit.jupiter.api;
    // HotSpot's per-thread allocation counter (com.sun.management.ThreadMXBean).
    requires jdk.management;

    exports dev.jnn.testing;
}
