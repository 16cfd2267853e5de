package dev.jnn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of an optimizer's or scheduler's state that a trainer can checkpoint, like PyTorch's
 * {@code state_dict()}: host copies of tensors and plain numbers, by name.
 *
 * <p>Names follow PyTorch's layout with dots: per-parameter state is {@code state.<i>.<name>}, where
 * {@code i} counts parameters across groups in order ({@code state.0.exp_avg},
 * {@code state.0.step}); group hyper-parameters are {@code param_groups.<g>.<name>}
 * ({@code param_groups.0.lr}; booleans are 1 or 0). A tensor is stored flat, row-major; its shape is
 * its parameter's. Schedulers use plain names ({@code last_epoch}, {@code base_lrs.0}). The arrays are
 * the snapshot's own copies: the optimizer keeps no reference to them.
 *
 * @param tensors tensor values by name (unmodifiable)
 * @param scalars numbers by name (unmodifiable)
 */
public record StateDict(Map<String, float[]> tensors, Map<String, Double> scalars) {
    /** Copies both maps, keeping their order. */
    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }

    /**
     * The number stored under {@code key}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public double scalar(String key) {
        Double v = scalars.get(key);
        if (v == null) throw new IllegalArgumentException("state dict has no number '" + key + "'");
        return v;
    }

    /** The number stored under {@code key}, or {@code fallback}. */
    public double scalar(String key, double fallback) {
        Double v = scalars.get(key);
        return v == null ? fallback : v;
    }
}
