package dev.jnn.backend.cuda;

import dev.jnn.core.Backends;

/**
 * Prints what the cuda provider's probe says (and every other provider found), for the GPU bundle's
 * run script: one line per provider, then the reasons or details.
 */
public final class ProbeMain {
    private ProbeMain() {
    }

    /** Prints each provider's name and availability. */
    public static void main(String[] args) {
        for (Backends.Entry e : Backends.load().entries()) {
            System.out.println(e.name() + " -> " + e.availability());
        }
    }
}
