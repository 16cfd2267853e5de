package dev.jnn.app;

import static dev.jnn.app.PluginJars.provider;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real plugin jars that are broken in the ways third-party code breaks, each compiled and packed
 * here with the JDK's own {@code javac} and {@code jar} and dropped into one plugins folder:
 * {@code jnn backends} must list each under its jar's name as unavailable, with one line saying
 * what is wrong and what to change, while the built-in backends and the good plugins keep working.
 */
class BrokenPluginJarsTest {
    private static final String SPI = "dev.jnn.core.spi.BackendProvider";

    @TempDir
    static Path work;

    static Path plugins;

    static CliRun listing;

    @BeforeAll
    static void buildPluginJars() throws Exception {
        PluginJars jars = new PluginJars(work);
        plugins = jars.folder();
        jars.jar("throwing", Map.of(
                "module-info.java", module("com.example.throwing", "com.example.throwing.ThrowingProvider"),
                "com/example/throwing/ThrowingProvider.java", """
                        package com.example.throwing;
                        import dev.jnn.core.spi.*;
                        public final class ThrowingProvider implements BackendProvider {
                            public String name() { return "throwing"; }
                            public Availability probe() { throw new IllegalStateException("driver exploded"); }
                            public Backend create(BackendConfig config) { throw new IllegalStateException("unavailable"); }
                        }"""));
        // The provider's probe() uses a helper class that is compiled but left out of the jar.
        jars.jar("missingclass", Map.of(
                "module-info.java", module("com.example.missingclass", "com.example.missingclass.NeedsHelperProvider"),
                "com/example/missingclass/Helper.java", """
                        package com.example.missingclass;
                        final class Helper { static String version() { return "1.0"; } }""",
                "com/example/missingclass/NeedsHelperProvider.java", """
                        package com.example.missingclass;
                        import dev.jnn.core.spi.*;
                        public final class NeedsHelperProvider implements BackendProvider {
                            public String name() { return "missingclass"; }
                            public Availability probe() { return Availability.available(Helper.version()); }
                            public Backend create(BackendConfig config) { throw new IllegalStateException("unavailable"); }
                        }"""), PluginJars.leaveOut("com/example/missingclass/Helper.class"));
        // A module with a provider class and a services file, but no "provides" in its module-info.
        jars.jar("noprovides", Map.of(
                "module-info.java", "module com.example.noprovides { requires dev.jnn.core; }",
                "com/example/noprovides/NoProvidesProvider.java", provider("com.example.noprovides", "NoProvidesProvider", "noprovides"),
                "META-INF/services/" + SPI, "com.example.noprovides.NoProvidesProvider\n"));
        // "provides" names a class that was renamed since: the jar no longer has it.
        jars.jar("goneprovider", Map.of(
                "module-info.java", module("com.example.gone", "com.example.gone.GoneProvider"),
                "com/example/gone/GoneProvider.java", provider("com.example.gone", "GoneProvider", "gone"),
                "com/example/gone/RenamedProvider.java", provider("com.example.gone", "RenamedProvider", "gone")),
                PluginJars.leaveOut("com/example/gone/GoneProvider.class"));
        jars.jar("notpublic", Map.of(
                "module-info.java", module("com.example.notpublic", "com.example.notpublic.HiddenProvider"),
                "com/example/notpublic/HiddenProvider.java", provider("com.example.notpublic", "HiddenProvider", "hidden")),
                PluginJars.recompiled(Map.of("com/example/notpublic/HiddenProvider.java",
                        provider("com.example.notpublic", "HiddenProvider", "hidden").replace("public final class", "final class"))));
        jars.jar("noconstructor", Map.of(
                "module-info.java", module("com.example.noctor", "com.example.noctor.ConfiguredProvider"),
                "com/example/noctor/ConfiguredProvider.java", provider("com.example.noctor", "ConfiguredProvider", "configured")),
                PluginJars.recompiled(Map.of("com/example/noctor/ConfiguredProvider.java",
                        provider("com.example.noctor", "ConfiguredProvider", "configured")
                                .replace("public String name()", "public ConfiguredProvider(String config) { }\n    public String name()"))));
        // A module named like one of jnn's own.
        jars.jar("fakecore", Map.of(
                "module-info.java", "module dev.jnn.core { exports com.example.fakecore; }",
                "com/example/fakecore/FakeCoreProvider.java", """
                        package com.example.fakecore;
                        public final class FakeCoreProvider { }"""));
        // Two jars of the same module: the first (by file name) loads, the second is refused.
        jars.jar("twin-a", Map.of("module-info.java", module("com.example.twin", "com.example.twin.TwinProvider"),
                "com/example/twin/TwinProvider.java", provider("com.example.twin", "TwinProvider", "twin-a")));
        jars.jar("twin-b", Map.of("module-info.java", module("com.example.twin", "com.example.twin.TwinProvider"),
                "com/example/twin/TwinProvider.java", provider("com.example.twin", "TwinProvider", "twin-b")));
        // A good plugin that says whether its module may call native code (as a native backend's probe asks).
        jars.jar("nativeaccess", Map.of("module-info.java", module("com.example.nativeaccess", "com.example.nativeaccess.AskingProvider"),
                "com/example/nativeaccess/AskingProvider.java", provider("com.example.nativeaccess", "AskingProvider", "asking")
                        .replace("Availability.available(\"an example plugin\")",
                                "Availability.available(\"native access \" + getClass().getModule().isNativeAccessEnabled())")));
        // Classes compiled for Java 26 (class file version 70).
        jars.jar("newer", Map.of("module-info.java", module("com.example.newer", "com.example.newer.NewerProvider"),
                "com/example/newer/NewerProvider.java", provider("com.example.newer", "NewerProvider", "newer")),
                PluginJars.classFileVersion(70));
        // A plain jar (an automatic module) without a META-INF/services entry.
        jars.jar("plain", Map.of("com/example/plain/PlainProvider.java", provider("com.example.plain", "PlainProvider", "plain")));
        // Not a jar at all, and a module whose "provides" names a class of a package the jar lacks.
        java.nio.file.Files.writeString(plugins.resolve("notajar.jar"), "not a jar");
        jars.jar("gonepackage", Map.of(
                "module-info.java", module("com.example.gonepackage", "com.example.gonepackage.impl.Provider"),
                "com/example/gonepackage/impl/Provider.java", provider("com.example.gonepackage.impl", "Provider", "gonepackage")),
                PluginJars.leaveOut("com/example/gonepackage/impl/Provider.class"));
        listing = CliRun.of("backends", "--plugins", plugins.toString());
    }

