package dev.jnn.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jnn.core.Backends;
import dev.jnn.core.Functional;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DistributedDataParallel over a {@link ThreadWorld} (ranks as threads, each with its own vector
 * backend): the averaged gradients equal one process's over the global batch, buckets are packed last
 * layer first and start their all-reduce during the backward pass, rank 0's weights win the start.
 */
@SuppressWarnings("try")   // MemoryScope is a scope, not a resource the body uses
class DistributedDataParallelTest {
    private static final int BATCH = 12;
    private final List<Backend> backends = new ArrayList<>();
    private final ExecutorService ranks = Executors.newCachedThreadPool();

    @AfterEach
    void closeBackends() {
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

    /** A 5-8-3 MLP's parameters, seeded (the same on every rank unless the seed differs). */
    private static Map<String, Tensor> mlp(Backend be, long seed, int hidden) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("fc1.weight", random(be, r, hidden, 5));
        p.put("fc1.bias", random(be, r, hidden));
        p.put("fc2.weight", random(be, r, 3, hidden));
        p.put("fc2.bias", random(be, r, 3));
        return p;
    }

    private static Tensor random(Backend be, SplittableRandom r, int... dims) {
        float[] v = new float[Math.toIntExact(Shape.of(dims).numel())];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return Tensor.of(be, v, Shape.of(dims)).requiresGrad(true);
    }

