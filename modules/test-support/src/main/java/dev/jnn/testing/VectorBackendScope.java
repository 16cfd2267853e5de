package dev.jnn.testing;

import dev.jnn.core.BackendScope;
import dev.jnn.core.Backends;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs each test of a class inside a {@link BackendScope} on a {@code vector} backend made for the
 * class (found through ServiceLoader, so the backend module must be a test dependency) and closed
 * after its last test. Test methods and lifecycle methods may also take the {@link Backend} as a
 * parameter.
 *
 * <pre>{@code
 * @ExtendWith(VectorBackendScope.class)
 * class LinearTest {
 *     @Test
 *     void outputHasBatchRows() {
 *         assertThat(new Linear(3, 2).call(Tensor.zeros(4, 3)).shape()).isEqualTo(Shape.of(4, 2));
 *     }
 * }
 * }</pre>
 */
public final class VectorBackendScope implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(VectorBackendScope.class);

    /** The backend of a test class, closed by JUnit when the class's store is closed. */
    private record Owned(Backend backend) implements AutoCloseable {
        @Override
        public void close() {
            backend.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        backend(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put(BackendScope.class, BackendScope.use(backend(context)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        BackendScope scope = context.getStore(NS).remove(BackendScope.class, BackendScope.class);
        if (scope != null) scope.close();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Backend.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return backend(context);
    }

    /** The class-level backend, created on first use. */
    private static Backend backend(ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                ? context.getParent().orElse(context) : context;
        return classContext.getStore(NS).getOrComputeIfAbsent(Owned.class,
                k -> new Owned(Backends.load().create("vector", BackendConfig.defaults())), Owned.class).backend();
    }
}
