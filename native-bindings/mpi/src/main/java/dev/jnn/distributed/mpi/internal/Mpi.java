package dev.jnn.distributed.mpi.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * Open MPI's C API ({@code libmpi.so.40}) through FFM: the dozen calls data-parallel training needs.
 *
 * <p>Open MPI's predefined handles ({@code MPI_COMM_WORLD}, {@code MPI_FLOAT}, {@code MPI_SUM}, ...)
 * are the addresses of global objects ({@code ompi_mpi_comm_world}, ...), not integers as in MPICH,
 * and {@code MPI_IN_PLACE} is {@code (void *) 1} (mpi.h of Open MPI 4.1; {@code MpiHeaderValuesTest}
 * compiles against it). The class loads the library when first used: call {@link MpiLibrary#open()}
 * first where a missing library must be a reason rather than an error. Every call checks its return
 * code and throws {@link MpiException} naming the function; the communicator is switched to
 * {@code MPI_ERRORS_RETURN} so that errors come back rather than end the job.
 */
@SuppressWarnings("restricted")   // reinterpret() sizes the version and error strings
final class Mpi {
    /** {@code MPI_THREAD_SERIALIZED}: any thread may call, one at a time (jnn calls from one thread only). */
    static final int THREAD_SERIALIZED = 2;
    /** {@code MPI_THREAD_FUNNELED}: only the thread that initialised MPI calls it, which is what jnn does. */
    static final int THREAD_FUNNELED = 1;
    /** {@code MPI_IN_PLACE}. */
    static final MemorySegment IN_PLACE = MemorySegment.ofAddress(1);
    /** {@code MPI_MAX_LIBRARY_VERSION_STRING} and {@code MPI_MAX_ERROR_STRING} in Open MPI. */
    static final int MAX_STRING = 256;

    private static final MpiLibrary LIB = MpiLibrary.open();

    static final MemorySegment COMM_WORLD = LIB.global("ompi_mpi_comm_world");
    static final MemorySegment FLOAT = LIB.global("ompi_mpi_float");
    static final MemorySegment DOUBLE = LIB.global("ompi_mpi_double");
    static final MemorySegment BYTE = LIB.global("ompi_mpi_byte");
    static final MemorySegment SUM = LIB.global("ompi_mpi_op_sum");
    static final MemorySegment MAX = LIB.global("ompi_mpi_op_max");
    static final MemorySegment MIN = LIB.global("ompi_mpi_op_min");
    static final MemorySegment ERRORS_RETURN = LIB.global("ompi_mpi_errors_return");

    private static final MethodHandle GET_LIBRARY_VERSION = LIB.downcall("MPI_Get_library_version", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle INITIALIZED = LIB.downcall("MPI_Initialized", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle INIT_THREAD = LIB.downcall("MPI_Init_thread", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle COMM_RANK = LIB.downcall("MPI_Comm_rank", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle COMM_SIZE = LIB.downcall("MPI_Comm_size", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle COMM_SET_ERRHANDLER = LIB.downcall("MPI_Comm_set_errhandler", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ALLREDUCE = LIB.downcall("MPI_Allreduce", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BCAST = LIB.downcall("MPI_Bcast", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle BARRIER = LIB.downcall("MPI_Barrier", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ABORT = LIB.downcall("MPI_Abort", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FINALIZE = LIB.downcall("MPI_Finalize", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle ERROR_STRING = LIB.downcall("MPI_Error_string", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private Mpi() {
    }

    /** The file libmpi was loaded from. */
    static String file() {
        return LIB.file();
    }

    /** {@code MPI_Get_library_version}'s first line, e.g. "Open MPI v4.1.4, package: Debian OpenMPI, ..."; callable before init. */
    static String libraryVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(MAX_STRING);
            MemorySegment len = a.allocate(JAVA_INT);
            check((int) GET_LIBRARY_VERSION.invokeExact(buf, len), "MPI_Get_library_version");
            String s = new String(buf.asSlice(0, Math.min(MAX_STRING, len.get(JAVA_INT, 0))).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8).trim();
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Whether MPI_Init has run in this process. */
    static boolean initialized() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment flag = a.allocate(JAVA_INT);
            check((int) INITIALIZED.invokeExact(flag), "MPI_Initialized");
            return flag.get(JAVA_INT, 0) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code MPI_Init_thread(NULL, NULL, required, &provided)}; returns the thread level provided. */
    static int initThread(int required) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment provided = a.allocate(JAVA_INT);
            check((int) INIT_THREAD.invokeExact(MemorySegment.NULL, MemorySegment.NULL, required, provided), "MPI_Init_thread");
            return provided.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Makes errors on MPI_COMM_WORLD return codes instead of ending the job. */
    static void errorsReturn() {
        try {
            check((int) COMM_SET_ERRHANDLER.invokeExact(COMM_WORLD, ERRORS_RETURN), "MPI_Comm_set_errhandler");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** This process's rank in MPI_COMM_WORLD. */
    static int rank() {
        return intOut(COMM_RANK, "MPI_Comm_rank");
    }

    /** The size of MPI_COMM_WORLD. */
    static int size() {
        return intOut(COMM_SIZE, "MPI_Comm_size");
    }

    private static int intOut(MethodHandle h, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) h.invokeExact(COMM_WORLD, v), name);
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code MPI_Allreduce(MPI_IN_PLACE, buf, count, type, op, MPI_COMM_WORLD)}, in chunks of at most 2^31-1 elements. */
    static void allReduceInPlace(MemorySegment buf, long count, long elementBytes, MemorySegment type, MemorySegment op) {
        try {
            for (long done = 0; done < count; ) {
                int n = (int) Math.min(Integer.MAX_VALUE, count - done);
                check((int) ALLREDUCE.invokeExact(IN_PLACE, buf.asSlice(done * elementBytes), n, type, op, COMM_WORLD), "MPI_Allreduce");
                done += n;
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code MPI_Bcast(buf, count, type, root, MPI_COMM_WORLD)}, in chunks of at most 2^31-1 elements. */
    static void broadcast(MemorySegment buf, long count, long elementBytes, MemorySegment type, int root) {
        try {
            for (long done = 0; done < count; ) {
                int n = (int) Math.min(Integer.MAX_VALUE, count - done);
                check((int) BCAST.invokeExact(buf.asSlice(done * elementBytes), n, type, root, COMM_WORLD), "MPI_Bcast");
                done += n;
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code MPI_Barrier(MPI_COMM_WORLD)}. */
    static void barrier() {
        try {
            check((int) BARRIER.invokeExact(COMM_WORLD), "MPI_Barrier");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code MPI_Abort(MPI_COMM_WORLD, code)}: Open MPI ends every process of the job, this one too. */
    static void abort(int code) {
        try {
            int ignored = (int) ABORT.invokeExact(COMM_WORLD, code);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code MPI_Finalize()}. */
    static void finish() {
        try {
            check((int) FINALIZE.invokeExact(), "MPI_Finalize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** MPI's text for an error code. */
    static String errorString(int code) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(MAX_STRING);
            MemorySegment len = a.allocate(JAVA_INT);
            int rc = (int) ERROR_STRING.invokeExact(code, buf, len);
            if (rc != 0) return "unknown error";
            return new String(buf.asSlice(0, Math.min(MAX_STRING, len.get(JAVA_INT, 0))).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8).trim();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Throws {@link MpiException} naming {@code function} unless {@code rc} is MPI_SUCCESS (0). */
    static void check(int rc, String function) {
        if (rc != 0) throw new MpiException(function, rc, errorString(rc));
    }

    /** Downcalls throw nothing checked: anything here is a binding bug or an Error. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed unexpectedly", t);
    }
}
