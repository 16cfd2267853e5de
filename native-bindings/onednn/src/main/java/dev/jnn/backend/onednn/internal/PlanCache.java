package dev.jnn.backend.onednn.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small least-recently-used cache of plans keyed by a record of shape parameters. Creating a
 * oneDNN primitive costs from tens of microseconds to milliseconds (JIT code generation); a
 * training loop repeats the same few shapes, so each is built once. Evicted plans are closed.
 *
 * @param <K> the key record
 */
final class PlanCache<K> implements AutoCloseable {
    private final int capacity;
    private final LinkedHashMap<K, Plan> plans = new LinkedHashMap<>(16, 0.75f, true);

    PlanCache(int capacity) {
        this.capacity = capacity;
    }

    /** The plan for {@code key}, built by {@code build} on a miss. */
    Plan get(K key, Function<K, Plan> build) {
        Plan p = plans.get(key);
        if (p != null) return p;
        p = build.apply(key);
        plans.put(key, p);
        if (plans.size() > capacity) {
            Map.Entry<K, Plan> eldest = plans.entrySet().iterator().next();
            plans.remove(eldest.getKey());
            eldest.getValue().close();
        }
        return p;
    }

    /** The number of cached plans. */
    int size() {
        return plans.size();
    }

    /** Closes and drops every plan. */
    void clear() {
        for (Plan p : plans.values()) p.close();
        plans.clear();
    }

    @Override
    public void close() {
        clear();
    }

    /** Runs {@code body} on a new builder, returning its plan or freeing everything if it throws. */
    static Plan build(OneDnnEngine engine, Function<Plan.Builder, Plan> body) {
        Plan.Builder b = new Plan.Builder(engine);
        try {
            return body.apply(b);
        } catch (RuntimeException | Error e) {
            b.abandon();
            throw e;
        }
    }
}