    private static String module(String name, String provider) {
        return "module " + name + " {\n    requires dev.jnn.core;\n    provides " + SPI + " with " + provider + ";\n}";
    }

    /** The entry of {@code jar}: its name, "not available", the one reason, then where it came from. */
    private static void assertRefused(String jar, String reason) {
        assertThat(listing.out()).containsPattern("(?m)^" + Pattern.quote(jar) + " +not available\\R +because "
                + Pattern.quote(reason) + "\\R +from " + Pattern.quote(plugins.resolve(jar).toString()) + "$");
    }

    @Test
    void theListingItselfSucceedsWithoutAStackTrace() {
        assertThat(listing.code()).isZero();
        assertThat(listing.err()).isEmpty();
        assertThat(listing.out()).doesNotContain("\tat ", "Caused by");
    }

    @Test
    void aProviderThatThrowsInProbeIsListedAsUnavailableWithTheReason() {
        assertThat(listing.out()).containsPattern("(?m)^throwing +not available\\R +because probe\\(\\) failed: "
                + "java.lang.IllegalStateException: driver exploded\\R +from com.example.throwing ");
    }

    @Test
    void aProviderWithAMissingClassIsListedAsUnavailableWithTheReason() {
        assertThat(listing.out()).containsPattern("(?m)^missingclass +not available\\R +because probe\\(\\) failed: "
                + "java.lang.NoClassDefFoundError: com/example/missingclass/Helper\\R +from com.example.missingclass ");
    }

    @Test
    void aModuleWithoutProvidesIsToldTheLineItsModuleInfoNeeds() {
        assertRefused("noprovides.jar", "module com.example.noprovides provides no backend: its module-info needs \"provides "
                + SPI + " with com.example.noprovides.NoProvidesProvider;\" (a module's META-INF/services files are ignored)");
    }

