package dev.jnn.optim.internal;

import dev.jnn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the name → value maps of a {@link dev.jnn.optim.ParamState}, skipping absent (null) entries. */
public final class Entries {
    private Entries() {
    }

    /** Pairs of name and tensor; null tensors are left out. */
    public static Map<String, Tensor> tensors(Object... nameTensorPairs) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < nameTensorPairs.length; i += 2) {
            if (nameTensorPairs[i + 1] != null) m.put((String) nameTensorPairs[i], (Tensor) nameTensorPairs[i + 1]);
        }
        return m;
    }
}
