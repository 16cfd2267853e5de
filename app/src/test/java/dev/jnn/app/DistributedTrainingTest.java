package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.distributed.ProcessGroups;
import dev.jnn.nn.Layer;
import dev.jnn.nn.StateDicts;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.train.Checkpoint;
import dev.jnn.train.CheckpointException;
import dev.jnn.testing.VectorBackendScope;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jnn train --distributed mpi} for real, each rank a JVM under Open MPI's mpirun, on MNIST
 * with the mlp recipe and one thread per rank: two ranks end with the weights of one process that
 * reads the same global batches (within float32 rounding after 50 steps), one rank through MPI is
 * that process bit for bit, and a rank killed with SIGKILL stops the other within seconds with one
 * line naming it, leaving a checkpoint from which {@code --resume} on two ranks ends exactly where an
 * uninterrupted two-rank run does. Skips, saying why, where Open MPI is not installed ({@code .ci/run}
 * installs it).
 */
@ExtendWith(VectorBackendScope.class)
class DistributedTrainingTest {
    private static final int STEPS = 50;

    @TempDir
    Path dir;

    private static Path mpirun() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "mpirun");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static void assumeOpenMpi() {
        var mpi = ProcessGroups.load().entries().stream().filter(e -> e.name().equals("mpi")).findFirst();
        assumeTrue(mpi.isPresent(), "the mpi provider is not on the module path");
        assumeTrue(mpi.get().availability().available(), () -> "Open MPI not usable here: " + mpi.get().availability().reasons());
        assumeTrue(mpirun() != null, "no mpirun on PATH (apt-get install openmpi-bin)");
    }

    /** The java command that runs jnn as ./jnn does, on this test's module path. */
    private static List<String> java() {
        String testPath = System.getProperty("jdk.module.path");
        assertThat(testPath).as("the tests run on the module path").isNotNull();
        List<String> entries = java.util.stream.Stream.of(testPath, System.getProperty("java.class.path", ""))
                .flatMap(p -> java.util.Arrays.stream(p.split(File.pathSeparator)))
                .filter(e -> e.endsWith(".jar") || e.endsWith("classes") && !e.endsWith("test-classes")).distinct().toList();
        String modulePath = entries.stream().filter(e -> !dnnl(e)).collect(Collectors.joining(File.pathSeparator));
        String classPath = entries.stream().filter(DistributedTrainingTest::dnnl).collect(Collectors.joining(File.pathSeparator));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "--add-modules", "jdk.incubator.vector,ALL-MODULE-PATH",
                "--enable-native-access=ALL-UNNAMED,dev.jnn.distributed.mpi", "-Djava.awt.headless=true",
                "-Dguice_custom_class_loading=CHILD", "-cp", classPath, "-p", modulePath, "-m", "dev.jnn.app/dev.jnn.app.Main");
    }

    private static boolean dnnl(String entry) {
        return Path.of(entry).getFileName().toString().startsWith("dnnl-");
    }

    /** Starts jnn with {@code args} on {@code ranks} ranks under mpirun (0: a plain process); output to {@code log}. */
    private static Process start(int ranks, Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (ranks > 0) cmd.addAll(List.of(mpirun().toString(), "--oversubscribe", "-np", String.valueOf(ranks)));
        cmd.addAll(java());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // The tests (and CI) run as root, which Open MPI refuses unless told it is meant.
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT", "1");
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        return pb.start();
    }

    private static String run(int ranks, Path log, String... args) throws Exception {
        Process p = start(ranks, log, args);
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) p.descendants().forEach(ProcessHandle::destroyForcibly);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as("finished within 5 minutes:%n%s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String[] mlp(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--model", "mlp", "--threads", "1", "--no-plots", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static Map<String, float[]> weights(Path run) throws Exception {
        Layer m = ModelZoo.create("mlp");
        StateDicts.load(m, run.resolve("model.safetensors"));
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> out.put(k, t.toFloatArray()));
        return out;
    }

    @Test
    void twoRanksEndWithTheWeightsOfOneProcessOverTheSameGlobalBatches() throws Exception {
        assumeOpenMpi();
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        Path single = dir.resolve("mpi-one-rank");
        run(0, dir.resolve("one.log"), mlp(one, "--max-steps", String.valueOf(STEPS)));
        String out = run(2, dir.resolve("two.log"), mlp(two, "--max-steps", String.valueOf(STEPS), "--distributed", "mpi"));
        assertThat(out).contains("distributed: 2 ranks, mpi: Open MPI", "rank 0 of 2", "gradient all-reduce: ")
                .contains("stopped after " + STEPS + " steps");
        assertThat(out.lines().filter(l -> l.startsWith("recipe: ")).count()).as("only rank 0 prints").isEqualTo(1);

        Map<String, float[]> a = weights(one);
        Map<String, float[]> b = weights(two);
        double worst = 0;
        for (String k : a.keySet()) {
            for (int i = 0; i < a.get(k).length; i++) {
                double diff = Math.abs(a.get(k)[i] - b.get(k)[i]);
                worst = Math.max(worst, diff);
                // float32 sums in another order: a few units in the last place after 50 steps.
                assertThat(diff).as("%s[%d]: %s vs %s", k, i, a.get(k)[i], b.get(k)[i]).isLessThanOrEqualTo(1e-6 + 1e-5 * Math.abs(a.get(k)[i]));
            }
        }
        System.out.printf(Locale.ROOT, "2 ranks vs 1 process after %d mlp steps: largest weight difference %.3g%n", STEPS, worst);

        // One rank through MPI (a singleton, no mpirun): the all-reduce of one is the identity, bit for bit.
        run(0, dir.resolve("single.log"), mlp(single, "--max-steps", String.valueOf(STEPS), "--distributed", "mpi"));
        assertThat(Files.readAllBytes(single.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(one.resolve("model.safetensors")));
    }

    @Test
    void aKilledRankStopsTheOtherWithOneLineAndTheRunResumesOnTwoRanksToTheSameWeights() throws Exception {
        assumeOpenMpi();
        String[] flags = {"--max-steps", "200", "--checkpoint-every", "10", "--distributed", "mpi"};
        Path whole = dir.resolve("whole");
        run(2, dir.resolve("whole.log"), mlp(whole, flags));

        Path killed = dir.resolve("killed");
        Path log = dir.resolve("killed.log");
        Process job = start(2, log, mlp(killed, flags));
        long step = waitForCheckpoint(killed.resolve("checkpoint.safetensors"), 20, job, log);
        ProcessHandle rank1 = rankProcess(job, 1);
        long t0 = System.nanoTime();
        rank1.destroyForcibly();   // SIGKILL
        assertThat(job.waitFor(60, TimeUnit.SECONDS)).as("the job ends after a rank is killed").isTrue();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "killed rank 1 after a checkpoint at step %d: the job ended %.2f s later%n", step, seconds);
        assertThat(job.exitValue()).as(out).isNotZero();
        List<String> ours = out.lines().filter(l -> l.startsWith("jnn")).toList();
        assertThat(ours).as(out).containsExactly("jnn train: rank 1 of 2 is gone: its connection closed without a goodbye "
                + "(the process was killed or crashed); stopping rank 0");
        assertThat(seconds).as(out).isLessThan(10);
        assertThat(killed.resolve("model.safetensors")).doesNotExist();
        long saved = Checkpoint.read(killed.resolve("checkpoint.safetensors")).step();
        assertThat(saved).as("the last checkpoint is intact").isBetween(step, 199L);

        String resumed = run(2, dir.resolve("resumed.log"), "train", "--resume", killed.toString());
        assertThat(resumed).containsPattern("resuming from .*checkpoint.safetensors: step " + saved + ", epoch 1")
                .contains("stopped after 200 steps");
        assertThat(Files.readAllBytes(killed.resolve("model.safetensors")))
                .as("weights after a kill at step >= %d and --resume on two ranks", saved)
                .isEqualTo(Files.readAllBytes(whole.resolve("model.safetensors")));
    }

    @Test
    void backendsListsTheCollectivesAndABadNameIsAUsageError() {
        CliRun r = CliRun.of("backends");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("collectives for --distributed:").containsPattern("(?m)^mpi +(available|not available)$")
                .contains("from dev.jnn.distributed.mpi");
        CliRun bad = CliRun.of("train", "--distributed", "gloo", "--max-steps", "1");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.errLines()).containsExactly("jnn train: --distributed must be mpi or nccl, got 'gloo' (see 'jnn backends' for what "
                + "is installed)");
    }

    /** Polls until the run's checkpoint has reached {@code step}; returns the step seen. */
    private static long waitForCheckpoint(Path file, long step, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the run ended before a checkpoint at step %d: %s", step, Files.readString(log)).isTrue();
            if (Files.exists(file)) {
                try {
                    long s = Checkpoint.read(file).step();
                    if (s >= step) return s;
                } catch (CheckpointException renamedWhileReading) {
                    // The next checkpoint replaced it while we read; look again.
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint at step " + step + " within 5 minutes");
    }

    /** The JVM mpirun started as rank {@code rank} (Open MPI puts OMPI_COMM_WORLD_RANK in its environment). */
    private static ProcessHandle rankProcess(Process mpirun, int rank) throws Exception {
        for (ProcessHandle h : mpirun.descendants().toList()) {
            Optional<String> cmd = h.info().command();
            if (cmd.isEmpty() || !cmd.get().endsWith("/java")) continue;
            Path environ = Path.of("/proc", String.valueOf(h.pid()), "environ");
            String env = new String(Files.readAllBytes(environ), StandardCharsets.UTF_8);
            if (List.of(env.split("\0")).contains("OMPI_COMM_WORLD_RANK=" + rank)) return h;
        }
        throw new AssertionError("no process of rank " + rank + " under mpirun");
    }
}