    @Test
    void aProvidesWhoseClassIsNotInTheJarIsNamed() {
        assertRefused("goneprovider.jar", "provider class com.example.gone.GoneProvider, named in module com.example.gone's "
                + "\"provides\", is not in the jar");
    }

    @Test
    void aJarTheJdkCannotReadAsAModuleIsListedWithTheJdksReason() {
        assertRefused("notajar.jar", "plugin does not load: not a jar (zip) file: zip END header not found");
        assertRefused("gonepackage.jar", "plugin does not load: its module-info does not match the jar: "
                + "Package com.example.gonepackage.impl not found in module");
    }

    @Test
    void aProviderClassThatIsNotPublicIsNamed() {
        assertRefused("notpublic.jar", "provider class com.example.notpublic.HiddenProvider (module com.example.notpublic) is not "
                + "public: ServiceLoader needs a public class with a public no-arg constructor or a public static provider() method");
    }

    @Test
    void aProviderClassWithoutANoArgConstructorIsNamed() {
        assertRefused("noconstructor.jar", "provider class com.example.noctor.ConfiguredProvider (module com.example.noctor) has "
                + "no public no-arg constructor and no public static provider() method: ServiceLoader cannot create it");
    }

    @Test
    void aModuleNamedLikeOneOfJnnsIsRefusedNamingWhereTheRealOneIs() {
        String core = dev.jnn.core.Backends.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertRefused("fakecore.jar", "module dev.jnn.core is already loaded from " + Path.of(core)
                + ": a plugin's module needs a name of its own");
    }

    @Test
    void theSecondOfTwoJarsWithOneModuleNameIsRefusedAndTheFirstWorks() {
        assertRefused("twin-b.jar", "module com.example.twin is already loaded from " + plugins.resolve("twin-a.jar")
                + ": a plugin's module needs a name of its own");
        assertThat(listing.out()).containsPattern("(?m)^twin-a +available\\R +an example plugin\\R +from com.example.twin ");
        assertThat(listing.out()).doesNotContainPattern("(?m)^twin-b ");
    }

    @Test
    void pluginModulesGetTheNativeAccessTheAppHas() {
        assertThat(ModuleLayer.boot().findModule("dev.jnn.app").orElseThrow().isNativeAccessEnabled())
                .as("the tests grant the app native access, as ./jnn does").isTrue();
        assertThat(listing.out()).containsPattern("(?m)^asking +available\\R +native access true\\R +from com.example.nativeaccess ");
    }

    @Test
    void aJarBuiltForANewerJavaSaysWhichJavaItNeeds() {
        int java = Runtime.version().feature();
        assertRefused("newer.jar", "built for Java 26 (class file version 70, " + "com/example/newer/NewerProvider.class"
                + "); this is Java " + java + ": rebuild it with javac --release " + java);
    }

    @Test
    void aPlainJarWithoutAServicesFileIsToldWhatItLacks() {
        assertRefused("plain.jar", "not a module, and no META-INF/services/" + SPI + " names a provider: it provides no backend "
                + "(name the provider class in that file, or give the jar a module-info with \"provides " + SPI + " with ...;\")");
    }

    @Test
    void theBuiltInBackendsStillWorkBesideBrokenPlugins() {
        assertThat(listing.out()).containsPattern("(?m)^vector +available$");
        CliRun train = CliRun.of("train", "--plugins", plugins.toString(), "--backend", "throwing", "--model", "linear");
        assertThat(train.code()).isEqualTo(1);
        assertThat(train.errLines()).hasSize(1);
        assertThat(train.err()).contains("throwing").contains("driver exploded");
    }

    @Test
    void everyRefusedJarIsListedOnce() {
        List<String> names = listing.out().lines().filter(l -> !l.startsWith(" ")).map(l -> l.split(" +")[0]).toList();
        assertThat(names).doesNotHaveDuplicates().contains("noprovides.jar", "goneprovider.jar", "notpublic.jar",
                "noconstructor.jar", "fakecore.jar", "twin-b.jar", "newer.jar", "plain.jar");
    }
}
