package dev.jnn.core;

import dev.jnn.core.spi.ReferenceBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of core's tests: each test runs inside a {@link BackendScope} on core's own reference
 * backend (core's tests need no other module), closed after it.
 */
abstract class OnReference {
    /** The backend of the test. */
    protected ReferenceBackend backend;
    private BackendScope scope;

    @BeforeEach
    void openReference() {
        backend = new ReferenceBackend();
        scope = BackendScope.use(backend);
    }

    @AfterEach
    void closeReference() {
        scope.close();
        backend.close();
    }

    static Tensor t(float... values) {
        return Tensor.of(values, values.length);
    }
}
