package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.BackendScope;
import dev.jnn.core.Generator;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.ReferenceBackend;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.tck.OpCheck;
import dev.jnn.testing.VectorBackendScope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two backends in one JVM, neither a process-wide default: the same seeded model built on the
 * vector backend and on core's reference backend, one training step's loss, logits and gradients
 * compared.
 */
@ExtendWith(VectorBackendScope.class)
class TwoBackendsInOneJvmTest {
    private record Step(float[] logits, float loss, List<float[]> grads, List<Backend> homes) {
    }

    private static Step step(Backend backend, String model) {
        Layer net;
        try (BackendScope on = BackendScope.use(backend)) {
            Generator.seedGlobal(3);
            net = ModelZoo.create(model);
        }
        float[] pixels = new float[4 * 28 * 28];
        new Generator(5).fillUniform(pixels, 0f, 1f);
        Tensor x = Tensor.of(backend, pixels, Shape.of(4, 1, 28, 28));
        Tensor y = Tensor.of(backend, new float[] {3, 1, 4, 1}, Shape.of(4));
        Tensor logits = net.call(x);
        Tensor loss = new CrossEntropyLoss().apply(logits, y);
        loss.backward();
        return new Step(logits.toFloatArray(), loss.item(), net.parameters().stream().map(p -> p.grad().toFloatArray()).toList(),
                net.parameters().stream().map(Tensor::backend).distinct().toList());
    }

    @Test
    void theCnnOnVectorMatchesItsTwinOnTheReferenceBackend(Backend vector) {
        try (ReferenceBackend reference = new ReferenceBackend()) {
            Step v = step(vector, "cnn");
            Step r = step(reference, "cnn");
            assertThat(v.loss()).isCloseTo(r.loss(), org.assertj.core.api.Assertions.within(1e-5f));
            OpCheck.assertClose("logits", v.logits(), r.logits(), 1e-4);
            assertThat(v.grads()).hasSameSizeAs(r.grads());
            for (int i = 0; i < v.grads().size(); i++) OpCheck.assertClose("gradient " + i, v.grads().get(i), r.grads().get(i), 1e-4);
            assertThat(v.homes()).containsExactly(vector);
            assertThat(r.homes()).containsExactly(reference);
        }
    }
}
