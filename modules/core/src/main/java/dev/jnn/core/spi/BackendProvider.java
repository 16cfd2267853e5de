package dev.jnn.core.spi;

/**
 * The service a backend module provides ({@code provides dev.jnn.core.spi.BackendProvider with ...}).
 *
 * <p>A provider is cheap: constructing it and calling {@link #name()} or {@link #probe()} loads no
 * native code that could crash the process and allocates nothing large. The {@link Backend} it
 * {@linkplain #create creates} does the real work and exists only once chosen.
 */
public interface BackendProvider {
    /** The short, stable, lower-case id users pass to {@code --backend}, e.g. {@code vector}. */
    String name();

    /** Whether the backend can run here, with every reason it cannot. Never throws. */
    Availability probe();

    /**
     * Creates the backend. The caller closes it.
     *
     * @throws IllegalStateException if {@link #probe()} says it is unavailable
     */
    Backend create(BackendConfig config);
}
