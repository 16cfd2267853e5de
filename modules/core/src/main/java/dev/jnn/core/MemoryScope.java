package dev.jnn.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A region whose temporary tensors are freed when it closes, like a training step:
 *
 * <pre>{@code
 * try (MemoryScope step = MemoryScope.open()) {
 *     Tensor loss = criterion.apply(model.forward(x), y);
 *     loss.backward();
 *     optimizer.step();
 *     runningLoss += loss.item();
 * } // every tensor allocated in the step goes back to the backend's cache here
 * }</pre>
 *
 * <p>Scopes nest per thread. Storage allocated while a scope is open belongs to the innermost one,
 * unless {@link #keep kept}; {@link #persistent} allocates outside any scope (parameters, gradients,
 * optimizer state).
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<Deque<MemoryScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);
    /** Marks a stretch of code that allocates outside any scope. */
    private static final MemoryScope NONE = new MemoryScope(null);

    private final Thread owner;
    private final List<Storage> owned = new ArrayList<>();
    private final Map<Storage, Boolean> kept = new IdentityHashMap<>();
    private boolean closed;

    private MemoryScope(Thread owner) {
        this.owner = owner;
    }

    /** Opens a scope on this thread; close it with try-with-resources. */
    public static MemoryScope open() {
        MemoryScope s = new MemoryScope(Thread.currentThread());
        STACK.get().push(s);
        return s;
    }

    /** The innermost open scope of this thread, or null when allocations are not scoped. */
    static MemoryScope current() {
        MemoryScope s = STACK.get().peek();
        return s == NONE ? null : s;
    }

    /** Runs {@code body} with no scope, so that what it allocates lives until released or collected. */
    public static <T> T persistent(Supplier<T> body) {
        Deque<MemoryScope> stack = STACK.get();
        stack.push(NONE);
        try {
            return body.get();
        } finally {
            stack.pop();
        }
    }

    void adopt(Storage s) {
        owned.add(s);
    }

    /**
     * Keeps {@code t}'s storage alive past this scope: it moves to the enclosing scope, or is left to
     * the caller when there is none. Returns {@code t}.
     */
    public Tensor keep(Tensor t) {
        kept.put(t.storage(), Boolean.TRUE);
        return t;
    }

    /** The number of storages this scope will free. */
    public int size() {
        return owned.size() - kept.size();
    }

    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a MemoryScope must be closed by the thread that opened it");
        }
        closed = true;
        Deque<MemoryScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("MemoryScopes must be closed in reverse order of opening");
        }
        stack.pop();
        MemoryScope parent = current();
        for (Storage s : owned) {
            if (kept.containsKey(s)) {
                if (parent != null) parent.adopt(s); else s.unscope();
            } else {
                s.release();
            }
        }
        owned.clear();
    }
}
