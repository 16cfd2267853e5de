package dev.jnn.distributed.mpi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.distributed.ProcessGroups;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mpi provider for real: two ranks under Open MPI's mpirun (each a JVM, the binding on the class
 * path) run every collective, and a rank killed with SIGKILL mid-job makes the other stop within
 * seconds with one line naming it. Skips, saying why, where Open MPI is not installed
 * ({@code .ci/run} installs it).
 */
class MpiProcessGroupTest {
    @TempDir
    Path dir;

    /** The mpirun on PATH, or null. */
    static Path mpirun() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "mpirun");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    static void assumeOpenMpi() {
        var mpi = ProcessGroups.load().entries().stream().filter(e -> e.name().equals("mpi")).findFirst().orElseThrow();
        assumeTrue(mpi.availability().available(), () -> "Open MPI not usable here: " + mpi.availability().reasons());
        assumeTrue(mpirun() != null, "no mpirun on PATH (apt-get install openmpi-bin)");
    }

    /** Runs {@code ranks} copies of MpiRankMain under mpirun; returns the exit code and the merged output. */
    private Object[] mpirun(int ranks, String mode, long timeoutSeconds) throws Exception {
        String cp = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .flatMap(p -> java.util.Arrays.stream(p.split(File.pathSeparator))).filter(e -> !e.isBlank()).distinct()
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(mpirun().toString(), "--oversubscribe", "-np", String.valueOf(ranks),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", cp + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(),
                MpiRankMain.class.getName(), mode));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        // Tests and CI run as root; Open MPI refuses that unless told it is meant.
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT", "1");
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        long end = System.currentTimeMillis();
        if (!done) p.destroyForcibly().descendants().forEach(ProcessHandle::destroyForcibly);
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(done).as("mpirun ended within %d s; output:%n%s", timeoutSeconds, out).isTrue();
        return new Object[] {p.exitValue(), out, end, (System.nanoTime() - t0) / 1e9};
    }

    @Test
    void twoRanksRunEveryCollective() throws Exception {
        assumeOpenMpi();
        Object[] r = mpirun(2, "collectives", 120);
        String out = (String) r[1];
        assertThat((int) r[0]).as(out).isZero();
        for (int rank = 0; rank < 2; rank++) {
            String tag = "rank " + rank + "/2 ";
            assertThat(out).as(out).contains(tag + "allReduce [3.0, 30.0, 1.0] in measured time", tag + "max [1.0, 0.0]",
                    tag + "broadcast [7.0, 8.0]", tag + "bytes hello", tag + "mpi: Open MPI v", tag + "closed");
        }
    }

    @Test
    void aKilledRankStopsTheOtherWithinSecondsNamingIt() throws Exception {
        assumeOpenMpi();
        Object[] r = mpirun(2, "kill", 120);
        String out = (String) r[1];
        assertThat((int) r[0]).as(out).isNotZero();
        Matcher m = Pattern.compile("rank 1 kills itself at (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        double seconds = ((long) r[2] - Long.parseLong(m.group(1))) / 1e3;
        System.out.printf("killed rank: the job ended %.2f s after the kill%n", seconds);
        assertThat(out).as(out).contains("jnn: rank 1 of 2 is gone: its connection closed without a goodbye (the process was killed "
                + "or crashed); stopping rank 0");
        assertThat(out.lines().filter(l -> l.startsWith("jnn: ")).count()).as(out).isEqualTo(1);
        assertThat(seconds).as(out).isLessThan(10);
    }
}
