package dev.jnn.distributed.mpi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.distributed.ProcessGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ServiceLoader finds the provider on the module path; its probe names Open MPI's version and file, or says why not. */
class MpiProviderTest {
    @Test
    void theProviderIsFoundOnTheModulePathAndProbesOpenMpi() {
        ProcessGroups.Entry e = ProcessGroups.load().entries().stream().filter(x -> x.name().equals("mpi")).findFirst().orElseThrow();
        assertThat(e.source()).startsWith("dev.jnn.distributed.mpi ");
        if (!e.availability().available()) {
            assertThat(e.availability().reasons()).singleElement().asString().startsWith("mpi: libmpi.so.40 or libmpi.so not found");
            assumeTrue(false, "Open MPI is not installed here: " + e.availability().reasons());
        }
        assertThat(e.availability().details()).startsWith("Open MPI v").contains("libmpi.so");
    }

    @Test
    void jnnMpiLibThatIsMissingOrNotOpenMpiIsOneReason() {
        assertThat(new MpiProvider().probe("/nonexistent/libmpi.so").reasons())
                .containsExactly("mpi: JNN_MPI_LIB=/nonexistent/libmpi.so is not a file");
        Path libm = Path.of("/lib/x86_64-linux-gnu/libm.so.6");
        assumeTrue(Files.exists(libm), "no " + libm + " to stand for another MPI");
        assertThat(new MpiProvider().probe(libm.toString()).reasons()).containsExactly("mpi: " + libm + " is not Open MPI (no symbol "
                + "ompi_mpi_comm_world): only Open MPI's ABI is bound (MPICH and Intel MPI differ); point JNN_MPI_LIB at Open MPI's libmpi.so.40");
    }
}
