package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file and folder under a folder, with each file's bytes: for "nothing in it was touched" checks. */
record Snapshot(Path root, Map<String, String> entries) {
    /** What {@code root} holds now (an empty snapshot when it does not exist). */
    static Snapshot of(Path root) {
        Map<String, String> m = new TreeMap<>();
        if (Files.exists(root)) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.toList()) {
                    String rel = root.relativize(p).toString();
                    m.put(rel.isEmpty() ? "." : rel, Files.isDirectory(p) ? "<folder>" : SyntheticMnist.sha256(Files.readAllBytes(p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Snapshot(root, m);
    }

    /** Asserts that the folder holds exactly what it held, byte for byte. */
    void assertUnchanged() {
        assertThat(of(root).entries()).as("everything in %s, byte for byte", root).isEqualTo(entries);
    }
}
