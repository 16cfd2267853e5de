package dev.jnn.distributed.nccl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.Backends;
import dev.jnn.core.Functional;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.distributed.CollectiveException;
import dev.jnn.distributed.DistributedDataParallel;
import dev.jnn.distributed.LaunchEnvironment;
import dev.jnn.distributed.ProcessGroup;
import dev.jnn.distributed.ReduceOp;
import dev.jnn.distributed.Work;
import dev.jnn.distributed.spi.GroupConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The nccl process group's code against a fake libnccl (src/test/c/fake_nccl.c, compiled here with
 * gcc; ranks are threads, memory is the host's): loading and probing, the unique id handed out over
 * the TCP rendezvous and passed by value to ncclCommInitRank, all-reduce and broadcast on tensors at
 * an offset, DistributedDataParallel over it, an asynchronous NCCL error, and a peer that stops.
 */
@SuppressWarnings({"try", "restricted"})   // MemoryScope is a scope; the test calls the fake's switch through FFM
class NcclFakeLibraryTest {
    private static Path fake;
    private static Nccl nccl;
    private final List<Backend> backends = new ArrayList<>();
    private final List<CollectiveException> losses = new CopyOnWriteArrayList<>();
    private final ExecutorService ranks = Executors.newCachedThreadPool();

