package dev.jnn.backend.onednn;

import dev.jnn.core.Backends;

/** Run in a child JVM by {@link BrokenLibraryProcessTest}: prints each provider's availability. */
public final class ProbeMain {
    private ProbeMain() {
    }

    public static void main(String[] args) {
        for (Backends.Entry e : Backends.load().entries()) System.out.println(e.name() + " -> " + e.availability());
    }
}
