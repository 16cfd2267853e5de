package dev.jnn.distributed.mpi.internal;

import dev.jnn.core.Backends;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.distributed.LaunchEnvironment;
import dev.jnn.distributed.ProcessGroup;
import dev.jnn.distributed.ProcessGroups;
import dev.jnn.distributed.ReduceOp;
import dev.jnn.distributed.Work;
import dev.jnn.distributed.spi.GroupConfig;
import java.util.Arrays;
import java.util.Locale;

/**
 * One rank of {@link MpiProcessGroupTest}'s jobs, started by mpirun on the class path: {@code collectives}
 * exercises every operation and prints what it got; {@code kill} has rank 1 SIGKILL itself in the
 * middle of a stream of all-reduces, and the others print (through the default loss handler) who died.
 */
public final class MpiRankMain {
    private MpiRankMain() {
    }

    public static void main(String[] args) throws Exception {
        Backend be = Backends.load().create("vector", new BackendConfig(1, false));
        ProcessGroup g = ProcessGroups.load().create("mpi", GroupConfig.of(be, LaunchEnvironment.detect()));
        int r = g.rank();
        String tag = "rank " + r + "/" + g.size();
        switch (args[0]) {
            case "collectives" -> {
                Tensor t = Tensor.of(be, new float[] {r + 1, 10 * (r + 1), 0.5f}, Shape.of(3));
                Work w = g.allReduce(t, ReduceOp.SUM);
                w.await();
                System.out.println(tag + " allReduce " + Arrays.toString(t.toFloatArray()) + " in " + (w.seconds() >= 0 ? "measured" : "?") + " time");
                double[] d = {r, -r};
                g.allReduce(d, ReduceOp.MAX);
                System.out.println(tag + " max " + Arrays.toString(d));
                Tensor b = Tensor.of(be, new float[] {r == 1 ? 7 : -1, r == 1 ? 8 : -1}, Shape.of(2));
                g.broadcast(b, 1);
                System.out.println(tag + " broadcast " + Arrays.toString(b.toFloatArray()));
                byte[] bytes = r == 0 ? "hello".getBytes() : new byte[5];
                g.broadcast(bytes, 0);
                System.out.println(tag + " bytes " + new String(bytes));
                g.barrier();
                System.out.println(tag + " " + g.description());
                g.close();
                System.out.println(tag + " closed");
            }
            case "kill" -> {
                Tensor t = Tensor.of(be, new float[1000], Shape.of(1000));
                for (int step = 0; ; step++) {
                    if (r == 1 && step == 200) {
                        System.out.printf(Locale.ROOT, "rank 1 kills itself at %d%n", System.currentTimeMillis());
                        System.out.flush();
                        new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
                    }
                    g.allReduce(t, ReduceOp.SUM).await();
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        be.close();
    }
}
