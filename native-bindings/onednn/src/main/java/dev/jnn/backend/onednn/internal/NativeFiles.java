package dev.jnn.backend.onednn.internal;

import dev.jnn.core.io.AtomicFile;
import dev.jnn.core.io.FileWriteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Extracts the native files of the {@code org.bytedeco:dnnl} jar into a versioned cache folder,
 * once, and checks them by size and SHA-256 every time.
 *
 * <p>The jar is read only as a container of files: the resources
 * {@code org/bytedeco/dnnl/linux-x86_64/libgomp.so.1} and {@code .../libdnnl.so.3}. They are found
 * through the class loader (class path, or a resolved module) and, failing that, by opening the jar
 * on the module path directly: its module {@code org.bytedeco.dnnl.linux.x86_64} requires JavaCPP's
 * {@code org.bytedeco.dnnl}, which jnn does not ship, so it is never resolved as a module.
 *
 * <p>Extraction goes through {@link AtomicFile} (a temporary file in the cache folder, renamed), so
 * that concurrent JVMs and interrupted runs never leave a half-written library behind.
 *
 * <p>Hashing the 92 MB libdnnl takes over a second in a fresh JVM (SHA-256 runs interpreted until
 * the JIT compiles it), too long for every start of a command-line tool. So a file is hashed when
 * it is extracted (or found without a record), and a {@code NAME.verified} record of its size,
 * modification time and SHA-256 is written beside it; later loads compare size and time with the
 * record and hash again only when they differ.
 */
final class NativeFiles {
    /** The folder inside the jar that holds the Linux x86-64 natives. */
    static final String RESOURCE_DIR = "org/bytedeco/dnnl/linux-x86_64/";
    /** The cache subfolder: one per oneDNN version, so upgrades never reuse stale files. */
    static final String CACHE_SUBDIR = "onednn-3.13";

    private final Path cacheDir;
    private final Properties expected;

    private NativeFiles(Path cacheDir, Properties expected) {
        this.cacheDir = cacheDir;
        this.expected = expected;
    }

    /** The cache under {@code $JNN_NATIVE_CACHE} or else {@code ~/.jnn/native}. */
    static NativeFiles fromEnvironment(Map<String, String> env) {
        String root = env.get("JNN_NATIVE_CACHE");
        Path base = root != null && !root.isBlank() ? Path.of(root)
                : Path.of(System.getProperty("user.home"), ".jnn", "native");
        return new NativeFiles(base.resolve(CACHE_SUBDIR), loadExpected());
    }

    /** The folder the files are extracted to. */
    Path cacheDir() {
        return cacheDir;
    }

