package dev.jnn.checks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * The module-layout rules jnn keeps, checked over built module jars (or exploded module folders).
 * Each check returns its findings as one line each, naming the module and what to change; an
 * empty list means the rule holds.
 */
final class ModuleLayout {
    /** A module under check: its descriptor and where it lives. */
    record Unit(ModuleDescriptor descriptor, Path location) {
        String name() {
            return descriptor.name();
        }
    }

    private final List<Unit> checked;
    private final List<Path> modulePath;

    /**
     * @param checked    the modules whose layout is checked (jnn's)
     * @param modulePath every jar or folder they are resolved against, the checked ones included
     */
    ModuleLayout(List<Unit> checked, List<Path> modulePath) {
        this.checked = List.copyOf(checked);
        this.modulePath = List.copyOf(modulePath);
    }

    /** The modules whose layout is checked. */
    List<Unit> checked() {
        return checked;
    }

    /** The explicit modules among {@code paths} whose names start with {@code prefix}. */
    static List<Unit> modulesNamed(String prefix, Collection<Path> paths) {
        List<Unit> units = new ArrayList<>();
        for (Path p : paths) {
            descriptorOf(p).filter(d -> !d.isAutomatic() && d.name().startsWith(prefix))
                    .ifPresent(d -> units.add(new Unit(d, p)));
        }
        return units;
    }

    /** Every package that is in more than one jar or folder, with the places it is in. */
    List<String> splitPackages() {
        Map<String, Set<String>> owners = new TreeMap<>();
        for (Path p : modulePath) {
            String owner = descriptorOf(p).map(ModuleDescriptor::name).orElse(p.getFileName().toString());
            for (String pkg : packagesOf(p)) owners.computeIfAbsent(pkg, k -> new TreeSet<>()).add(owner);
        }
        Set<String> checkedPackages = checked.stream().flatMap(u -> u.descriptor().packages().stream()).collect(Collectors.toSet());
        List<String> findings = new ArrayList<>();
        owners.forEach((pkg, in) -> {
            if (in.size() > 1 && checkedPackages.contains(pkg)) {
                findings.add("package " + pkg + " is split between " + String.join(" and ", in)
                        + ": move it into one module");
            }
        });
        return findings;
    }

    /** Every unqualified export of a package whose name says it is internal. */
    List<String> exportedInternals() {
        List<String> findings = new ArrayList<>();
        for (Unit u : checked) {
            for (ModuleDescriptor.Exports e : u.descriptor().exports()) {
                if (!e.isQualified() && isInternal(e.source())) {
                    findings.add("module " + u.name() + " exports its internal package " + e.source()
                            + " to everyone: drop the export or qualify it (exports ... to <module>)");
                }
            }
        }
        return findings;
    }

    /**
     * Every {@code requires} that jdeps finds no use of, and every one that the module's API exposes
     * (a public signature uses its types) without {@code requires transitive}: {@code jdeps --check}
     * prints the module's descriptor and the descriptor it suggests from the actual dependencies.
     */
    List<String> unneededRequires() {
        String path = modulePath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> findings = new ArrayList<>();
        for (Unit u : checked) {
            String report = jdeps("--multi-release", String.valueOf(Runtime.version().feature()),
                    "--module-path", path, "--check", u.name());
            Map<String, Boolean> declared = requiresIn(report, "[Module descriptor]");
            Map<String, Boolean> suggested = requiresIn(report, "[Suggested module descriptor for " + u.name() + "]");
            declared.forEach((r, transitive) -> {
                if (!suggested.containsKey(r)) {
                    findings.add("module " + u.name() + " requires " + r + " but uses nothing from it (jdeps --check): "
                            + "remove the requires");
                } else if (suggested.get(r) && !transitive) {
                    findings.add("module " + u.name() + " requires " + r + " but its API exposes that module's types "
                            + "(jdeps --check): make it 'requires transitive " + r + "'");
                }
            });
        }
        return findings;
    }

    private static boolean isInternal(String pkg) {
        return Set.of(pkg.split("\\.")).contains("internal");
    }

    private static final Pattern REQUIRES = Pattern.compile("^\\s+requires (?:transitive |static |mandated )*([\\w.]+)");

    /** The module names of the requires lines in one section of a {@code jdeps --check} report, and whether each is transitive. */
    static Map<String, Boolean> requiresIn(String report, String header) {
        int start = report.indexOf(header);
        if (start < 0) throw new IllegalStateException("jdeps report has no section " + header + ":\n" + report);
        Map<String, Boolean> names = new java.util.LinkedHashMap<>();
        for (String line : report.substring(start + header.length()).lines().skip(1).toList()) {
            if (line.strip().startsWith("[") || line.isBlank()) break;
            Matcher m = REQUIRES.matcher(line);
            if (m.find() && !line.contains("requires mandated ")) names.put(m.group(1), line.contains("requires transitive "));
        }
        return names;
    }

    private static String jdeps(String... args) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("the jdeps tool is missing from this JDK (module jdk.jdeps)"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = jdeps.run(ps, ps, args);
        String text = out.toString(StandardCharsets.UTF_8);
        if (code != 0) throw new IllegalStateException("jdeps " + String.join(" ", args) + " failed (" + code + "):\n" + text);
        return text;
    }

    private static Optional<ModuleDescriptor> descriptorOf(Path p) {
        try {
            return ModuleFinder.of(p).findAll().stream().findFirst().map(ModuleReference::descriptor);
        } catch (FindException e) {
            return Optional.empty(); // Not usable as a module (say, no derivable name): only its packages count.
        }
    }

    /** The packages with classes in a jar or folder (multi-release versions and META-INF left out). */
    private static Set<String> packagesOf(Path p) {
        Set<String> pkgs = new TreeSet<>();
        try {
            if (Files.isDirectory(p)) {
                try (var files = Files.walk(p)) {
                    files.filter(f -> f.toString().endsWith(".class")).map(p::relativize)
                            .forEach(rel -> addPackage(pkgs, rel.toString().replace(java.io.File.separatorChar, '/')));
                }
            } else {
                try (ZipFile zip = new ZipFile(p.toFile())) {
                    zip.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.endsWith(".class"))
                            .forEach(n -> addPackage(pkgs, n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
        return pkgs;
    }

    private static void addPackage(Set<String> pkgs, String classFile) {
        if (classFile.startsWith("META-INF/")) return;
        int slash = classFile.lastIndexOf('/');
        if (slash > 0) pkgs.add(classFile.substring(0, slash).replace('/', '.'));
    }
}
