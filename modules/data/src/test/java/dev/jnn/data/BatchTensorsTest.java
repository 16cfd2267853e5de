package dev.jnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.BackendScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batches hand out tensors on the chosen backend, and each batch is a step whose tensors go when it ends. */
class BatchTensorsTest {
    private ReferenceBackend backend;
    private BackendScope scope;

    @BeforeEach
    void open() {
        backend = new ReferenceBackend();
        scope = BackendScope.use(backend);
    }

    @AfterEach
    void close() {
        scope.close();
        backend.close();
    }

    private static DataLoader loader(int prefetch) {
        return DataLoader.builder(DataLoaderTest.numbered(23)).batchSize(5).prefetch(prefetch).build();
    }

    @Test
    void imagesAndLabelsAreTensorsOfTheBatch() {
        for (Batch b : loader(0).epoch(0)) {
            Tensor x = b.images();
            assertThat(x.shape()).isEqualTo(Shape.of(b.size(), 1, 2, 3));
            assertThat(x.backend()).isSameAs(backend);
            assertThat(x.toFloatArray()).containsExactly(b.imageArray());
            float[] labels = b.labels().toFloatArray();
            for (int k = 0; k < b.size(); k++) assertThat(labels[k]).isEqualTo((float) b.labelArray()[k]);
            assertThat(b.images()).as("made once").isSameAs(x);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aStepsTensorsAreFreedWhenTheNextBatchIsRead(int prefetch) {
        long before = backend.liveBytes();
        List<Tensor> made = new ArrayList<>();
        Tensor kept = null;
        for (Batch b : loader(prefetch).epoch(0)) {
            Tensor loss = b.images().mul(2f).sum();
            made.add(loss);
            if (b.index() == 0) kept = b.keep(loss.add(0f));
            assertThat(made.subList(0, made.size() - 1)).allMatch(t -> t.storage().isReleased());
            assertThat(loss.storage().isReleased()).isFalse();
        }
        assertThat(made).hasSize(5).allMatch(t -> t.storage().isReleased());
        assertThat(kept.storage().isReleased()).as("kept past its step").isFalse();
        kept.storage().release();
        assertThat(backend.liveBytes()).as("the batches' own tensors are freed too").isEqualTo(before);
    }

    @Test
    void closingAnEpochEarlyEndsItsLastStep() {
        Tensor last;
        try (Epoch e = loader(2).epoch(0)) {
            Batch b = e.next();
            last = b.images().add(1f);
        }
        assertThat(last.storage().isReleased()).isTrue();
    }

    @Test
    void aClosedBatchSaysSo() {
        Batch first;
        try (Epoch e = loader(0).epoch(0)) {
            first = e.next();
            e.next();
        }
        assertThatThrownBy(first::images).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batch 0 of epoch 0 is closed");
    }

    @Test
    void theLoadersBackendWinsOverTheScope() {
        try (ReferenceBackend other = new ReferenceBackend()) {
            DataLoader l = DataLoader.builder(DataLoaderTest.numbered(10)).batchSize(4).backend(other).build();
            for (Batch b : l.epoch(0)) assertThat(b.labels().backend()).isSameAs(other);
        }
    }
}
