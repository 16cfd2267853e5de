package dev.jnn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.Backends;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parameter groups, zeroGrad, maximize and the state dict's layout, on hand-checked numbers. */
class ParamGroupTest {
    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.load().create("vector", new BackendConfig(1, false));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static Tensor param(float... values) {
        return Tensor.of(backend, values, Shape.of(values.length)).requiresGrad(true);
    }

    private static void grad(Tensor p, float... g) {
        p.setGrad(Tensor.of(backend, g, p.shape()));
    }

    @Test
    void eachGroupUsesItsOwnLearningRate() {
        Tensor a = param(1f, 2f);
        Tensor b = param(1f, 2f);
        SGD opt = SGD.builder().lr(0.5).build(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b)).set("lr", 0.25));
        grad(a, 1f, -2f);
        grad(b, 1f, -2f);
        opt.step();
        assertThat(a.toFloatArray()).containsExactly(0.5f, 3f);
        assertThat(b.toFloatArray()).containsExactly(0.75f, 2.5f);
        assertThat(opt.paramGroups().get(1).number("momentum")).isEqualTo(0.0);   // filled from the builder

        opt.setLr(0.1);
        assertThat(opt.paramGroups()).allSatisfy(g -> assertThat(g.lr()).isEqualTo(0.1));
        assertThat(opt.lr()).isEqualTo(0.1);
    }

    @Test
    void addParamGroupTakesTheDefaults() {
        Tensor a = param(1f);
        Adam opt = Adam.builder().lr(0.01).betas(0.8, 0.9).build(List.of(a));
        opt.addParamGroup(ParamGroup.of(List.of(param(2f))).set("lr", 0.001));
        ParamGroup g = opt.paramGroups().get(1);
        assertThat(g.lr()).isEqualTo(0.001);
        assertThat(g.number("beta1")).isEqualTo(0.8);
        assertThat(g.flag("amsgrad")).isFalse();
    }

    @Test
    void zeroGradZeroesInPlaceByDefaultAndClearsWithSetToNone() {
        Tensor a = param(1f, 2f);
        Tensor b = param(3f);
        SGD opt = SGD.builder().lr(1).build(List.of(a, b));
        grad(a, 5f, 6f);
        Tensor g = a.grad();
        opt.zeroGrad();
        assertThat(a.grad()).isSameAs(g);
        assertThat(g.toFloatArray()).containsExactly(0f, 0f);
        assertThat(b.grad()).isNull();

        opt.zeroGrad(true);
        assertThat(a.grad()).isNull();
        grad(b, 1f);
        opt.step();                        // a has no gradient: PyTorch skips it
        assertThat(a.toFloatArray()).containsExactly(1f, 2f);
        assertThat(b.toFloatArray()).containsExactly(2f);
    }

    @Test
    void maximizeClimbs() {
        Tensor a = param(1f);
        SGD opt = SGD.builder().lr(0.5).maximize(true).build(List.of(a));
        grad(a, 2f);
        opt.step();
        assertThat(a.toFloatArray()).containsExactly(2f);
    }

    @Test
    void momentumBufferStartsAsTheFirstGradient() {
        Tensor a = param(0f);
        SGD opt = SGD.builder().lr(1).momentum(0.5).dampening(0.5).build(List.of(a));
        grad(a, 1f);
        opt.step();                        // buf = 1, p = -1
        opt.step();                        // buf = 0.5 + 0.5 = 1, p = -2
        grad(a, 3f);
        opt.step();                        // buf = 0.5 + 1.5 = 2, p = -4
        assertThat(a.toFloatArray()).containsExactly(-4f);
        assertThat(opt.stateDict().tensors().get("state.0.momentum_buffer")).containsExactly(2f);
    }

    @Test
    void stateDictUsesPyTorchNames() {
        Tensor a = param(1f, 2f);
        Tensor b = param(3f);
        Adam opt = Adam.builder().lr(0.1).amsgrad(true).build(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b)));
        grad(b, 1f);
        opt.step();
        StateDict sd = opt.stateDict();
        assertThat(sd.tensors()).containsOnlyKeys("state.1.exp_avg", "state.1.exp_avg_sq", "state.1.max_exp_avg_sq");
        assertThat(sd.scalars()).containsEntry("state.1.step", 1.0).containsEntry("param_groups.0.lr", 0.1)
                .containsEntry("param_groups.1.beta2", 0.999).containsEntry("param_groups.1.amsgrad", 1.0);
        assertThat(sd.tensors().get("state.1.exp_avg")).containsExactly(1f - 0.9f);   // (1 - beta1) * g in float32
    }

    @Test
    void loadingRestoresGroupSettingsAndRejectsOtherShapes() {
        Tensor a = param(1f, 2f);
        Adam saved = Adam.builder().lr(0.1).build(List.of(a));
        grad(a, 1f, 1f);
        saved.step();
        saved.setLr(0.02);
        Adam other = Adam.builder().build(List.of(param(0f, 0f)));
        other.loadStateDict(saved.stateDict());
        assertThat(other.lr()).isEqualTo(0.02);

        Adam wrong = Adam.builder().build(List.of(param(0f, 0f, 0f)));
        assertThatThrownBy(() -> wrong.loadStateDict(saved.stateDict())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam: state dict tensor 'state.0.exp_avg' has 2 values, the parameter has shape [3]");
        Adam twoGroups = Adam.builder().build(ParamGroup.of(List.of(param(0f, 0f))), ParamGroup.of(List.of(param(0f))));
        assertThatThrownBy(() -> twoGroups.loadStateDict(saved.stateDict())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not have 2 parameter groups");
    }

    @Test
    void asgdExposesTheAveragedParameters() {
        Tensor a = param(1f);
        ASGD opt = ASGD.builder().lr(0.5).lambd(0).t0(0).build(List.of(a));
        assertThat(opt.averaged(a)).isNull();
        grad(a, 1f);
        opt.step();                        // p = 0.5, mu was 1: ax = p
        assertThat(opt.averaged(a).toFloatArray()).containsExactly(0.5f);
        opt.step();                        // p = 0, mu = 1/(1-0) = 1: ax = p
        opt.step();                        // p = -0.5, mu = 1/2: ax = 0 + (-0.5 - 0)/2
        assertThat(opt.averaged(a).toFloatArray()).containsExactly(-0.25f);
    }

    @Test
    void sparseAdamLeavesRowsWithoutGradientAlone() {
        Tensor e = Tensor.of(backend, new float[] {1f, 1f, 2f, 2f, 3f, 3f}, Shape.of(3, 2)).requiresGrad(true);
        SparseAdam opt = SparseAdam.builder().lr(0.1).build(List.of(e));
        float b = (float) (1 - 0.9);
        e.setGrad(Tensor.of(backend, new float[] {1f, 1f, 0f, 0f, 0f, 0f}, Shape.of(3, 2)));
        opt.step();
        assertThat(opt.stateDict().tensors().get("state.0.exp_avg")).containsExactly(b, b, 0f, 0f, 0f, 0f);
        // Row 0 is present (it holds a nonzero), so its zero element decays like PyTorch's row would.
        e.setGrad(Tensor.of(backend, new float[] {2f, 0f, 0f, 0f, 0f, 0f}, Shape.of(3, 2)));
        opt.step();
        float[] m = opt.stateDict().tensors().get("state.0.exp_avg");
        assertThat(m[1]).isCloseTo(0.9f * b, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(m[0]).isCloseTo(0.9f * b + 2 * b, org.assertj.core.data.Offset.offset(1e-7f));
        float[] before = e.toFloatArray();
        e.setGrad(Tensor.zeros(backend, Shape.of(3, 2)));
        opt.step();                        // no row present: nothing decays, nothing moves
        assertThat(opt.stateDict().tensors().get("state.0.exp_avg")).containsExactly(m);
        assertThat(e.toFloatArray()).containsExactly(before);
        assertThat(java.util.Arrays.copyOfRange(before, 2, 6)).containsExactly(2f, 2f, 3f, 3f);
    }

    @Test
    void stepWithAClosureReturnsItsLossAndUsesItsGradients() {
        Tensor a = param(3f);
        SGD opt = SGD.builder().lr(0.25).build(List.of(a));
        Tensor loss = opt.step(() -> {
            opt.zeroGrad();
            Tensor l = a.square().sum();     // d/da = 2a = 6
            l.backward();
            return l;
        });
        assertThat(loss.item()).isEqualTo(9f);
        assertThat(a.toFloatArray()).containsExactly(1.5f);
        assertThat(opt.step()).isNull();
    }
}
