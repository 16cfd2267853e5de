package dev.jnn.distributed.nccl.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * NCCL ({@code libnccl.so.2}) and the few CUDA runtime calls it needs around it (a stream of its own,
 * queries), through FFM.
 *
 * <p>Unlike jnn's other bindings, the handles are instance fields of one loaded pair of libraries, not
 * static: the tests run the same code against a fake libnccl compiled at test time, in the JVM that
 * may also probe the real one. Constants are NCCL 2.x's {@code nccl.h} (unchanged since 2.7:
 * {@code ncclFloat32 = 7}, {@code ncclSum = 0}, {@code ncclMax = 2}, {@code ncclMin = 3},
 * {@code ncclSystemError = 2}, {@code ncclRemoteError = 6}, {@code ncclInProgress = 7}, a 128-byte {@code ncclUniqueId} passed by
 * value) and CUDA's ({@code cudaErrorNotReady = 600}, {@code cudaStreamNonBlocking = 1}). Every call
 * checks its status and throws {@link NcclException} naming the function.
 */
@SuppressWarnings("restricted")   // this class is where FFM's restricted calls live; the module asks for native access
final class Nccl {
    static final int SUCCESS = 0;
    static final int SYSTEM_ERROR = 2;
    static final int REMOTE_ERROR = 6;
    static final int IN_PROGRESS = 7;
    static final int FLOAT32 = 7;
    static final int SUM = 0;
    static final int MAX = 2;
    static final int MIN = 3;
    static final int UNIQUE_ID_BYTES = 128;
    static final StructLayout UNIQUE_ID = MemoryLayout.structLayout(MemoryLayout.sequenceLayout(UNIQUE_ID_BYTES, JAVA_BYTE).withName("internal"));
    static final int CUDA_ERROR_NOT_READY = 600;
    static final int STREAM_NON_BLOCKING = 1;

    private static final Linker LINKER = Linker.nativeLinker();

    private final Path ncclFile;
    private final Path cudartFile;
    private final MethodHandle getVersion;
    private final MethodHandle getUniqueId;
    private final MethodHandle commInitRank;
    private final MethodHandle allReduce;
    private final MethodHandle broadcast;
    private final MethodHandle commGetAsyncError;
    private final MethodHandle commAbort;
    private final MethodHandle commDestroy;
    private final MethodHandle getErrorString;
    private final MethodHandle cudaSetDevice;
    private final MethodHandle cudaGetDeviceCount;
    private final MethodHandle cudaStreamCreate;
    private final MethodHandle cudaStreamQuery;
    private final MethodHandle cudaStreamSynchronize;
    private final MethodHandle cudaStreamDestroy;
    private final MethodHandle cudaGetErrorName;

