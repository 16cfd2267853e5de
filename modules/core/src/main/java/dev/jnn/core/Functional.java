package dev.jnn.core;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.UnaryOp;

/**
 * Neural-network operations with autograd, like {@code torch.nn.functional}. Layers in
 * {@code dev.jnn.nn} call these; each runs as one coarse backend kernel where the backend has one.
 */
public final class Functional {
    private Functional() {
    }

    /** How a loss over a batch is reduced. */
    public enum Reduction { MEAN, SUM, NONE }

    /**
     * {@code y = x·wᵀ + b}: x [N, in], w [out, in], b [out] or null; gives [N, out]. Inputs with more
     * than two dimensions are flattened to [N, in] first.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, false);
    }

    /**
     * {@code max(x·wᵀ + b, 0)}: {@link #linear} then ReLU as one backend call (which a backend may
     * fuse) and one graph node, whose backward masks the gradient with the output's sign.
     */
    public static Tensor linearRelu(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, true);
    }

    private static Tensor linear(Tensor x, Tensor w, Tensor b, boolean relu) {
        Tensor in = x.rank() == 2 ? x : x.reshape(-1, x.size(-1));
        if (w.rank() != 2 || in.size(1) != w.size(1) || (b != null && (b.rank() != 1 || b.size(0) != w.size(0)))) {
            throw new IllegalArgumentException("linear: input " + x.shape() + ", weight " + w.shape()
                    + (b == null ? "" : ", bias " + b.shape()) + " do not fit (expected input [*, " + w.size(1) + "])");
        }
        Backend be = x.backend();
        Tensor y = x.newEmpty(Shape.of(in.size(0), w.size(0)));
        be.linear(in, w, b, relu, y);
        return Node.record(relu ? "AddmmReluBackward" : "AddmmBackward", y, gy -> {
            Tensor g = relu ? reluMasked(be, y, gy) : gy;
            Tensor gx = null;
            Tensor gw = null;
            Tensor gb = null;
            if (in.requiresGrad()) {
                gx = in.newEmpty(in.shape());
                be.gemm(false, false, 1f, g, w, 0f, gx);
            }
            if (w.requiresGrad()) {
                Tensor acc = Autograd.accumulator(w);
                if (acc != null) {
                    be.gemm(true, false, 1f, g, in, 1f, acc);  // w.grad += gᵀ·in, in place
                } else {
                    gw = w.newEmpty(w.shape());
                    be.gemm(true, false, 1f, g, in, 0f, gw);
                }
            }
            if (b != null && b.requiresGrad()) {
                gb = b.newEmpty(b.shape());
                be.reduce(ReduceOp.SUM, g, 0, gb);
            }
            return new Tensor[] {gx, gw, gb};
        }, in, w, b);
    }

    /** 2-d convolution: x [N,C,H,W], w [O,C,KH,KW], b [O] or null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, Conv2dSpec spec) {
        return conv2d(x, w, b, spec, false);
    }

    /**
     * {@code max(conv2d(x, w, b), 0)}: {@link #conv2d} then ReLU as one backend call (oneDNN
     * fuses it as a post-op) and one graph node, whose backward masks the gradient with the output's sign.
     */
    public static Tensor conv2dRelu(Tensor x, Tensor w, Tensor b, Conv2dSpec spec) {
        return conv2d(x, w, b, spec, true);
    }

    private static Tensor conv2d(Tensor x, Tensor w, Tensor b, Conv2dSpec spec, boolean relu) {
        if (x.rank() != 4 || w.rank() != 4 || x.size(1) != w.size(1) || (b != null && b.numel() != w.size(0))) {
            throw new IllegalArgumentException("conv2d: input " + x.shape() + " and weight " + w.shape()
                    + (b == null ? "" : " and bias " + b.shape()) + " do not fit (expected input [N, " + w.size(1) + ", H, W])");
        }
        int oh = spec.outH(x.size(2), w.size(2));
        int ow = spec.outW(x.size(3), w.size(3));
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("conv2d: input " + x.shape() + " is smaller than kernel " + w.shape() + " with " + spec);
        }
        Backend be = x.backend();
        Tensor y = x.newEmpty(Shape.of(x.size(0), w.size(0), oh, ow));
        be.conv2dForward(spec, x, w, b, relu, y);
        return Node.record(relu ? "ConvolutionReluBackward" : "ConvolutionBackward", y, gy -> {
            Tensor g = relu ? reluMasked(be, y, gy) : gy;
            Tensor gx = null;
            Tensor gw = null;
            Tensor gb = null;
            if (x.requiresGrad()) {
                gx = x.newEmpty(x.shape());
                be.conv2dBackwardData(spec, g, w, gx);
            }
            boolean wantB = b != null && b.requiresGrad();
            if (w.requiresGrad() || wantB) {
                gw = w.newEmpty(w.shape());
                gb = wantB ? b.newEmpty(b.shape()) : null;
                be.conv2dBackwardWeights(spec, x, g, gw, gb);
                if (!w.requiresGrad()) gw = null;
            }
            return new Tensor[] {gx, gw, gb};
        }, x, w, b);
    }

    /** {@code gy} where the ReLU output {@code y} is positive, else 0 (y > 0 exactly where its input was). */
    private static Tensor reluMasked(Backend be, Tensor y, Tensor gy) {
        Tensor g = gy.newEmpty(gy.shape());
        be.unaryBackward(UnaryOp.RELU, y, y, gy, g);
        return g;
    }

    /** 2-d max pooling over x [N,C,H,W]. */
    public static Tensor maxPool2d(Tensor x, Pool2dSpec spec) {
        return maxPool2d(x, spec, false);
    }

    /**
     * {@code max(maxPool2d(x), 0)}, which equals {@code maxPool2d(relu(x))} in value and in the
     * gradient reaching x: ReLU is monotone, so it commutes with a maximum, and where a window's
     * maximum is not positive both send that window no gradient. Pooling first applies ReLU to a
     * quarter of the elements (2x2 windows) in both passes; {@code Sequential} runs
     * {@code ReLU, MaxPool2d} this way. One graph node, whose backward masks the gradient with the
     * output's sign before routing it to the maxima.
     */
    public static Tensor maxPool2dRelu(Tensor x, Pool2dSpec spec) {
        return maxPool2d(x, spec, true);
    }

    private static Tensor maxPool2d(Tensor x, Pool2dSpec spec, boolean relu) {
        checkPoolInput(relu ? "maxPool2dRelu" : "maxPool2d", x, spec);
        Backend be = x.backend();
        Tensor y = x.newEmpty(Shape.of(x.size(0), x.size(1), spec.outH(x.size(2)), spec.outW(x.size(3))));
        boolean grad = Node.needsGraph(x);
        Tensor ws = grad ? x.newEmpty(Shape.of((int) be.maxPool2dWorkspaceElements(spec, x.shape(), y.shape()))) : null;
        be.maxPool2dForward(spec, x, y, ws);
        if (relu) be.unary(UnaryOp.RELU, y, y);
        return Node.record(relu ? "MaxPool2DWithIndicesReluBackward" : "MaxPool2DWithIndicesBackward", y, gy -> {
            Tensor g = relu ? reluMasked(be, y, gy) : gy;
            Tensor gx = x.newEmpty(x.shape());
            be.maxPool2dBackward(spec, x, g, ws, gx);
            return new Tensor[] {gx};
        }, x);
    }

    /** 2-d average pooling over x [N,C,H,W] (padding counted in the divisor). */
    public static Tensor avgPool2d(Tensor x, Pool2dSpec spec) {
        checkPoolInput("avgPool2d", x, spec);
        Backend be = x.backend();
        Tensor y = x.newEmpty(Shape.of(x.size(0), x.size(1), spec.outH(x.size(2)), spec.outW(x.size(3))));
        be.avgPool2dForward(spec, x, y);
        return Node.record("AvgPool2DBackward", y, g -> {
            Tensor gx = x.newEmpty(x.shape());
            be.avgPool2dBackward(spec, g, gx);
            return new Tensor[] {gx};
        }, x);
    }

    private static void checkPoolInput(String op, Tensor x, Pool2dSpec spec) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": expects input [N, C, H, W], got " + x.shape());
        if (spec.outH(x.size(2)) < 1 || spec.outW(x.size(3)) < 1) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " is smaller than the window " + spec);
        }
    }

    /** Softmax along {@code dim}. */
    public static Tensor softmax(Tensor x, int dim) {
        return softmax(x, dim, false);
    }

    /** Log-softmax along {@code dim}. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return softmax(x, dim, true);
    }

    private static Tensor softmax(Tensor x, int dim, boolean log) {
        int d = x.shape().normalize(dim);
        Backend be = x.backend();
        Tensor y = x.newEmpty(x.shape());
        be.softmax(x, d, log, y);
        return Node.record(log ? "LogSoftmaxBackward" : "SoftmaxBackward", y, g -> {
            Tensor gx = x.newEmpty(x.shape());
            be.softmaxBackward(y, g, d, log, gx);
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * Batch normalisation over channel dimension 1 of x [N,C] or [N,C,H,W], like
     * {@code F.batch_norm}. In training mode it uses the batch's statistics and updates the running
     * ones in place: {@code running = (1-momentum)*running + momentum*batch}, with the unbiased batch
     * variance. In eval mode it uses the running statistics. {@code gamma}/{@code beta} may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                                   boolean training, float momentum, float eps) {
        if ((x.rank() != 2 && x.rank() != 4) || (gamma != null && gamma.numel() != x.size(1))
                || (runningMean != null && runningMean.numel() != x.size(1))) {
            throw new IllegalArgumentException("batchNorm: input " + x.shape() + " does not fit "
                    + (gamma != null ? gamma.shape() : runningMean != null ? runningMean.shape() : "") + " channels (expected [N, C] or [N, C, H, W])");
        }
        int c = x.size(1);
        if (!training) {
            int[] bshape = x.rank() == 2 ? new int[] {1, c} : new int[] {1, c, 1, 1};
            Tensor y = x.sub(runningMean.reshape(bshape)).div(runningVar.add(eps).sqrt().reshape(bshape));
            if (gamma != null) y = y.mul(gamma.reshape(bshape));
            if (beta != null) y = y.add(beta.reshape(bshape));
            return y;
        }
        long perChannel = x.numel() / c;
        if (perChannel < 2) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input " + x.shape());
        }
        Backend be = x.backend();
        Tensor y = x.newEmpty(x.shape());
        Tensor mean = x.newEmpty(Shape.of(c));
        Tensor invStd = x.newEmpty(Shape.of(c));
        be.batchNormTraining(x, gamma, beta, eps, y, mean, invStd);
        if (runningMean != null && runningVar != null) {
            try (NoGrad ignored = NoGrad.enter()) {
                // var = 1/invStd² - eps (biased); the running variance takes the unbiased one.
                Tensor var = invStd.square().reciprocal().sub(eps).mul((float) perChannel / (perChannel - 1));
                runningMean.mulInPlace(1f - momentum).addInPlace(mean, momentum);
                runningVar.mulInPlace(1f - momentum).addInPlace(var, momentum);
            }
        }
        return Node.record("NativeBatchNormBackward", y, g -> {
            Tensor gx = x.newEmpty(x.shape());
            Tensor gg = gamma != null && gamma.requiresGrad() ? gamma.newEmpty(gamma.shape()) : null;
            Tensor gbeta = beta != null && beta.requiresGrad() ? beta.newEmpty(beta.shape()) : null;
            be.batchNormBackward(x, g, gamma, mean, invStd, gx, gg, gbeta);
            return new Tensor[] {x.requiresGrad() ? gx : null, gg, gbeta};
        }, x, gamma, beta);
    }

    /**
     * Inverted dropout: in training, zeroes each element with probability {@code p} (drawn from
     * {@code gen}) and scales the rest by {@code 1/(1-p)}; the identity otherwise.
     */
    public static Tensor dropout(Tensor x, float p, boolean training, Generator gen) {
        if (p < 0f || p > 1f) throw new IllegalArgumentException("dropout: probability must be in [0, 1], got " + p);
        if (!training || p == 0f) return x;
        float[] m = new float[Math.toIntExact(x.numel())];
        for (int i = 0; i < m.length; i++) m[i] = gen.nextDouble() >= p ? 1f : 0f;
        Tensor mask = Tensor.of(x.backend(), m, x.shape());
        float scale = p == 1f ? 0f : 1f / (1f - p);
        Tensor y = x.newEmpty(x.shape());
        x.backend().dropout(x, mask, scale, y);
        return Node.record("NativeDropoutBackward", y, g -> {
            Tensor gx = g.newEmpty(g.shape());
            g.backend().dropout(g, mask, scale, gx);
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * Cross-entropy of logits [N, C] against class indices [N] (integer-valued floats), fused with
     * log-softmax, like {@code nn.CrossEntropyLoss(reduction, label_smoothing)}.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor targets, Reduction reduction, float labelSmoothing) {
        if (logits.rank() != 2 || targets.rank() != 1 || targets.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("crossEntropy: logits " + logits.shape() + " and targets " + targets.shape()
                    + " do not fit (expected [N, C] and [N])");
        }
        if (labelSmoothing < 0f || labelSmoothing > 1f) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        Backend be = logits.backend();
        Tensor loss = logits.newEmpty(Shape.of(logits.size(0)));
        Tensor probs = logits.newEmpty(logits.shape());
        be.crossEntropy(logits, targets, labelSmoothing, loss, probs);
        Node.record("CrossEntropyBackward", loss, g -> {
            Tensor gx = logits.newEmpty(logits.shape());
            be.crossEntropyBackward(probs, targets, labelSmoothing, g, gx);
            return new Tensor[] {gx};
        }, logits);
        return reduce(loss, reduction);
    }

    /** Negative log-likelihood of log-probabilities [N, C] at class indices [N]. */
    public static Tensor nllLoss(Tensor logProbs, Tensor targets, Reduction reduction) {
        if (logProbs.rank() != 2 || targets.rank() != 1 || targets.size(0) != logProbs.size(0)) {
            throw new IllegalArgumentException("nllLoss: input " + logProbs.shape() + " and targets " + targets.shape()
                    + " do not fit (expected [N, C] and [N])");
        }
        Tensor picked = logProbs.gather(1, targets.reshape(-1, 1)).reshape(-1).neg();
        return reduce(picked, reduction);
    }

    /** Mean squared error between equally shaped tensors. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException("mseLoss: input " + input.shape() + " and target " + target.shape() + " differ");
        }
        return reduce(input.sub(target).square(), reduction);
    }

    private static Tensor reduce(Tensor perElement, Reduction reduction) {
        return switch (reduction) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
