package dev.jnn.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.constant.ClassDesc;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cycles between types of different packages, read from compiled classes: a type in one package
 * that depends (through any chain of references) on a type of another package that depends back
 * on it. Such a cycle ties the two packages together (an SPI to the tensor type it serves, an API
 * to its internal reader), so jnn keeps none. Nested classes count as their top-level class;
 * cycles inside one package ({@code Tensor} and the op classes it delegates to) are allowed.
 */
final class TypeCycles {
    private TypeCycles() {
    }

    /**
     * Each strongly connected group of top-level types under {@code prefix} whose members span more
     * than one package, as one line naming its types; empty when there is none.
     */
    static List<String> crossPackage(List<Path> locations, String prefix) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path p : locations) readInto(graph, p, prefix.replace('.', '/'));
        List<String> findings = new ArrayList<>();
        for (Set<String> group : stronglyConnected(graph)) {
            Set<String> packages = new TreeSet<>();
            for (String t : group) packages.add(t.substring(0, t.lastIndexOf('.')));
            if (packages.size() > 1) {
                findings.add("types " + group + " depend on each other across packages " + packages
                        + ": break the cycle (an interface in the lower package, or data passed instead of the type)");
            }
        }
        return findings;
    }

    private static void readInto(Map<String, Set<String>> graph, Path location, String prefix) {
        try {
            if (Files.isDirectory(location)) {
                scan(graph, location, prefix);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(location)) {
                    scan(graph, jar.getPath("/"), prefix);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classes of " + location, e);
        }
    }

    private static void scan(Map<String, Set<String>> graph, Path root, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class")).toList()) {
                ClassModel m = ClassFile.of().parse(Files.readAllBytes(f));
                String self = m.thisClass().asInternalName();
                if (!self.startsWith(prefix)) continue;
                Set<String> out = graph.computeIfAbsent(topLevel(self), k -> new TreeSet<>());
                // Class entries (code that uses a type) and descriptors and signatures in UTF-8 entries
                // (fields, parameters and results, which need no class entry).
                Pattern inDescriptor = Pattern.compile("L(" + Pattern.quote(prefix) + "[\\w/$]+)[;<]");
                for (PoolEntry e : m.constantPool()) {
                    if (e instanceof ClassEntry c) addType(out, c.asSymbol(), prefix);
                    if (e instanceof Utf8Entry u) {
                        Matcher d = inDescriptor.matcher(u.stringValue());
                        while (d.find()) out.add(topLevel(d.group(1)));
                    }
                }
                out.remove(topLevel(self));
            }
        }
    }

    /** The referenced class, arrays unwrapped, when it is one of the checked types. */
    private static void addType(Set<String> out, ClassDesc d, String prefix) {
        while (d.isArray()) d = d.componentType();
        if (!d.isClassOrInterface()) return;
        String internal = d.descriptorString().substring(1, d.descriptorString().length() - 1);
        if (internal.startsWith(prefix)) out.add(topLevel(internal));
    }

    private static String topLevel(String internalName) {
        int nested = internalName.indexOf('$');
        return (nested < 0 ? internalName : internalName.substring(0, nested)).replace('/', '.');
    }

    /** Tarjan's algorithm, iterative: the groups of mutually reachable types (singletons left out). */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> groups = new ArrayList<>();
        int[] counter = {0};
        for (String start : graph.keySet()) {
            if (index.containsKey(start)) continue;
            Deque<Object[]> work = new ArrayDeque<>();   // {node, iterator over its edges}
            work.push(new Object[] {start, graph.getOrDefault(start, Set.of()).iterator()});
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            while (!work.isEmpty()) {
                Object[] top = work.peek();
                String v = (String) top[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<String> it = (java.util.Iterator<String>) top[1];
                if (it.hasNext()) {
                    String w = it.next();
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, graph.getOrDefault(w, Set.of()).iterator()});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                } else {
                    work.pop();
                    if (!work.isEmpty()) {
                        String parent = (String) work.peek()[0];
                        low.put(parent, Math.min(low.get(parent), low.get(v)));
                    }
                    if (low.get(v).equals(index.get(v))) {
                        Set<String> group = new TreeSet<>();
                        String w;
                        do {
                            w = stack.pop();
                            onStack.remove(w);
                            group.add(w);
                        } while (!w.equals(v));
                        if (group.size() > 1) groups.add(group);
                    }
                }
            }
        }
        return groups;
    }
}
