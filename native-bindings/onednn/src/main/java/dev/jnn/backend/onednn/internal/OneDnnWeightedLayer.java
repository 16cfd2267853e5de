package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;

/**
 * A layer with weights and an optional bias on oneDNN primitives: forward (ReLU optionally fused),
 * backward data and backward weights (bias gradient optional), each a {@link Plan} cached per
 * geometry and options. {@link OneDnnConvolution} and {@link OneDnnInnerProduct} differ only in
 * their primitives and layouts, which they build in the three {@code build} methods.
 *
 * @param <G> the geometry record
 */
abstract class OneDnnWeightedLayer<G> implements AutoCloseable {
    /** A forward plan's key: the geometry, whether there is a bias, whether ReLU is fused. */
    record ForwardKey<G>(G g, boolean bias, boolean relu) {
    }

    /** A weight-gradient plan's key: the geometry and whether the bias gradient is computed. */
    record WeightsKey<G>(G g, boolean bias) {
    }

    final OneDnnEngine engine;
    private final PlanCache<ForwardKey<G>> forward = new PlanCache<>(32);
    private final PlanCache<G> backwardData = new PlanCache<>(32);
    private final PlanCache<WeightsKey<G>> backwardWeights = new PlanCache<>(32);

    OneDnnWeightedLayer(OneDnnEngine engine) {
        this.engine = engine;
    }

    /**
     * A plan with slots x, w, bias (when {@code k.bias()}), y; ReLU fused when {@code k.relu()}.
     */
    abstract Plan buildForward(ForwardKey<G> k);

    /** A plan with slots gy, w, gx. */
    abstract Plan buildBackwardData(G g);

    /** A plan with slots x, gy, gw, gb (when {@code k.bias()}). */
    abstract Plan buildBackwardWeights(WeightsKey<G> k);

    /** {@code y = layer(x, w) + bias}, then ReLU when {@code relu}; {@code bias} may be null. */
    final void forward(G g, MemorySegment x, MemorySegment w, MemorySegment bias, boolean relu, MemorySegment y) {
        Plan p = forwardPlan(g, bias != null, relu);
        if (bias != null) p.run(engine, x, w, bias, y);
        else p.run(engine, x, w, y);
    }

    /** The input gradient {@code gx} from the output gradient {@code gy} and the weights. */
    final void backwardData(G g, MemorySegment gy, MemorySegment w, MemorySegment gx) {
        backwardData.get(g, this::buildBackwardData).run(engine, gy, w, gx);
    }

    /** The weight gradient {@code gw} and, when {@code gb} is not null, the bias gradient. */
    final void backwardWeights(G g, MemorySegment x, MemorySegment gy, MemorySegment gw, MemorySegment gb) {
        Plan p = backwardWeights.get(new WeightsKey<>(g, gb != null), this::buildBackwardWeights);
        if (gb != null) p.run(engine, x, gy, gw, gb);
        else p.run(engine, x, gy, gw);
    }

    /** The forward plan for these options, built on first use. */
    final Plan forwardPlan(G g, boolean bias, boolean relu) {
        return forward.get(new ForwardKey<>(g, bias, relu), this::buildForward);
    }

    /** Drops every cached primitive (after a thread-count change). */
    final void clear() {
        forward.clear();
        backwardData.clear();
        backwardWeights.clear();
    }

    @Override
    public final void close() {
        clear();
    }
}
