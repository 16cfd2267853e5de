/** The backend conformance kit: abstract JUnit 5 tests that a backend extends to prove itself. */
module dev.jnn.tck {
    requires transitive dev.jnn.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires org.assertj.core;

    exports dev.jnn.tck;
    // JUnit instantiates the concrete test classes reflectively.
    opens dev.jnn.tck to org.junit.platform.commons;
}