    private static Properties loadExpected() {
        Properties p = new Properties();
        try (InputStream in = NativeFiles.class.getResourceAsStream("natives.properties")) {
            if (in == null) throw new IllegalStateException("natives.properties is missing from jnn-backend-onednn");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The expected size of {@code name} in bytes. */
    long expectedSize(String name) {
        return Long.parseLong(expected.getProperty(name + ".size"));
    }

    /** The expected SHA-256 of {@code name}, lower-case hex. */
    String expectedSha256(String name) {
        return expected.getProperty(name + ".sha256");
    }

    /**
     * The path of {@code name} in the cache, extracted from the jar first when missing or different.
     *
     * @throws OneDnnUnavailableException naming the paths tried and what was wrong
     */
    Path extract(String name) {
        Path target = cacheDir.resolve(name);
        try {
            if (Files.isRegularFile(target) && Files.size(target) == expectedSize(name)) {
                if (recordMatches(target, name)) return target;
                if (sha256(target).equals(expectedSha256(name))) {
                    writeRecord(target, name);
                    return target;
                }
            }
        } catch (IOException e) {
            // An unreadable cached file is replaced below.
        }
        Resource res = find(RESOURCE_DIR + name).orElseThrow(() -> new OneDnnUnavailableException(
                "resource " + RESOURCE_DIR + name + " not found: put org.bytedeco:dnnl:3.13-1.5.14:linux-x86_64 "
                        + "on the class path or module path, or set JNN_ONEDNN_LIB to a libdnnl.so.3"));
        try {
            Files.createDirectories(cacheDir);
            try (AtomicFile out = AtomicFile.create(target)) {
                String sha;
                long size = 0;
                try (InputStream in = res.open(); OutputStream o = Files.newOutputStream(out.temp())) {
                    MessageDigest md = sha256Digest();
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                        o.write(buf, 0, n);
                        size += n;
                    }
                    sha = HexFormat.of().formatHex(md.digest());
                }
                if (size != expectedSize(name) || !sha.equals(expectedSha256(name))) {
                    throw new OneDnnUnavailableException(res.where() + " has " + size + " bytes, SHA-256 " + sha
                            + "; expected " + expectedSize(name) + " bytes, SHA-256 " + expectedSha256(name)
                            + " (a corrupt jar or another dnnl version; use org.bytedeco:dnnl:3.13-1.5.14)");
                }
                out.commit();
            }
            writeRecord(target, name);
        } catch (FileWriteException e) {
            throw new OneDnnUnavailableException("cannot extract " + res.where() + ": " + e.getMessage()
                    + " (set JNN_NATIVE_CACHE to a writable folder)");
        } catch (IOException e) {
            throw new OneDnnUnavailableException("cannot extract " + res.where() + " to " + target + ": "
                    + FileWriteException.reasonOf(e, target) + " (set JNN_NATIVE_CACHE to a writable folder)");
        }
        return target;
    }

    private static Path recordOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".verified");
    }

    private String record(Path target, String name) throws IOException {
        return Files.size(target) + " " + Files.getLastModifiedTime(target).toMillis() + " " + expectedSha256(name);
    }

    /** True when the record written after the last verification still describes the file. */
    private boolean recordMatches(Path target, String name) {
        try {
            return Files.readString(recordOf(target)).strip().equals(record(target, name));
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the record atomically; failing to write it only costs a hash on the next load. */
    private void writeRecord(Path target, String name) {
        try {
            AtomicFile.writeString(recordOf(target), record(target, name) + "\n");
        } catch (IOException e) {
            // Not fatal: the file itself was verified.
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** A file inside a jar, with a description of where it is for messages. */
    private interface Resource {
        InputStream open() throws IOException;

        String where();
    }

    private static Optional<Resource> find(String path) {
        for (ClassLoader cl : new ClassLoader[] {NativeFiles.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            URL url = cl == null ? null : cl.getResource(path);
            if (url != null) return Optional.of(new Resource() {
                @Override
                public InputStream open() throws IOException {
                    return url.openStream();
                }

                @Override
                public String where() {
                    return url.toString();
                }
            });
        }
        return findOnModulePath(path);
    }

    /** Looks into every module on {@code jdk.module.path}, resolved or not. */
    private static Optional<Resource> findOnModulePath(String path) {
        String mp = System.getProperty("jdk.module.path");
        if (mp == null || mp.isBlank()) return Optional.empty();
        Path[] entries = java.util.Arrays.stream(mp.split(java.io.File.pathSeparator)).map(Path::of).toArray(Path[]::new);
        for (ModuleReference ref : ModuleFinder.of(entries).findAll()) {
            try (ModuleReader reader = ref.open()) {
                if (reader.find(path).isPresent()) {
                    String where = ref.location().map(Object::toString).orElse(ref.descriptor().name()) + "!/" + path;
                    return Optional.of(new Resource() {
                        @Override
                        public InputStream open() throws IOException {
                            ModuleReader r = ref.open();
                            InputStream in = r.open(path).orElseThrow(() -> new IOException(where + " vanished"));
                            return new java.io.FilterInputStream(in) {
                                @Override
                                public void close() throws IOException {
                                    try {
                                        super.close();
                                    } finally {
                                        r.close();
                                    }
                                }
                            };
                        }

                        @Override
                        public String where() {
                            return where;
                        }
                    });
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable module path entry is not ours to report; keep looking.
            }
        }
        return Optional.empty();
    }
}
