package dev.jnn.core;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The backend that tensor factories use when they are not given one, for the code inside a block
 * on this thread, like PyTorch's {@code with torch.device(...)}:
 *
 * <pre>{@code
 * try (BackendScope cpu = BackendScope.open("vector")) {   // creates the backend, closes it at the end
 *     Layer model = new Linear(784, 10);                   // parameters on vector
 *     Tensor x = Tensor.zeros(64, 784);                    // and this tensor
 *     Tensor y = model.call(x);                            // ops run where their inputs live
 * }
 * }</pre>
 *
 * <p>The backend is always an explicit value: a tensor knows the backend it lives on, operations
 * take it from their inputs, and factories take it as an argument ({@code Tensor.zeros(backend,
 * shape)}) or from the innermost scope open on the calling thread. Scopes are opened and closed by
 * their caller and nest; nothing sets a backend for the whole process, so two backends live side
 * by side in one JVM (a test comparing them, a GPU model evaluated on the CPU). Outside every scope,
 * a factory without a backend throws {@link IllegalStateException} saying how to choose one.
 */
public final class BackendScope implements AutoCloseable {
    private static final ThreadLocal<Deque<BackendScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Backend backend;
    private final boolean owned;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private BackendScope(Backend backend, boolean owned) {
        this.backend = backend;
        this.owned = owned;
        STACK.get().push(this);
    }

    /** Makes {@code backend} current on this thread until {@link #close()}; the caller keeps owning it. */
    public static BackendScope use(Backend backend) {
        return new BackendScope(Objects.requireNonNull(backend, "backend"), false);
    }

    /**
     * Creates the named backend (found through {@link Backends#load()}) with one thread per
     * processor, and makes it current until {@link #close()}, which also closes it.
     *
     * @throws BackendNotAvailableException if it is missing or unavailable
     */
    public static BackendScope open(String name) {
        return open(name, BackendConfig.defaults());
    }

    /** Like {@link #open(String)}, with the given settings. */
    public static BackendScope open(String name, BackendConfig config) {
        return new BackendScope(Backends.load().create(name, config), true);
    }

    /** The backend of this scope. */
    public Backend backend() {
        return backend;
    }

    /**
     * The backend of the innermost scope open on this thread.
     *
     * @throws IllegalStateException if no scope is open
     */
    public static Backend current() {
        BackendScope s = STACK.get().peek();
        if (s == null) {
            throw new IllegalStateException("no backend chosen for this tensor: pass one (Tensor.zeros(backend, shape)) "
                    + "or create it inside try (BackendScope on = BackendScope.use(backend)) { ... }");
        }
        return s.backend;
    }

    /** Ends the scope (and closes the backend if {@link #open} created it); the enclosing one is current again. */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a BackendScope must be closed by the thread that opened it");
        }
        Deque<BackendScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("BackendScopes must be closed in reverse order of opening");
        }
        closed = true;
        stack.pop();
        if (owned) backend.close();
    }
}