    @BeforeAll
    static void compileTheFake() throws Exception {
        Path gcc = java.util.stream.Stream.of("/usr/bin/gcc", "/usr/bin/cc", "/usr/bin/gcc-12").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(gcc != null, "no C compiler (gcc) to build the fake libnccl");
        Path dir = Files.createDirectories(Path.of("target", "fake-nccl"));
        fake = dir.resolve("libfakenccl.so").toAbsolutePath();
        Process p = new ProcessBuilder(gcc.toString(), "-shared", "-fPIC", "-O1", "-pthread", "-o", fake.toString(),
                Path.of("src", "test", "c", "fake_nccl.c").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        nccl = Nccl.load(fake, fake);
    }

    @AfterEach
    void close() {
        ranks.shutdownNow();
        backends.forEach(Backend::close);
    }

    private Backend backend() {
        Backend b = Backends.load().create("vector", new BackendConfig(1, false));
        synchronized (backends) {
            backends.add(b);
        }
        return b;
    }

    private GroupConfig config(Backend be, LaunchEnvironment launch) {
        return GroupConfig.of(be, launch).withTimeout(Duration.ofSeconds(30)).withOnPeerLost(losses::add);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private <T> List<T> onRanks(int size, IntFunction<T> body) throws Exception {
        List<Future<T>> fs = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            int rank = r;
            fs.add(ranks.submit(() -> body.apply(rank)));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : fs) out.add(f.get(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void theProbeNamesTheVersionTheFileAndTheGpus() {
        Availability a = new NcclProvider(nccl, true).probe();
        assertThat(a.available()).as(a.toString()).isTrue();
        assertThat(a.details()).isEqualTo("NCCL 2.21.5 (" + fake + "), CUDA runtime " + fake + ", 1 GPU");
        assertThat(Nccl.versionText(2708)).isEqualTo("2.7.8");
        assertThat(Nccl.versionText(22105)).isEqualTo("2.21.5");
    }

    @Test
    void oneRankReducesTensorsInPlaceAtTheirOffset() {
        Backend be = backend();
        ProcessGroup g = new NcclProvider(nccl, true).create(config(be, LaunchEnvironment.single()));
        Tensor t = Tensor.of(be, new float[] {1, 2, 3, 4, 5}, Shape.of(5));
        Work w = g.allReduce(t.narrow(0, 2, 2), ReduceOp.SUM);
        w.await();
        assertThat(w.seconds()).isNotNegative();
        assertThat(t.toFloatArray()).containsExactly(1, 2, 3, 4, 5);
        g.broadcast(t.narrow(0, 1, 3), 0);
        double[] d = {1.5};
        g.allReduce(d, ReduceOp.SUM);
        g.barrier();
        assertThat(d).containsExactly(1.5);
        assertThat(g.description()).startsWith("nccl: NCCL 2.21.5 (" + fake + "), rank 0 of 1, one process");
        g.close();
    }

    @Test
    void twoRanksMeetThroughTheRendezvousAndReduceBroadcastAndAverageGradients() throws Exception {
        int port = freePort();
        List<Map<String, Object>> got = onRanks(2, rank -> {
            Backend be = backend();
            ProcessGroup g = new NcclProvider(nccl, true).create(config(be,
                    new LaunchEnvironment("test", rank, 2, rank, 2, "127.0.0.1", port)));
            Map<String, Object> out = new LinkedHashMap<>();
            Tensor t = Tensor.of(be, new float[] {-9, rank + 1, 10 * (rank + 1), -9}, Shape.of(4));
            g.allReduce(t.narrow(0, 1, 2), ReduceOp.SUM).await();
            out.put("sum", t.toFloatArray());
            Tensor m = Tensor.of(be, new float[] {rank, -rank}, Shape.of(2));
            g.allReduce(m, ReduceOp.MAX).await();
            out.put("max", m.toFloatArray());
            Tensor b = Tensor.of(be, new float[] {rank == 1 ? 7 : 0, rank == 1 ? 8 : 0}, Shape.of(2));
            g.broadcast(b, 1);
            out.put("broadcast", b.toFloatArray());
            double[] d = {rank + 0.5};
            g.allReduce(d, ReduceOp.SUM);
            out.put("host", d);
            out.put("description", g.description());
            // DistributedDataParallel over NCCL: a linear layer, each rank half of a batch of 4.
            Tensor w = Tensor.of(be, new float[] {0.5f, -1, 2, 0.25f, 1, -0.5f}, Shape.of(2, 3)).requiresGrad(true);
            DistributedDataParallel ddp = DistributedDataParallel.builder(g, Map.of("w", w)).build();
            try (MemoryScope ignored = MemoryScope.open()) {
                float[] x = {1, 2, 3, 4, 5, 6, -1, 0, 2, 3, -2, 1};
                Tensor xs = Tensor.of(be, java.util.Arrays.copyOfRange(x, rank * 6, rank * 6 + 6), Shape.of(2, 3));
                Functional.linear(xs, w, null).square().sum().mul(0.5f).backward();
            }
            ddp.awaitGradients();
            out.put("grad", w.grad().toFloatArray());
            g.barrier();
            g.close();
            return out;
        });
        for (int r = 0; r < 2; r++) {
            Map<String, Object> o = got.get(r);
            assertThat((float[]) o.get("sum")).containsExactly(-9, 3, 30, -9);
            assertThat((float[]) o.get("max")).containsExactly(1, 0);
            assertThat((float[]) o.get("broadcast")).containsExactly(7, 8);
            assertThat((double[]) o.get("host")).containsExactly(2.0);
            assertThat((String) o.get("description")).endsWith("rank " + r + " of 2, rendezvous at 127.0.0.1:" + port);
            // Mean over the 4 rows of 0.5 * |x w^T|^2 / 2 ranks: the gradient is (sum over rows of (x w^T)^T x) / 2.
            float[] grad = (float[]) o.get("grad");
            float[] expected = expectedGrad();
            for (int i = 0; i < grad.length; i++) assertThat(grad[i]).as("grad[%d] on rank %d", i, r).isCloseTo(expected[i], within(1e-5f));
        }
        assertThat(losses).as("clean goodbyes").isEmpty();
    }

    /** The averaged gradient of the DDP step above, worked out in double. */
    private static float[] expectedGrad() {
        double[][] x = {{1, 2, 3}, {4, 5, 6}, {-1, 0, 2}, {3, -2, 1}};
        double[][] w = {{0.5, -1, 2}, {0.25, 1, -0.5}};
        float[] g = new float[6];
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 3; i++) {
                double s = 0;
                for (double[] row : x) s += (row[0] * w[o][0] + row[1] * w[o][1] + row[2] * w[o][2]) * row[i];
                g[o * 3 + i] = (float) (s / 2);
            }
        }
        return g;
    }

    @Test
    void anAsynchronousNcclErrorFailsTheWaitAndAbortsTheCommunicator() throws Throwable {
        Backend be = backend();
        ProcessGroup g = new NcclProvider(nccl, true).create(config(be, LaunchEnvironment.single()));
        MethodHandle failNext = Linker.nativeLinker().downcallHandle(
                SymbolLookup.libraryLookup(fake, Arena.global()).find("fake_nccl_fail_next").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        failNext.invokeExact(6);
        Work w = g.allReduce(Tensor.of(be, new float[] {1}, Shape.of(1)), ReduceOp.SUM);
        assertThatThrownBy(w::await).isInstanceOf(CollectiveException.class)
                .hasMessage("ncclAllReduce: remote process exited or there was a network error (ncclResult 6, reported by "
                        + "ncclCommGetAsyncError)");
        assertThatThrownBy(() -> g.allReduce(Tensor.of(be, new float[] {1}, Shape.of(1)), ReduceOp.SUM))
                .hasMessage("nccl: the communicator was aborted");
        g.close();
    }

    @Test
    void aPeerThatStopsFailsTheCollectiveWaitingForItAndNamesIt() throws Exception {
        int port = freePort();
        List<String> errors = onRanks(2, rank -> {
            Backend be = backend();
            ProcessGroup g = new NcclProvider(nccl, true).create(config(be, new LaunchEnvironment("test", rank, 2, rank, 2, "127.0.0.1",
                    port)));
            if (rank == 1) {
                g.barrier();
                g.abort("out of memory on rank 1's GPU");
                return "aborted";
            }
            g.barrier();
            try {
                g.allReduce(Tensor.of(be, new float[] {1}, Shape.of(1)), ReduceOp.SUM).await();   // rank 1 never comes
                return "completed";
            } catch (CollectiveException e) {
                return e.getMessage();
            }
        });
        assertThat(errors.get(0)).isEqualTo("rank 1 of 2 stopped: out of memory on rank 1's GPU; stopping rank 0");
        assertThat(losses).extracting(Throwable::getMessage).containsExactly("rank 1 of 2 stopped: out of memory on rank 1's GPU; stopping rank 0");
    }

    @Test
    void theRealProviderRefusesHostMemoryAndAJobWithoutARendezvous() {
        Backend be = backend();
        assertThatThrownBy(() -> new NcclProvider(nccl, false).create(config(be, LaunchEnvironment.single())))
                .hasMessage("nccl reduces GPU memory, but backend vector keeps tensors in host memory: use the cuda backend (or the mpi "
                        + "collectives on CPUs)");
        LaunchEnvironment noMaster = new LaunchEnvironment("torchrun-style environment (RANK, WORLD_SIZE)", 1, 2, 1, 2, null, 0);
        assertThatThrownBy(() -> new NcclProvider(nccl, true).create(config(be, noMaster)))
                .hasMessage("nccl: rank 1 of 2 (torchrun-style environment (RANK, WORLD_SIZE)) needs MASTER_ADDR and MASTER_PORT (rank 0's "
                        + "host and a free port) to meet the other ranks, or a start by mpirun or srun --mpi=pmix");
    }

    @Test
    void missingLibrariesAreOneReasonNamingEveryPlaceSearched() {
        NcclLibraries none = NcclLibraries.find(Map.of("JNN_NCCL_LIB", "/nonexistent/libnccl.so.2", "JNN_PYTHON", "/nonexistent/python"));
        assertThat(none.nccl()).isNull();
        assertThat(none.missing()).singleElement().asString().startsWith("libnccl.so.2")
                .contains(" not found (searched JNN_NCCL_LIB=/nonexistent/libnccl.so.2 (no such file), JNN_CUDA_LIBS (unset), "
                        + "LD_LIBRARY_PATH (unset), system folders, nvidia wheels (/nonexistent/python has none))")
                .endsWith("NCCL comes with PyTorch's GPU wheels (nvidia-nccl-cu12) or NVIDIA's libnccl2 package");
        NcclLibraries given = NcclLibraries.find(Map.of("JNN_NCCL_LIB", fake.toString(), "JNN_CUDART_LIB", fake.toString()));
        assertThat(given.missing()).isEmpty();
        assertThat(given.nccl()).isEqualTo(fake);
    }

    @Test
    void theRealLibraryIsFoundOrTheReasonSaysWhy() {
        Availability a = new NcclProvider().probe();
        if (a.available()) {
            assertThat(a.details()).startsWith("NCCL 2.");
        } else {
            assertThat(a.reasons()).allSatisfy(r -> assertThat(r).startsWith("nccl: "));
        }
        System.out.println("nccl here: " + a);
    }
}
