package dev.jnn.data.transforms;

import dev.jnn.data.Batch;
import java.util.ArrayList;
import java.util.List;

/** Transforms applied one after another, in the order given (torchvision's {@code Compose}). */
public final class Compose implements Transform {
    private final List<Transform> transforms;

    /** The given transforms in order; nested {@code Compose}s are flattened. */
    public Compose(List<? extends Transform> transforms) {
        List<Transform> flat = new ArrayList<>();
        for (Transform t : transforms) {
            if (t instanceof Compose c) {
                flat.addAll(c.transforms);
            } else {
                flat.add(java.util.Objects.requireNonNull(t, "transform"));
            }
        }
        this.transforms = List.copyOf(flat);
    }

    /** The given transforms in order. */
    public static Compose of(Transform... transforms) {
        return new Compose(List.of(transforms));
    }

    /** The transforms, flattened, in order. */
    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public void apply(Batch batch) {
        for (Transform t : transforms) {
            t.apply(batch);
        }
    }

    @Override
    public String toString() {
        return "Compose" + transforms;
    }
}
