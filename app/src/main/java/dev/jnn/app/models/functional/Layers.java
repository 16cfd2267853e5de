package dev.jnn.app.models.functional;

import dev.jnn.core.Functional;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Pool2dSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The layers the five zoo models use, with PyTorch 1.13's default initialisation. */
final class Layers {
    private Layers() {
    }

    /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)): kaiming_uniform(a=sqrt(5)) for weights and PyTorch's bias rule. */
    private static Tensor uniform(int fanIn, int... dims) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        float[] v = new float[Math.toIntExact(dev.jnn.core.Shape.of(dims).numel())];
        Generator.global().fillUniform(v, -bound, bound);
        return MemoryScope.persistent(() -> Tensor.of(v, dims).requiresGrad(true));
    }

    static Layer linear(int in, int out) {
        Tensor w = uniform(in, out, in);
        Tensor b = uniform(in, out);
        return new Layer() {
            public Tensor forward(Tensor x, boolean training) {
                return Functional.linear(x, w, b);
            }

            public Map<String, Tensor> tensors() {
                return ordered("weight", w, "bias", b);
            }

            public String repr() {
                return "Linear(in_features=" + in + ", out_features=" + out + ", bias=True)";
            }
        };
    }

    static Layer conv2d(int cin, int cout, int k, int padding) {
        int fanIn = cin * k * k;
        Tensor w = uniform(fanIn, cout, cin, k, k);
        Tensor b = uniform(fanIn, cout);
        Conv2dSpec spec = Conv2dSpec.of(1, padding, 1);
        return new Layer() {
            public Tensor forward(Tensor x, boolean training) {
                return Functional.conv2d(x, w, b, spec);
            }

            public Map<String, Tensor> tensors() {
                return ordered("weight", w, "bias", b);
            }

            public String repr() {
                return "Conv2d(" + cin + ", " + cout + ", kernel_size=(" + k + ", " + k + "), stride=(1, 1)"
                        + (padding > 0 ? ", padding=(" + padding + ", " + padding + ")" : "") + ")";
            }
        };
    }

    static Layer batchNorm1d(int n) {
        Tensor gamma = MemoryScope.persistent(() -> Tensor.ones(n).requiresGrad(true));
        Tensor beta = MemoryScope.persistent(() -> Tensor.zeros(n).requiresGrad(true));
        Tensor mean = MemoryScope.persistent(() -> Tensor.zeros(n));
        Tensor var = MemoryScope.persistent(() -> Tensor.ones(n));
        // PyTorch's int64 counter; kept as a float tensor and written as I64.
        Tensor tracked = MemoryScope.persistent(() -> Tensor.zeros(1).reshape());
        return new Layer() {
            public Tensor forward(Tensor x, boolean training) {
                if (training) tracked.fill(tracked.item() + 1);
                return Functional.batchNorm(x, mean, var, gamma, beta, training, 0.1f, 1e-5f);
            }

            public Map<String, Tensor> tensors() {
                Map<String, Tensor> m = ordered("weight", gamma, "bias", beta);
                m.put("running_mean", mean);
                m.put("running_var", var);
                m.put("num_batches_tracked", tracked);
                return m;
            }

            public boolean isParameter(String name) {
                return name.equals("weight") || name.equals("bias");
            }

            public String repr() {
                return "BatchNorm1d(" + n + ", eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)";
            }
        };
    }

    static Layer relu() {
        return simple("ReLU()", x -> x.relu());
    }

    static Layer maxPool2d() {
        Pool2dSpec spec = Pool2dSpec.of(2, 2, 0);
        return simple("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)",
                x -> Functional.maxPool2d(x, spec));
    }

    static Layer flatten() {
        return simple("Flatten(start_dim=1, end_dim=-1)", x -> x.reshape(x.size(0), -1));
    }

    private static Layer simple(String repr, java.util.function.UnaryOperator<Tensor> f) {
        return new Layer() {
            public Tensor forward(Tensor x, boolean training) {
                return f.apply(x);
            }

            public String repr() {
                return repr;
            }
        };
    }

    private static Map<String, Tensor> ordered(String k1, Tensor v1, String k2, Tensor v2) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
