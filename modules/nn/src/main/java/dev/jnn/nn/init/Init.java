package dev.jnn.nn.init;

import dev.jnn.core.Generator;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Tensor;

/**
 * Weight initialisation, like {@code torch.nn.init}, with PyTorch's formulas. Each fills a tensor
 * in place from the given {@link Generator} and returns it.
 *
 * <p>Fans: for a 2-d weight [out, in], fan_in = in and fan_out = out; for a conv weight
 * [out, in, kh, kw], fan_in = in*kh*kw and fan_out = out*kh*kw.
 */
public final class Init {
    private Init() {
    }

    /** Which fan {@code kaiming*} scales by. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** Fills with zeros. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0f);
    }

    /** Fills with {@code value}. */
    @SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
    public static Tensor constant(Tensor t, float value) {
        try (NoGrad ignored = NoGrad.enter()) {
            t.fill(value);
        }
        return t;
    }

    /** Fills with U(low, high). */
    public static Tensor uniform(Tensor t, float low, float high, Generator g) {
        float[] v = new float[Math.toIntExact(t.numel())];
        g.fillUniform(v, low, high);
        t.write(v, 0);
        return t;
    }

    /** Fills with N(mean, std²). */
    public static Tensor normal(Tensor t, float mean, float std, Generator g) {
        float[] v = new float[Math.toIntExact(t.numel())];
        g.fillNormal(v, mean, std);
        t.write(v, 0);
        return t;
    }

    /**
     * The recommended gain for a nonlinearity, as {@code nn.init.calculate_gain}: linear, conv and
     * sigmoid 1; tanh 5/3; relu √2; leaky_relu √(2/(1+slope²)).
     */
    public static double gain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("gain: unknown nonlinearity '" + nonlinearity
                    + "' (use linear, conv2d, sigmoid, tanh, relu, leaky_relu, selu)");
        };
    }

    /** fan_in of a weight (see the class comment). */
    public static int fanIn(Tensor w) {
        checkRank("fanIn", w);
        return w.size(1) * receptive(w);
    }

    /** fan_out of a weight (see the class comment). */
    public static int fanOut(Tensor w) {
        checkRank("fanOut", w);
        return w.size(0) * receptive(w);
    }

    private static int receptive(Tensor w) {
        int r = 1;
        for (int i = 2; i < w.rank(); i++) r *= w.size(i);
        return r;
    }

    private static void checkRank(String op, Tensor w) {
        if (w.rank() < 2) {
            throw new IllegalArgumentException(op + ": fan in and fan out need a tensor of at least 2 dimensions, got " + w.shape());
        }
    }

    /** Glorot uniform: U(-b, b) with b = gain·√(6/(fan_in+fan_out)). */
    public static Tensor xavierUniform(Tensor w, double gain, Generator g) {
        float b = (float) (gain * Math.sqrt(6.0 / (fanIn(w) + fanOut(w))));
        return uniform(w, -b, b, g);
    }

    /** Glorot normal: N(0, std²) with std = gain·√(2/(fan_in+fan_out)). */
    public static Tensor xavierNormal(Tensor w, double gain, Generator g) {
        return normal(w, 0f, (float) (gain * Math.sqrt(2.0 / (fanIn(w) + fanOut(w)))), g);
    }

    /**
     * He uniform: U(-b, b) with b = gain·√(3/fan), gain = gain(nonlinearity, a). PyTorch's default
     * for Linear and Conv2d weights is {@code a = √5, FAN_IN, "leaky_relu"}, giving b = 1/√fan_in.
     */
    public static Tensor kaimingUniform(Tensor w, double a, FanMode mode, String nonlinearity, Generator g) {
        int fan = mode == FanMode.FAN_IN ? fanIn(w) : fanOut(w);
        float b = (float) (gain(nonlinearity, a) * Math.sqrt(3.0 / fan));
        return uniform(w, -b, b, g);
    }

    /** He normal: N(0, std²) with std = gain/√fan. */
    public static Tensor kaimingNormal(Tensor w, double a, FanMode mode, String nonlinearity, Generator g) {
        int fan = mode == FanMode.FAN_IN ? fanIn(w) : fanOut(w);
        return normal(w, 0f, (float) (gain(nonlinearity, a) / Math.sqrt(fan)), g);
    }

    /**
     * Sparse init of a 2-d weight, as {@code nn.init.sparse_}: in every column, ⌈sparsity·rows⌉
     * randomly chosen entries are zero and the rest N(0, std²).
     */
    public static Tensor sparse(Tensor w, double sparsity, float std, Generator g) {
        if (w.rank() != 2) throw new IllegalArgumentException("sparse: only 2-d tensors are supported, got " + w.shape());
        if (sparsity < 0 || sparsity > 1) throw new IllegalArgumentException("sparse: sparsity must be in [0, 1], got " + sparsity);
        int rows = w.size(0);
        int cols = w.size(1);
        int zeros = (int) Math.ceil(sparsity * rows);
        float[] v = new float[rows * cols];
        g.fillNormal(v, 0f, std);
        int[] perm = new int[rows];
        for (int c = 0; c < cols; c++) {
            for (int i = 0; i < rows; i++) perm[i] = i;
            for (int i = rows - 1; i > 0; i--) {
                int j = g.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            for (int i = 0; i < zeros; i++) v[perm[i] * cols + c] = 0f;
        }
        w.write(v, 0);
        return w;
    }
}
