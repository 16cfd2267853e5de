/** The jnn command line: train, evaluate, predict, summary, backends and fetch-data, wired with Guice. */
module dev.jnn.app {
    requires dev.jnn.train;
    // --distributed: the ProcessGroup registry and DistributedDataParallel (providers are found by ServiceLoader).
    requires dev.jnn.distributed;
    requires info.picocli;
    // Guice 7 is an automatic module; it reads every module, so nothing else is needed for it.
    requires com.google.guice;
    // To quiet Guice's java.util.logging warning about reading Java 25 class files (see Cli).
    requires java.logging;

    // picocli reads the command classes' annotated fields. Guice calls the modules' @Provides methods
    // and the bound classes' constructors by reflection (Cli turns its bytecode generation off: the
    // classes it generates live in an unnamed module, which cannot reach this module's packages).
    opens dev.jnn.app.cli to info.picocli;
    opens dev.jnn.app.wiring to com.google.guice;
    opens dev.jnn.app.models to com.google.guice;
}