    /** Rows {@code from..from+n-1} of the fixed data set: inputs and targets. */
    private static Tensor[] data(Backend be, int from, int n) {
        SplittableRandom r = new SplittableRandom(99);
        float[] x = new float[BATCH * 5];
        float[] y = new float[BATCH * 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = (float) r.nextGaussian();
        return new Tensor[] {Tensor.of(be, java.util.Arrays.copyOfRange(x, from * 5, (from + n) * 5), Shape.of(n, 5)),
                Tensor.of(be, java.util.Arrays.copyOfRange(y, from * 3, (from + n) * 3), Shape.of(n, 3))};
    }

    /** Mean squared error of the MLP on {@code n} rows from {@code from}, back-propagated. */
    private static void backward(Map<String, Tensor> p, Backend be, int from, int n) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor[] d = data(be, from, n);
            Tensor h = Functional.linear(d[0], p.get("fc1.weight"), p.get("fc1.bias")).relu();
            Tensor out = Functional.linear(h, p.get("fc2.weight"), p.get("fc2.bias"));
            out.sub(d[1]).square().sum().mul(1f / n).backward();
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

    private static float[] grad(Map<String, Tensor> p, String name) {
        return p.get(name).grad().toFloatArray();
    }

    @Test
    void averagedGradientsEqualOneProcessOverTheGlobalBatch() throws Exception {
        Backend solo = backend();
        Map<String, Tensor> ref = mlp(solo, 7, 8);
        backward(ref, solo, 0, BATCH);
        for (int size : new int[] {2, 3, 4}) {
            ThreadWorld world = new ThreadWorld(size);
            List<Map<String, float[]>> grads = onRanks(size, rank -> {
                Backend be = backend();
                Map<String, Tensor> p = mlp(be, 7, 8);
                DistributedDataParallel ddp = DistributedDataParallel.builder(world.group(rank), p).bucketCapBytes(64).build();
                int share = BATCH / size;
                backward(p, be, rank * share, share);
                ddp.awaitGradients();
                Map<String, float[]> g = new LinkedHashMap<>();
                for (String n : p.keySet()) g.put(n, grad(p, n));
                return g;
            });
            for (String n : ref.keySet()) {
                float[] expected = grad(ref, n);
                for (int r = 0; r < size; r++) {
                    float[] got = grads.get(r).get(n);
                    assertThat(got).as("rank %d of %d, %s: the same bits on every rank", r, size, n).containsExactly(grads.get(0).get(n));
                    for (int i = 0; i < got.length; i++) {
                        assertThat(got[i]).as("%s[%d] with %d ranks", n, i, size).isCloseTo(expected[i], within(2e-6f));
                    }
                }
            }
        }
    }

    @Test
    void oneRankLeavesTheGradientsBitForBitAsWithoutIt() throws Exception {
        Backend a = backend();
        Map<String, Tensor> plain = mlp(a, 3, 8);
        backward(plain, a, 0, BATCH);
        Map<String, float[]> got = onRanks(1, rank -> {
            Backend be = backend();
            Map<String, Tensor> p = mlp(be, 3, 8);
            DistributedDataParallel ddp = DistributedDataParallel.builder(new ThreadWorld(1).group(0), p).build();
            backward(p, be, 0, BATCH);
            ddp.awaitGradients();
            Map<String, float[]> g = new LinkedHashMap<>();
            for (String n : p.keySet()) g.put(n, grad(p, n));
            return g;
        }).get(0);
        for (String n : plain.keySet()) assertThat(got.get(n)).as(n).containsExactly(grad(plain, n));
    }

    @Test
    void bucketsHoldTheLastLayersFirstAndTheFirstBucketIsSmall() throws Exception {
        // fc2: 3x40 + 3 floats = 492 bytes; fc1: 40x5 + 40 floats = 960 bytes.
        List<List<List<String>>> members = onRanks(1, rank -> {
            Map<String, Tensor> p = mlp(backend(), 1, 40);
            DistributedDataParallel ddp = DistributedDataParallel.builder(new ThreadWorld(1).group(0), p)
                    .firstBucketBytes(500).bucketCapBytes(1000).build();
            List<List<String>> out = new ArrayList<>();
            for (int b = 0; b < ddp.bucketCount(); b++) out.add(ddp.bucketMembers(b));
            return out;
        });
        assertThat(members.get(0)).containsExactly(List.of("fc2.bias", "fc2.weight"), List.of("fc1.bias", "fc1.weight"));
    }

    @Test
    void theLastLayersAllReduceStartsBeforeTheBackwardPassReachesTheFirstLayer() throws Exception {
        ThreadWorld world = new ThreadWorld(2);
        onRanks(2, rank -> {
            Backend be = backend();
            Map<String, Tensor> p = mlp(be, 5, 8);
            DistributedDataParallel ddp = DistributedDataParallel.builder(world.group(rank), p).firstBucketBytes(4).build();
            p.get("fc1.weight").registerPostAccumulateGradHook(t -> world.log.add("rank " + rank + " fc1.weight final"));
            backward(p, be, rank * 6, 6);
            ddp.awaitGradients();
            return null;
        });
        for (int r = 0; r < 2; r++) {
            String me = "rank " + r + " ";
            List<String> mine = world.log.stream().filter(s -> s.startsWith(me)).toList();
            // fc2.bias alone fills the first bucket (3 floats, in a slot of 16); it goes out before fc1's gradient is final.
            assertThat(mine).startsWith("rank " + r + " allReduce 16 floats");
            assertThat(mine.indexOf("rank " + r + " allReduce 16 floats")).isLessThan(mine.indexOf("rank " + r + " fc1.weight final"));
        }
    }

    @Test
    void broadcastGivesEveryRankRankZerosWeights() throws Exception {
        ThreadWorld world = new ThreadWorld(3);
        List<float[]> w = onRanks(3, rank -> {
            Map<String, Tensor> p = mlp(backend(), 100 + rank, 8);   // a different initialisation on each rank
            DistributedDataParallel ddp = DistributedDataParallel.builder(world.group(rank), p).build();
            ddp.broadcastFromRank0(p);
            return p.get("fc1.weight").toFloatArray();
        });
        Map<String, Tensor> rank0 = mlp(backend(), 100, 8);
        for (float[] v : w) assertThat(v).containsExactly(rank0.get("fc1.weight").toFloatArray());
    }

    @Test
    void ranksWithDifferentModelsRefuseToStart() throws Exception {
        ThreadWorld world = new ThreadWorld(2);
        List<String> errors = onRanks(2, rank -> {
            Map<String, Tensor> p = mlp(backend(), 1, rank == 0 ? 8 : 9);
            try {
                DistributedDataParallel.builder(world.group(rank), p).build();
                return "started";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertThat(errors.get(0)).startsWith("DistributedDataParallel: the ranks have different models (rank 0: 4 parameters, 75 values)");
        assertThat(errors.get(1)).contains("rank 1: 4 parameters, 84 values");
    }

    @Test
    void aParameterThatTookNoPartGetsTheAverageOfWhatTheRanksHad() throws Exception {
        ThreadWorld world = new ThreadWorld(2);
        List<float[]> g = onRanks(2, rank -> {
            Backend be = backend();
            Map<String, Tensor> p = mlp(be, 5, 8);
            p.put("unused", Tensor.of(be, new float[] {1, 2}, Shape.of(2)).requiresGrad(true));
            DistributedDataParallel ddp = DistributedDataParallel.builder(world.group(rank), p).build();
            backward(p, be, rank * 6, 6);
            ddp.awaitGradients();
            return p.get("unused").grad().toFloatArray();
        });
        assertThat(g.get(0)).containsExactly(0f, 0f);
        assertThat(g.get(1)).containsExactly(0f, 0f);
    }

    @Test
    void aSecondBackwardPassBeforeAwaitGradientsIsAnError() throws Exception {
        String error = onRanks(1, rank -> {
            Backend be = backend();
            Map<String, Tensor> p = mlp(be, 5, 8);
            DistributedDataParallel.builder(new ThreadWorld(1).group(0), p).build();
            backward(p, be, 0, 6);
            try {
                backward(p, be, 6, 6);
                return "no error";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }).get(0);
        assertThat(error).isEqualTo("DistributedDataParallel: the gradient of fc2.bias became final twice before awaitGradients(); "
                + "call awaitGradients() after every backward pass");
    }

    @Test
    void statsCountStepsBucketsAndBytes() throws Exception {
        DistributedDataParallel.Stats s = onRanks(1, rank -> {
            Backend be = backend();
            Map<String, Tensor> p = mlp(be, 5, 8);
            DistributedDataParallel ddp = DistributedDataParallel.builder(new ThreadWorld(1).group(0), p).build();
            for (int i = 0; i < 3; i++) {
                for (Tensor t : p.values()) t.grad().fill(0f);
                backward(p, be, 0, 6);
                ddp.awaitGradients();
            }
            return ddp.stats();
        }).get(0);
        assertThat(s.steps()).isEqualTo(3);
        assertThat(s.buckets()).isEqualTo(1);
        assertThat(s.bytesPerStep()).isEqualTo((8 * 5 + 8 + 3 * 8 + 3) * 4L);
        assertThat(s.toString()).startsWith("1 bucket, 0.00 MB per step, all-reduce ");
        assertThatThrownBy(() -> DistributedDataParallel.builder(new ThreadWorld(1).group(0), Map.of()).build())
                .hasMessage("DistributedDataParallel: the model has no parameters");
    }
}
