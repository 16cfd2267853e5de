package dev.jnn.app.models.functional;

import dev.jnn.app.models.ZooModel;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Tensor;
import dev.jnn.nn.safetensors.DType;
import dev.jnn.nn.safetensors.RawTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A zoo model as an ordered list of layers; a layer with a path ({@code conv1.0}) is a module of the
 * PyTorch twin and owns the state_dict entries under that path, one without a path is a functional
 * step of the twin's {@code forward} ({@code x.relu()}, {@code x.view(...)}).
 */
final class Net implements ZooModel {
    record Entry(String path, Layer layer) {
    }

    private final String name;
    private final String className;
    private final List<Entry> entries;
    private boolean training = true;

    Net(String name, String className, List<Entry> entries) {
        this.name = name;
        this.className = className;
        this.entries = List.copyOf(entries);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Entry e : entries) x = e.layer().forward(x, training);
        return x;
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>();
        for (Entry e : entries) {
            e.layer().tensors().forEach((k, t) -> {
                if (e.layer().isParameter(k)) out.add(t);
            });
        }
        return out;
    }

    @Override
    public void train(boolean on) {
        training = on;
    }

    @Override
    public long parameterCount() {
        return parameters().stream().mapToLong(Tensor::numel).sum();
    }

    private Map<String, Tensor> tensorsByName() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.path() != null) e.layer().tensors().forEach((k, t) -> m.put(e.path() + "." + k, t));
        }
        return m;
    }

    @Override
    public Map<String, RawTensor> stateDict() {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        tensorsByName().forEach((k, t) -> {
            long[] shape = Arrays.stream(t.shape().dims()).asLongStream().toArray();
            float[] v = t.toFloatArray();
            out.put(k, k.endsWith("num_batches_tracked") ? RawTensor.ofLongs(shape, (long) v[0]) : RawTensor.ofFloats(shape, v));
        });
        return out;
    }

    @Override
    public void loadStateDict(Map<String, RawTensor> state) {
        Map<String, Tensor> mine = tensorsByName();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            RawTensor r = state.get(e.getKey());
            long[] want = Arrays.stream(e.getValue().shape().dims()).asLongStream().toArray();
            if (r == null) {
                problems.add("missing " + e.getKey());
            } else if (!Arrays.equals(r.shape(), want)) {
                problems.add(e.getKey() + " is " + Arrays.toString(r.shape()) + ", the model needs " + Arrays.toString(want));
            } else if (!r.dtype().isFloatingPoint() && !e.getKey().endsWith("num_batches_tracked")) {
                problems.add(e.getKey() + " is " + r.dtype() + ", not a float type");
            }
        }
        for (Map.Entry<String, RawTensor> e : state.entrySet()) {
            if (!mine.containsKey(e.getKey())) problems.add("unexpected " + e.getKey() + " " + Arrays.toString(e.getValue().shape()));
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 8);
            String more = problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : "";
            throw new IllegalArgumentException(String.join("; ", problems.subList(0, shown)) + more);
        }
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            RawTensor r = state.get(e.getKey());
            float[] v;
            if (r.dtype() == DType.I64 || !r.dtype().isFloatingPoint()) {
                long[] l = r.toLongArray();
                v = new float[l.length];
                for (int i = 0; i < l.length; i++) v[i] = l[i];
            } else {
                v = r.toFloatArray();
            }
            e.getValue().write(v, 0);
        }
    }

    /** PyTorch's {@code print(model)}. */
    String repr() {
        StringBuilder sb = new StringBuilder(className).append("(\n");
        String openGroup = null;
        for (Entry e : entries) {
            if (e.path() == null) continue;
            int dot = e.path().indexOf('.');
            String top = dot < 0 ? e.path() : e.path().substring(0, dot);
            if (openGroup != null && !openGroup.equals(top)) {
                sb.append("  )\n");
                openGroup = null;
            }
            if (dot < 0) {
                sb.append("  (").append(top).append("): ").append(e.layer().repr()).append('\n');
            } else {
                if (openGroup == null) {
                    sb.append("  (").append(top).append("): Sequential(\n");
                    openGroup = top;
                }
                sb.append("    (").append(e.path().substring(dot + 1)).append("): ").append(e.layer().repr()).append('\n');
            }
        }
        if (openGroup != null) sb.append("  )\n");
        return sb.append(")").toString();
    }

    @Override
    public String summary(int... inputShape) {
        StringBuilder sb = new StringBuilder(repr()).append("\n\n");
        String fmt = "%-10s %-24s %-16s %,12d%n";
        sb.append(String.format(Locale.ROOT, "%-10s %-24s %-16s %12s%n", "layer", "type", "output shape", "parameters"));
        int[] dims = new int[inputShape.length + 1];
        dims[0] = 1;
        System.arraycopy(inputShape, 0, dims, 1, inputShape.length);
        boolean was = training;
        training = false;
        try (NoGrad ignored = NoGrad.enter(); MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.zeros(dims);
            sb.append(String.format(Locale.ROOT, fmt, "input", "", shape(x), 0));
            for (Entry e : entries) {
                x = e.layer().forward(x, false);
                long params = 0;
                for (Map.Entry<String, Tensor> t : e.layer().tensors().entrySet()) {
                    if (e.layer().isParameter(t.getKey())) params += t.getValue().numel();
                }
                String type = e.layer().repr();
                type = type.substring(0, type.indexOf('('));
                sb.append(String.format(Locale.ROOT, fmt, e.path() == null ? "-" : e.path(), type, shape(x), params));
            }
        } finally {
            training = was;
        }
        sb.append(String.format(Locale.ROOT, "total: %,d trainable parameters (%s, float32)", parameterCount(),
                bytes(parameterCount() * 4)));
        return sb.toString();
    }

    private static String shape(Tensor x) {
        int[] d = x.shape().dims();
        return Arrays.toString(Arrays.copyOfRange(d, 1, d.length)).replace(" ", "");
    }

    private static String bytes(long b) {
        return b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0) : String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
}
