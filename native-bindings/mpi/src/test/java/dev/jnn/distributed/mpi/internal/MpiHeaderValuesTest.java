package dev.jnn.distributed.mpi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The constants the binding hard-codes are Open MPI's: a C program compiled against the installed
 * mpi.h prints them (skips without gcc or mpi.h, as on a machine without libopenmpi-dev).
 */
class MpiHeaderValuesTest {
    static final Path INCLUDE = Path.of("/usr/lib/x86_64-linux-gnu/openmpi/include");

    @TempDir
    Path dir;

    @Test
    void constantsMatchMpiH() throws Exception {
        Path gcc = Path.of("/usr/bin/gcc");
        assumeTrue(Files.isExecutable(gcc), "no C compiler at " + gcc);
        assumeTrue(Files.exists(INCLUDE.resolve("mpi.h")), "no " + INCLUDE.resolve("mpi.h") + " (apt-get install libopenmpi-dev)");
        Path src = dir.resolve("values.c");
        Files.writeString(src, """
                #include <stdio.h>
                #include <stdint.h>
                #include <mpi.h>
                int main(void) {
                    printf("%d %d %ld %d %d %d\\n", MPI_THREAD_FUNNELED, MPI_THREAD_SERIALIZED, (long) (intptr_t) MPI_IN_PLACE,
                           MPI_MAX_LIBRARY_VERSION_STRING, MPI_MAX_ERROR_STRING, MPI_SUCCESS);
                    return 0;
                }
                """);
        Path exe = dir.resolve("values");
        run(gcc.toString(), "-I" + INCLUDE, src.toString(), "-o", exe.toString());
        assertThat(run(exe.toString()).trim()).isEqualTo(Mpi.THREAD_FUNNELED + " " + Mpi.THREAD_SERIALIZED + " "
                + Mpi.IN_PLACE.address() + " " + Mpi.MAX_STRING + " " + Mpi.MAX_STRING + " 0");
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
