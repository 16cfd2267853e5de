package dev.jnn.distributed.nccl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.Backends;
import dev.jnn.core.Functional;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.distributed.DistributedDataParallel;
import dev.jnn.distributed.LaunchEnvironment;
import dev.jnn.distributed.ProcessGroup;
import dev.jnn.distributed.ReduceOp;
import dev.jnn.distributed.spi.GroupConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real NCCL on a real GPU, world size 1 (NCCL refuses two ranks on one GPU): an all-reduce and a
 * broadcast leave device memory at an offset as it was, and a DistributedDataParallel step on the
 * cuda backend gives the gradient of the same step without it, bit for bit. Skips with the probes'
 * reasons where there is no GPU or no NCCL: it never passes because nothing ran.
 */
@SuppressWarnings("try")   // MemoryScope is a scope, not a resource the body uses
class NcclGpuTest {
    @Test
    void worldSizeOneOnAGpuKeepsEveryBit() {
        Availability nccl = new NcclProvider().probe();
        assumeTrue(nccl.available(), () -> "NCCL not usable here: " + String.join("; ", nccl.reasons()));
        Backends.Entry cuda = Backends.load().entries().stream().filter(e -> e.name().equals("cuda")).findFirst().orElseThrow();
        assumeTrue(cuda.availability().available(), () -> "the cuda backend is not usable here: " + cuda.availability().reasons());
        Backend be = Backends.load().create("cuda", new BackendConfig(1, false));
        try {
            ProcessGroup g = new NcclProvider().create(GroupConfig.of(be, LaunchEnvironment.single()));
            System.out.println(g.description());
            Tensor t = Tensor.of(be, new float[] {1, 2.5f, -3, 4}, Shape.of(4));
            g.allReduce(t.narrow(0, 1, 2), ReduceOp.SUM).await();
            g.broadcast(t.narrow(0, 2, 2), 0);
            assertThat(t.toFloatArray()).containsExactly(1, 2.5f, -3, 4);

            float[] w0 = {0.5f, -1, 2, 0.25f, 1, -0.5f};
            float[] x = {1, 2, 3, 4, 5, 6, -1, 0, 2};
            Tensor plain = Tensor.of(be, w0, Shape.of(2, 3)).requiresGrad(true);
            Tensor viaDdp = Tensor.of(be, w0, Shape.of(2, 3)).requiresGrad(true);
            DistributedDataParallel ddp = DistributedDataParallel.builder(g, Map.of("w", viaDdp)).build();
            for (Tensor w : new Tensor[] {plain, viaDdp}) {
                try (MemoryScope ignored = MemoryScope.open()) {
                    Functional.linear(Tensor.of(be, x, Shape.of(3, 3)), w, null).relu().square().sum().backward();
                }
            }
            ddp.awaitGradients();
            assertThat(viaDdp.grad().toFloatArray()).containsExactly(plain.grad().toFloatArray());
            ddp.close();
            g.close();
        } finally {
            be.close();
        }
    }
}
