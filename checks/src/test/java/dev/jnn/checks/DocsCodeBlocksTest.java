package dev.jnn.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java and XML code block of the documentation is code that the test command compiles and
 * runs: its lines (indentation aside) appear, in order and consecutively, in a file of
 * {@code examples/}, whose projects the test command builds and runs; a line of {@code ...} stands
 * for elided code (any number of lines). A block that drifts from the code fails here, naming the document and the block.
 */
class DocsCodeBlocksTest {
    private static final Path ROOT = Path.of("..");

    /** One fenced block: where it is, and its lines. */
    record Block(Path doc, int line, List<String> lines) {
    }

    @Test
    void everyJavaAndXmlBlockOfTheDocsIsInACompiledExample() throws IOException {
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
            for (Path f : files.filter(DocsCodeBlocksTest::isExampleSource).toList()) sources.add(normalized(Files.readAllLines(f)));
        }
        List<Block> blocks = blocks(documents());
        assertThat(blocks).as("code blocks found").hasSizeGreaterThan(5);
        List<String> missing = new ArrayList<>();
        for (Block b : blocks) {
            List<List<String>> want = segments(b.lines());
            if (sources.stream().noneMatch(src -> containsInOrder(src, want))) {
                missing.add(ROOT.relativize(b.doc()) + ":" + b.line() + " (" + b.lines().getFirst().strip() + " ...)");
            }
        }
        assertThat(missing).as("blocks not found in any file of examples/ (put the code there, or quote it exactly)").isEmpty();
    }

    @Test
    void aDriftedLineOrAWrongOrderIsNotFound() {
        List<String> src = normalized(List.of("class A {", "    void f() {", "        int x = 1;", "        int y = 2;", "    }", "}"));
        assertThat(containsInOrder(src, segments(List.of("void f() {", "int x = 1;")))).isTrue();
        assertThat(containsInOrder(src, segments(List.of("class A {", "...", "int y = 2;")))).isTrue();
        assertThat(containsInOrder(src, segments(List.of("void f() {", "int x = 2;")))).isFalse();
        assertThat(containsInOrder(src, segments(List.of("int y = 2;", "...", "int x = 1;")))).isFalse();
        assertThat(containsInOrder(src, segments(List.of("class A {", "int y = 2;")))).as("not consecutive").isFalse();
    }

    private static boolean isExampleSource(Path f) {
        String name = f.getFileName().toString();
        return !f.toString().contains("/target/") && (name.endsWith(".java") || name.equals("pom.xml"));
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.walk(ROOT, 3)) {
            files.filter(f -> f.toString().endsWith(".md") && !f.toString().contains("/target/") && !f.toString().contains("/.git/")
                    && !f.getFileName().toString().equals("README.md") || f.getFileName().toString().equals("README.md")
                    && !f.equals(ROOT.resolve("README.md")) && !f.toString().contains("/target/")).forEach(docs::add);
        }
        return docs;
    }

    static List<Block> blocks(List<Path> docs) {
        List<Block> blocks = new ArrayList<>();
        for (Path doc : docs) {
            List<String> lines;
            try {
                lines = Files.readAllLines(doc);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String fence = lines.get(i).strip();
                if (!fence.equals("```java") && !fence.equals("```xml")) continue;
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) end++;
                blocks.add(new Block(doc, start, lines.subList(start, end)));
                i = end;
            }
        }
        return blocks;
    }

    /** Lines without indentation and trailing blanks, empty lines dropped. */
    static List<String> normalized(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The block's runs of consecutive lines, split at its {@code ...} lines. */
    static List<List<String>> segments(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String l : normalized(lines)) {
            if (l.equals("...")) {
                out.add(run);
                run = new ArrayList<>();
            } else {
                run.add(l);
            }
        }
        out.add(run);
        return out;
    }

    /** Whether the runs occur in {@code src} in order, each as consecutive lines. */
    static boolean containsInOrder(List<String> src, List<List<String>> runs) {
        for (int start = 0; start < src.size(); start++) {
            int at = start;
            boolean all = true;
            for (List<String> run : runs) {
                int found = indexOf(src, run, at);
                if (found < 0 || (run == runs.getFirst() && found != start && !run.isEmpty())) {
                    all = false;
                    break;
                }
                at = found + run.size();
            }
            if (all) return true;
        }
        return false;
    }

    private static int indexOf(List<String> src, List<String> run, int from) {
        for (int i = from; i + run.size() <= src.size(); i++) {
            if (src.subList(i, i + run.size()).equals(run)) return i;
        }
        return -1;
    }
}
