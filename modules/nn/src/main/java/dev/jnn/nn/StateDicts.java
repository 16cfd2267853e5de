package dev.jnn.nn;

import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.nn.safetensors.DType;
import dev.jnn.nn.safetensors.RawTensor;
import dev.jnn.nn.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saving and loading a module's state dict as safetensors, with PyTorch's names and layouts:
 * float tensors as F32, integer buffers ({@code num_batches_tracked}) as I64. A file jnn writes
 * loads into the PyTorch twin with {@code load_state_dict(strict=True)} and the other way round.
 */
public final class StateDicts {
    private StateDicts() {
    }

    /** The module's state as raw tensors (copies), in state-dict order. */
    public static Map<String, RawTensor> toRaw(Layer module) {
        Set<String> ints = module.integerStateKeys();
        Map<String, RawTensor> out = new LinkedHashMap<>();
        module.stateDict().forEach((name, t) -> {
            long[] shape = Arrays.stream(t.shape().dims()).asLongStream().toArray();
            float[] v = t.toFloatArray();
            if (ints.contains(name)) {
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) l[i] = (long) v[i];
                out.put(name, RawTensor.ofLongs(shape, l));
            } else {
                out.put(name, RawTensor.ofFloats(shape, v));
            }
        });
        return out;
    }

    /** Writes the module's state to {@code file} atomically (temp file, then rename). */
    public static void save(Layer module, Path file, Map<String, String> metadata) throws IOException {
        SafeTensorsFile.write(file, toRaw(module), metadata);
    }

    /**
     * Loads {@code file} into the module; returns the file's metadata.
     *
     * @throws IOException if the file cannot be read or is not valid safetensors
     * @throws StateDictMismatchException listing every mismatch; the module is then unchanged
     */
    public static Map<String, String> load(Layer module, Path file) throws IOException {
        SafeTensorsFile f = SafeTensorsFile.read(file);
        loadRaw(module, f.tensors(), file.getFileName().toString());
        return f.metadata();
    }

    /**
     * Copies raw tensors into the module after checking every name, shape and dtype; nothing is
     * copied unless everything fits.
     */
    public static void loadRaw(Layer module, Map<String, RawTensor> tensors, String what) {
        loadRaw(module.stateDict(), module.getClass().getSimpleName(), tensors, what);
    }

    /**
     * Copies raw tensors into live tensors by name (a model's {@code stateDict()}, or any named set
     * of tensors such as a trainer's), with the same checks: nothing is copied unless every name,
     * shape and dtype fits.
     *
     * @param model the model's name for the message
     * @throws StateDictMismatchException listing every mismatch
     */
    @SuppressWarnings("try")   // NoGrad is a scope, not a resource the body uses
    public static void loadRaw(Map<String, Tensor> state, String model, Map<String, RawTensor> tensors, String what) {
        List<String> problems = new ArrayList<>();
        state.forEach((name, t) -> {
            RawTensor r = tensors.get(name);
            if (r == null) {
                problems.add("missing " + name + " " + t.shape());
            } else if (!Arrays.equals(Arrays.stream(t.shape().dims()).asLongStream().toArray(), r.shape())) {
                problems.add(name + " has shape " + Arrays.toString(r.shape()) + " in " + what + " but " + t.shape() + " in the model");
            } else if (!isNumeric(r.dtype())) {
                problems.add(name + " has dtype " + r.dtype() + ", jnn loads F32, F64, F16, BF16, I64 and I32");
            }
        });
        tensors.forEach((name, r) -> {
            if (!state.containsKey(name)) problems.add("unexpected " + name + " " + Arrays.toString(r.shape()));
        });
        if (!problems.isEmpty()) {
            throw new StateDictMismatchException("weights in " + what, model, problems);
        }
        // Convert everything before writing anything, so a failing conversion cannot leave a half-loaded model.
        Map<String, float[]> values = new LinkedHashMap<>();
        state.keySet().forEach(name -> values.put(name, tensors.get(name).toFloatArray()));
        try (NoGrad ignored = NoGrad.enter()) {
            state.forEach((name, t) -> t.write(values.get(name), 0));
        }
    }

    private static boolean isNumeric(DType d) {
        return d == DType.F32 || d == DType.F64 || d == DType.I64 || d == DType.I32 || d == DType.F16 || d == DType.BF16;
    }

    /** Copies another module's state into this one (same architecture), checking names and shapes. */
    public static void copy(Layer from, Layer to) {
        loadRaw(to, toRaw(from), "the source model");
    }

    /** The shape of a raw tensor as a jnn {@link Shape}. */
    static Shape shapeOf(RawTensor r) {
        return Shape.of(Arrays.stream(r.shape()).mapToInt(Math::toIntExact).toArray());
    }
}
