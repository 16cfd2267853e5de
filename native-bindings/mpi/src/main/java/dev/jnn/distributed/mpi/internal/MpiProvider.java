package dev.jnn.distributed.mpi.internal;

import dev.jnn.core.spi.Availability;
import dev.jnn.distributed.ProcessGroup;
import dev.jnn.distributed.spi.GroupConfig;
import dev.jnn.distributed.spi.ProcessGroupProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Provides the "mpi" process group. Its probe opens libmpi and asks it for its version (callable
 * before MPI_Init: no process is started, nothing is communicated); any failure becomes a reason.
 */
public final class MpiProvider implements ProcessGroupProvider {
    @Override
    public String name() {
        return "mpi";
    }

    @Override
    public Availability probe() {
        return probe(System.getenv("JNN_MPI_LIB"));
    }

    /** The probe with {@code env} standing for JNN_MPI_LIB's value (tests). */
    Availability probe(String env) {
        try {
            MpiLibrary lib = MpiLibrary.open(env);
            if (!lib.has("ompi_mpi_comm_world")) {
                return Availability.unavailable("mpi: " + lib.file() + " is not Open MPI (no symbol ompi_mpi_comm_world): only Open MPI's "
                        + "ABI is bound (MPICH and Intel MPI differ); point JNN_MPI_LIB at Open MPI's libmpi.so.40");
            }
            String mpirun = mpirun();
            return Availability.available(Mpi.libraryVersion().split(",")[0] + ", " + Mpi.file()
                    + (mpirun == null ? ", no mpirun on PATH" : ", launch with " + mpirun));
        } catch (MpiUnavailableException e) {
            return Availability.unavailable("mpi: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("mpi: probing libmpi failed: " + e);
        }
    }

    private static String mpirun() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "mpirun");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    @Override
    public ProcessGroup create(GroupConfig config) {
        Availability a = probe();
        if (!a.available()) throw new IllegalStateException("collective library mpi is not available: " + String.join("; ", a.reasons()));
        return MpiProcessGroup.start(config);
    }
}
