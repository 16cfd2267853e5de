package dev.jnn.app.wiring;

import dev.jnn.core.spi.BackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * One jar of the plugins folder, checked before and after its module is defined, so that each way a
 * third-party jar fails becomes one line saying what is wrong and what to change: a module that
 * provides no backend, a provider class that is missing, not public or cannot be created, a module
 * name that is already taken, classes built for a newer Java, a jar that does not resolve.
 */
final class PluginJar {
    static final String SERVICE = BackendProvider.class.getName();

    /** A jar that cannot be used, with the one-line reason. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A plugin module defined in its own layer. */
    record Loaded(String module, ModuleLayer layer) {
    }

    private PluginJar() {
    }

    /**
     * Defines the module of {@code jar} in a layer of its own on top of the boot layer.
     *
     * @param taken the modules already loaded, by name, with where each came from; the boot layer's
     *     are looked up directly
     * @throws Refused with the reason when the jar cannot provide a backend
     */
    static Loaded load(Path jar, Map<String, String> taken) throws Refused {
        checkClassVersions(jar);
        ModuleReference ref = reference(jar);
        ModuleDescriptor d = ref.descriptor();
        String clash = taken.containsKey(d.name()) ? taken.get(d.name()) : bootLocation(d.name()).orElse(null);
        if (clash != null) {
            throw new Refused("module " + d.name() + " is already loaded from " + clash + ": a plugin's module needs a name of its own"
                    + (d.isAutomatic() ? " (an automatic module is named after its jar file, or its Automatic-Module-Name)" : ""));
        }
        List<String> providers = d.provides().stream().filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream()).toList();
        if (providers.isEmpty()) throw new Refused(noProvider(jar, d));
        ModuleLayer.Controller controller;
        try {
            Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(ModuleFinder.of(jar), ModuleFinder.of(), Set.of(d.name()));
            controller = ModuleLayer.defineModulesWithOneLoader(cf, List.of(ModuleLayer.boot()), ClassLoader.getSystemClassLoader());
        } catch (RuntimeException | LinkageError e) {
            throw new Refused("plugin does not load: " + e.getMessage());
        }
        ModuleLayer layer = controller.layer();
        for (String p : providers) checkProvider(layer, d, p);
        grantNativeAccess(controller, d.name());
        return new Loaded(d.name(), layer);
    }

    /**
     * Gives the plugin module the native access that the launcher gives jnn's own native backends
     * ({@code --enable-native-access} reaches boot-layer modules only): the plugins folder is code
     * its user chose to run. Only when this module has native access itself, as under {@code ./jnn};
     * otherwise the plugin runs without it (and a native one says so in its probe).
     */
    @SuppressWarnings("restricted")   // enableNativeAccess is restricted: it is called only with native access
    private static void grantNativeAccess(ModuleLayer.Controller controller, String module) {
        if (!PluginJar.class.getModule().isNativeAccessEnabled()) return;
        controller.layer().findModule(module).ifPresent(controller::enableNativeAccess);
    }

    /** The jar's module, or the reason the JDK cannot read one from it. */
    private static ModuleReference reference(Path jar) throws Refused {
        try {
            Set<ModuleReference> refs = ModuleFinder.of(jar).findAll();
            if (refs.size() != 1) throw new Refused("plugin does not load: " + jar + " holds " + refs.size() + " modules");
            return refs.iterator().next();
        } catch (FindException e) {
            // The listing names the jar already; say what the JDK found wrong with it.
            Throwable cause = e.getCause();
            String why = cause == null || cause.getMessage() == null ? e.getMessage()
                    : cause instanceof ZipException ? "not a jar (zip) file: " + cause.getMessage()
                    : cause instanceof java.lang.module.InvalidModuleDescriptorException ? "its module-info does not match the jar: "
                            + cause.getMessage()
                    : e.getMessage() + ": " + cause.getMessage();
            throw new Refused("plugin does not load: " + why);
        }
    }

    /** Where the boot layer's module {@code name} came from, when there is one. */
    private static Optional<String> bootLocation(String name) {
        return ModuleLayer.boot().configuration().findModule(name).map(m -> m.reference().location()
                .map(PluginJar::describe).orElse("the boot layer"));
    }

    private static String describe(URI location) {
        return "file".equals(location.getScheme()) ? Path.of(location).toString() : location.toString();
    }

    /** Why a jar whose module declares no backend provider provides none, and the line it needs. */
    private static String noProvider(Path jar, ModuleDescriptor d) {
        if (d.isAutomatic()) {
            return "not a module, and no META-INF/services/" + SERVICE + " names a provider: it provides no backend (name the "
                    + "provider class in that file, or give the jar a module-info with \"provides " + SERVICE + " with ...;\")";
        }
        List<String> listed = servicesFile(jar);
        String with = listed.isEmpty() ? "<your provider class>" : String.join(", ", listed);
        return "module " + d.name() + " provides no backend: its module-info needs \"provides " + SERVICE + " with " + with + ";\""
                + (listed.isEmpty() ? "" : " (a module's META-INF/services files are ignored)");
    }

    /** The classes that the jar's META-INF/services file for the SPI names, if it has one. */
    private static List<String> servicesFile(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry("META-INF/services/" + SERVICE);
            if (e == null) return List.of();
            try (InputStream in = zip.getInputStream(e)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                        .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
            }
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Refuses a jar holding a class file newer than this JVM reads (the version-specific classes of
     * a multi-release jar for a later Java are skipped, as the JVM skips them), naming the Java it needs.
     */
    private static void checkClassVersions(Path jar) throws Refused {
        int runtime = Runtime.version().feature();
        int newest = 0;
        String newestClass = null;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (!e.getName().endsWith(".class") || laterRelease(e.getName(), runtime)) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] head = in.readNBytes(8);
                    if (head.length < 8 || (head[0] & 0xff) != 0xCA || (head[1] & 0xff) != 0xFE) continue;
                    int major = (head[6] & 0xff) << 8 | (head[7] & 0xff);
                    if (major > newest) {
                        newest = major;
                        newestClass = e.getName();
                    }
                }
            }
        } catch (ZipException e) {
            return;   // not a zip file: the module finder says so
        } catch (IOException e) {
            throw new Refused("plugin does not load: cannot read " + jar + ": " + e.getMessage());
        }
        // Class file version 45 + n is Java 1.n; from Java 5 (49) on, 44 + n is Java n.
        int needs = newest - 44;
        if (needs > runtime) {
            throw new Refused("built for Java " + needs + " (class file version " + newest + ", " + newestClass + "); this is Java "
                    + runtime + ": rebuild it with javac --release " + runtime);
        }
    }

    /** True for {@code META-INF/versions/N/...} with N above {@code runtime}. */
    private static boolean laterRelease(String entry, int runtime) {
        if (!entry.startsWith("META-INF/versions/")) return false;
        String rest = entry.substring("META-INF/versions/".length());
        int slash = rest.indexOf('/');
        try {
            return slash > 0 && Integer.parseInt(rest.substring(0, slash)) > runtime;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Checks what ServiceLoader will need of provider class {@code name}, without initialising it:
     * present, a BackendProvider, public, and creatable (a public static {@code provider()} method,
     * explicit modules only, or a public no-arg constructor).
     */
    private static void checkProvider(ModuleLayer layer, ModuleDescriptor d, String name) throws Refused {
        String which = "provider class " + name + " (module " + d.name() + ")";
        Class<?> c;
        try {
            c = Class.forName(name, false, layer.findLoader(d.name()));
        } catch (ClassNotFoundException e) {
            throw new Refused("provider class " + name + ", named in module " + d.name() + "'s \"provides\", is not in the jar");
        } catch (LinkageError e) {
            throw new Refused(which + " does not load: " + e);
        }
        if (!BackendProvider.class.isAssignableFrom(c)) {
            throw new Refused(which + " does not implement " + SERVICE);
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            throw new Refused(which + " is not public: ServiceLoader needs a public class with a public no-arg constructor"
                    + " or a public static provider() method");
        }
        try {
            if (!d.isAutomatic() && hasProviderMethod(c)) return;
            if (Modifier.isAbstract(c.getModifiers())) {
                throw new Refused(which + " is abstract and has no public static provider() method: ServiceLoader cannot create it");
            }
            c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new Refused(which + " has no public no-arg constructor" + (d.isAutomatic() ? "" : " and no public static provider() method")
                    + ": ServiceLoader cannot create it");
        } catch (LinkageError e) {
            throw new Refused(which + " does not load: " + e);
        }
    }

    private static boolean hasProviderMethod(Class<?> c) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals("provider") && m.getParameterCount() == 0 && Modifier.isStatic(m.getModifiers())
                    && Modifier.isPublic(m.getModifiers())) {
                return true;
            }
        }
        return false;
    }
}
