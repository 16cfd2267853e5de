package dev.jnn.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The graph: recorded nodes, a diamond, accumulation into leaves, NoGrad, detach and freed graphs. */
@SuppressWarnings("try")   // NoGrad is a scope, not a resource the body uses
class AutogradTest extends OnReference {
    @Test
    void anInputUsedTwiceGetsBothGradients() {
        Tensor x = t(1, 2, 3).requiresGrad(true);
        Tensor y = x.mul(x).add(x.mul(3f));   // a diamond: x feeds both branches
        y.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(5, 7, 9);   // 2x + 3
    }

    @Test
    void leafGradientsAccumulateUntilZeroed() {
        Tensor w = t(1, 1).requiresGrad(true);
        w.mul(2f).sum().backward();
        w.mul(3f).sum().backward();
        assertThat(w.grad().toFloatArray()).containsExactly(5, 5);
        w.zeroGrad();
        assertThat(w.grad().toFloatArray()).containsExactly(0, 0);
    }

    @Test
    void nodesAreNamedAfterTheirOperation() {
        Tensor x = t(1, -2).requiresGrad(true);
        assertThat(x.isLeaf()).isTrue();
        assertThat(x.gradFnName()).isNull();
        assertThat(x.relu().gradFnName()).isEqualTo("reluBackward");
        assertThat(x.sign().requiresGrad()).as("sign records no node").isFalse();
        assertThat(x.sum().gradFnName()).isNotNull();
    }

    @Test
    void noGradRecordsNothingAndDetachCutsTheGraph() {
        Tensor x = t(1, 2).requiresGrad(true);
        try (NoGrad ignored = NoGrad.enter()) {
            assertThat(x.mul(2f).requiresGrad()).isFalse();
        }
        Tensor d = x.mul(2f).detach();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.isLeaf()).isTrue();
    }

    @Test
    void aSecondBackwardThroughAFreedGraphIsRefused() {
        Tensor x = t(1, 2).requiresGrad(true);
        Tensor loss = x.mul(x).sum();
        loss.backward();
        assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("a second time");
    }

    @Test
    void misuseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> t(1, 2).sum().backward()).hasMessageContaining("does not require grad");
        assertThatThrownBy(() -> t(1, 2).requiresGrad(true).mul(2f).backward()).hasMessageContaining("one-element");
        Tensor nonLeaf = t(1).requiresGrad(true).mul(2f);
        assertThatThrownBy(() -> nonLeaf.requiresGrad(false)).hasMessageContaining("use detach()");
        Tensor leaf = t(1).requiresGrad(true);
        assertThatThrownBy(() -> leaf.fill(0f)).hasMessageContaining("in-place change of a tensor that requires grad");
    }

    @Test
    void aDeepChainNeedsNoRecursion() {
        Tensor x = t(1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) y = y.add(0f);
        y.sum().backward();
        assertThat(x.grad().item()).isEqualTo(1f);
    }
}
