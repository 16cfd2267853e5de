package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.MemoryScope;
import dev.jnn.core.Tensor;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.testing.VectorBackendScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Layer bookkeeping: names, order, modes, apply, printing and the summary table. */
@SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
@ExtendWith(VectorBackendScope.class)
class ModuleTest {
    /** A model with a nested Sequential, a batch norm and a dropout. */
    static final class Net extends Layer {
        final Linear fc = registerLayer("fc", new Linear(4, 3));
        final Sequential block = registerLayer("block", new Sequential(new BatchNorm1d(3), new Dropout(0.5f), new Linear(3, 2, false)));

        @Override
        public Tensor forward(Tensor x) {
            return block.call(fc.call(x).relu());
        }
    }

    @Test
    void namesAreDottedAsInPyTorch() {
        Net net = new Net();
        assertThat(net.namedParameters().keySet())
                .containsExactly("fc.weight", "fc.bias", "block.0.weight", "block.0.bias", "block.2.weight");
        assertThat(net.namedBuffers().keySet())
                .containsExactly("block.0.running_mean", "block.0.running_var", "block.0.num_batches_tracked");
        assertThat(net.stateDict().keySet()).containsExactly("fc.weight", "fc.bias", "block.0.weight", "block.0.bias",
                "block.0.running_mean", "block.0.running_var", "block.0.num_batches_tracked", "block.2.weight");
        assertThat(net.integerStateKeys()).containsExactly("block.0.num_batches_tracked");
        assertThat(net.namedLayers().keySet()).containsExactly("", "fc", "block", "block.0", "block.1", "block.2");
        assertThat(net.parameters()).allSatisfy(p -> assertThat(p.requiresGrad()).isTrue());
        assertThat(net.parameterCount()).isEqualTo(4 * 3 + 3 + 3 + 3 + 3 * 2);
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Net net = new Net();
        assertThat(net.namedLayers().values()).allSatisfy(m -> assertThat(m.isTraining()).isTrue());
        net.eval();
        assertThat(net.namedLayers().values()).allSatisfy(m -> assertThat(m.isTraining()).isFalse());
        net.train();
        assertThat(net.block.get(1).isTraining()).isTrue();
    }

    @Test
    void applyVisitsChildrenBeforeParents() {
        List<String> seen = new ArrayList<>();
        new Net().apply(m -> seen.add(m.getClass().getSimpleName()));
        assertThat(seen).containsExactly("Linear", "BatchNorm1d", "Dropout", "Linear", "Sequential", "Net");
    }

    @Test
    void batchNormCountsTrainingBatchesOnly() {
        Net net = new Net();
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, -1, 0, 2, 5, 3, 1, -2, 0}, 3, 4);
            net.call(x);
            net.call(x);
            net.eval();
            net.call(x);
        }
        assertThat(net.stateDict().get("block.0.num_batches_tracked").item()).isEqualTo(2f);
    }

    @Test
    void batchNormRefusesOneValuePerChannelInTraining() {
        BatchNorm1d bn = new BatchNorm1d(3);
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor one = Tensor.of(new float[] {1, 2, 3}, 1, 3);
            assertThatThrownBy(() -> bn.call(one)).hasMessage(
                    "BatchNorm1d: training needs more than 1 value per channel, got input [1, 3]; use a batch of at least 2 or call eval()");
            bn.eval();
            assertThat(bn.call(one).toFloatArray()).hasSize(3);
        }
        assertThat(bn.stateDict().get("num_batches_tracked").item()).isZero();
    }

    /** A module with a batch norm named {@code bn}, the layout of reference-data/zoo/mixed-dtypes.safetensors. */
    static final class BnHolder extends Layer {
        final BatchNorm1d bn = registerLayer("bn", new BatchNorm1d(3));

        @Override
        public Tensor forward(Tensor x) {
            return bn.call(x);
        }
    }

    @Test
    void pyTorchBatchNormStateLoadsWithItsInt64Counter() throws java.io.IOException {
        var file = dev.jnn.nn.safetensors.SafeTensorsFile.read(Reference.DIR.resolve("zoo/mixed-dtypes.safetensors"));
        BnHolder m = new BnHolder();
        assertThatThrownBy(() -> StateDicts.loadRaw(m, file.tensors(), "mixed-dtypes"))
                .isInstanceOfSatisfying(StateDictMismatchException.class, e -> assertThat(e.problems()).containsExactly(
                        "unexpected f64 [5, 1]", "unexpected i32 [2, 3]", "unexpected scalar []", "unexpected empty [0, 3]"));
        var bnOnly = new java.util.LinkedHashMap<>(file.tensors());
        bnOnly.keySet().removeIf(k -> !k.startsWith("bn."));
        StateDicts.loadRaw(m, bnOnly, "mixed-dtypes");
        var expected = Reference.load("zoo_state_dicts.json").get("files").get("mixed-dtypes").get("tensors");
        m.stateDict().forEach((k, t) -> assertThat(t.toFloatArray()).as(k).containsExactly(Reference.floats(expected.get(k).get("values"))));
        assertThat(m.stateDict().get("bn.num_batches_tracked").item()).isEqualTo(2f);
    }

    @Test
    void duplicateOrDottedNamesAreRefused() {
        class Bad extends Layer {
            Bad(String second) {
                registerLayer("a", new ReLU());
                registerLayer(second, new ReLU());
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        assertThatThrownBy(() -> new Bad("a")).hasMessageContaining("'a' is already registered");
        assertThatThrownBy(() -> new Bad("b.c")).hasMessageContaining("without '.'");
    }

    @Test
    void parametersSurviveTheScopeTheModelWasBuiltIn() {
        Layer m;
        try (MemoryScope ignored = MemoryScope.open()) {
            m = new Linear(3, 2);
        }
        assertThat(m.stateDict().get("weight").toFloatArray()).hasSize(6);
    }

    @Test
    void printedLayersUsePyTorchsFormat() {
        assertThat(new BatchNorm2d(16).toString())
                .isEqualTo("BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
        assertThat(new Dropout(0.2f).toString()).isEqualTo("Dropout(p=0.2, inplace=False)");
        assertThat(new BatchNorm1d(3, 0.001, 0.01).toString())
                .isEqualTo("BatchNorm1d(3, eps=0.001, momentum=0.01, affine=True, track_running_stats=True)");
        assertThat(new Conv2d(3, 8, 3, 3, dev.jnn.core.spi.Conv2dSpec.of(2, 1, 2), false).toString())
                .isEqualTo("Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(2, 2), bias=False)");
        assertThat(new Linear(3, 2, false).toString()).isEqualTo("Linear(in_features=3, out_features=2, bias=False)");
    }

    @Test
    void summaryListsOutputShapesAndParameterCounts() {
        Layer cnn = ModelZoo.create("cnn");
        String s = Summary.of(cnn, 2, 1, 28, 28);
        assertThat(s).startsWith(cnn.toString());
        assertThat(s).containsPattern("conv1\\.0 \\(Conv2d\\) +\\[2, 16, 28, 28\\] +416\n");
        assertThat(s).containsPattern("conv1\\.2 \\(MaxPool2d\\) +\\[2, 16, 14, 14\\] +0\n");
        assertThat(s).containsPattern("conv2\\.0 \\(Conv2d\\) +\\[2, 32, 14, 14\\] +12,832\n");
        assertThat(s).containsPattern("out \\(Linear\\) +\\[2, 10\\] +15,690\n");
        assertThat(s).contains("Total params: 28,938", "Trainable params: 28,938", "Output shape: [2, 10]");
        assertThat(cnn.isTraining()).as("summary restores the mode").isTrue();
    }
}