    private Nccl(Path ncclFile, SymbolLookup nccl, Path cudartFile, SymbolLookup cudart) {
        this.ncclFile = ncclFile;
        this.cudartFile = cudartFile;
        getVersion = handle(nccl, ncclFile, "ncclGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getUniqueId = handle(nccl, ncclFile, "ncclGetUniqueId", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        commInitRank = handle(nccl, ncclFile, "ncclCommInitRank", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, UNIQUE_ID, JAVA_INT));
        allReduce = handle(nccl, ncclFile, "ncclAllReduce",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        broadcast = handle(nccl, ncclFile, "ncclBroadcast",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        commGetAsyncError = handle(nccl, ncclFile, "ncclCommGetAsyncError", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        commAbort = handle(nccl, ncclFile, "ncclCommAbort", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        commDestroy = handle(nccl, ncclFile, "ncclCommDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getErrorString = handle(nccl, ncclFile, "ncclGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        cudaSetDevice = handle(cudart, cudartFile, "cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        cudaGetDeviceCount = handle(cudart, cudartFile, "cudaGetDeviceCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cudaStreamCreate = handle(cudart, cudartFile, "cudaStreamCreateWithFlags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cudaStreamQuery = handle(cudart, cudartFile, "cudaStreamQuery", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cudaStreamSynchronize = handle(cudart, cudartFile, "cudaStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cudaStreamDestroy = handle(cudart, cudartFile, "cudaStreamDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cudaGetErrorName = handle(cudart, cudartFile, "cudaGetErrorName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /**
     * Loads the two libraries from these files into the global arena (the handles live as long as
     * this object, which the provider keeps for the life of the process).
     *
     * @throws NcclException naming the file or symbol when one cannot be loaded
     */
    static Nccl load(Path nccl, Path cudart) {
        return new Nccl(nccl, open(nccl), cudart, open(cudart));
    }

    private static SymbolLookup open(Path file) {
        try {
            return SymbolLookup.libraryLookup(file, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new NcclException("cannot load " + file + ": " + e.getMessage());
        }
    }

    private static MethodHandle handle(SymbolLookup lib, Path file, String symbol, FunctionDescriptor d) {
        MemorySegment at = lib.find(symbol).orElseThrow(() -> new NcclException("symbol " + symbol + " not found in " + file
                + " (too old, or not the expected library?)"));
        return LINKER.downcallHandle(at, d);
    }

    Path ncclFile() {
        return ncclFile;
    }

    Path cudartFile() {
        return cudartFile;
    }

    /** {@code ncclGetVersion}: e.g. 22105 for 2.21.5 (2.8 and earlier: 2708 for 2.7.8). */
    int version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) getVersion.invokeExact(v), "ncclGetVersion");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The version as "2.21.5". */
    static String versionText(int code) {
        return code < 10000 ? code / 1000 + "." + code / 100 % 10 + "." + code % 100 : code / 10000 + "." + code / 100 % 100 + "." + code % 100;
    }

    /** {@code ncclGetUniqueId}: the blob rank 0 hands to every rank. */
    byte[] uniqueId() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment id = a.allocate(UNIQUE_ID);
            check((int) getUniqueId.invokeExact(id), "ncclGetUniqueId");
            return id.toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ncclCommInitRank}: joins the communicator (blocks until every rank has). */
    MemorySegment commInitRank(int nranks, byte[] uniqueId, int rank) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment comm = a.allocate(ADDRESS);
            MemorySegment id = a.allocate(UNIQUE_ID);
            MemorySegment.copy(uniqueId, 0, id, JAVA_BYTE, 0, UNIQUE_ID_BYTES);
            check((int) commInitRank.invokeExact(comm, nranks, id, rank), "ncclCommInitRank");
            return comm.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ncclAllReduce}, queued on {@code stream}. */
    void allReduce(MemorySegment send, MemorySegment recv, long count, int type, int op, MemorySegment comm, MemorySegment stream) {
        try {
            check((int) allReduce.invokeExact(send, recv, count, type, op, comm, stream), "ncclAllReduce");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ncclBroadcast}, queued on {@code stream}. */
    void broadcast(MemorySegment send, MemorySegment recv, long count, int type, int root, MemorySegment comm, MemorySegment stream) {
        try {
            check((int) broadcast.invokeExact(send, recv, count, type, root, comm, stream), "ncclBroadcast");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ncclCommGetAsyncError}: ncclSuccess, ncclInProgress, or what went wrong in the background. */
    int asyncError(MemorySegment comm) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(JAVA_INT);
            check((int) commGetAsyncError.invokeExact(comm, r), "ncclCommGetAsyncError");
            return r.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ncclCommAbort}: frees the communicator and stops what it still runs; safe from another thread. */
    void abort(MemorySegment comm) {
        try {
            int ignored = (int) commAbort.invokeExact(comm);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ncclCommDestroy}. */
    void destroy(MemorySegment comm) {
        try {
            check((int) commDestroy.invokeExact(comm), "ncclCommDestroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** NCCL's text for a result code. */
    String errorString(int result) {
        try {
            MemorySegment s = (MemorySegment) getErrorString.invokeExact(result);
            return s.equals(MemorySegment.NULL) ? "ncclResult " + result : s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cudaSetDevice}. */
    void setDevice(int device) {
        try {
            checkCuda((int) cudaSetDevice.invokeExact(device), "cudaSetDevice");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cudaGetDeviceCount}; throws (no driver, too old a driver) rather than return 0. */
    int deviceCount() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_INT);
            checkCuda((int) cudaGetDeviceCount.invokeExact(n), "cudaGetDeviceCount");
            return n.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A non-blocking stream of NCCL's own (no implicit ordering with the legacy default stream). */
    MemorySegment streamCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(ADDRESS);
            checkCuda((int) cudaStreamCreate.invokeExact(s, STREAM_NON_BLOCKING), "cudaStreamCreateWithFlags");
            return s.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** True when everything queued on {@code stream} is done; false while it runs. */
    boolean streamDone(MemorySegment stream) {
        try {
            int rc = (int) cudaStreamQuery.invokeExact(stream);
            if (rc == CUDA_ERROR_NOT_READY) return false;
            checkCuda(rc, "cudaStreamQuery");
            return true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cudaStreamSynchronize}. */
    void streamSynchronize(MemorySegment stream) {
        try {
            checkCuda((int) cudaStreamSynchronize.invokeExact(stream), "cudaStreamSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cudaStreamDestroy}. */
    void streamDestroy(MemorySegment stream) {
        try {
            checkCuda((int) cudaStreamDestroy.invokeExact(stream), "cudaStreamDestroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private void check(int result, String function) {
        if (result != SUCCESS && result != IN_PROGRESS) {
            throw new NcclException(function + ": " + errorString(result) + " (ncclResult " + result + ")");
        }
    }

    private void checkCuda(int status, String function) throws Throwable {
        if (status != 0) {
            MemorySegment name = (MemorySegment) cudaGetErrorName.invokeExact(status);
            throw new NcclException(function + ": " + (name.equals(MemorySegment.NULL) ? "cudaError" : name.reinterpret(256).getString(0))
                    + " (" + status + ")");
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed unexpectedly", t);
    }
}
