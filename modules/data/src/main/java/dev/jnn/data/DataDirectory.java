package dev.jnn.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where jnn keeps MNIST: an explicit folder ({@code --data-dir}), else the environment variable
 * {@code JNN_DATA}, else {@code ~/.jnn/data/mnist}.
 */
public final class DataDirectory {
    /** The environment variable that overrides the default folder. */
    public static final String ENV = "JNN_DATA";

    private DataDirectory() {}

    /**
     * The data folder to use.
     *
     * @param explicitOrNull the folder given on the command line, or null
     * @return {@code explicitOrNull} if not null, else {@code $JNN_DATA} if set and not blank, else
     *     {@code ~/.jnn/data/mnist} (from the {@code user.home} property); always absolute
     */
    public static Path resolve(Path explicitOrNull) {
        return resolve(explicitOrNull, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Same as {@link #resolve(Path)} with the environment and home folder given, for tests. */
    public static Path resolve(Path explicitOrNull, Map<String, String> env, Path home) {
        if (explicitOrNull != null) {
            return explicitOrNull.toAbsolutePath();
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.strip()).toAbsolutePath();
        }
        return home.resolve(".jnn").resolve("data").resolve("mnist").toAbsolutePath();
    }
}
