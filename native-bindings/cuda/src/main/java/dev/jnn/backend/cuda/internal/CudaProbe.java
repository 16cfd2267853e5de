package dev.jnn.backend.cuda.internal;

import dev.jnn.core.spi.Availability;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether the cuda backend can run here, and why not: every missing library with the places
 * searched, no driver, a driver older than the runtime, no device. When it can, it reports the GPU
 * and the versions and files of every library loaded.
 *
 * <p>The decision ({@link #reasons}) is a pure function of discovery and {@link RuntimeState}, so
 * tests cover each case without a GPU; {@link #probe()} feeds it this machine's facts.
 */
public final class CudaProbe {
    /** cuDNN's major version that the legacy bindings were written against. */
    static final int CUDNN_MAJOR = 9;

    private CudaProbe() {
    }

    /** Probes this process: discovery, then the runtime, then (only when all is well) the libraries' versions. */
    public static Availability probe() {
        CudaLibraries libs = CudaLibraries.system();
        Map<CudaLibrary, LibraryLocation> found = libs.locateAll();
        RuntimeState state = null;
        String runtimeFailure = null;
        if (found.get(CudaLibrary.CUDART).found()) {
            try {
                state = RuntimeState.read();
            } catch (RuntimeException | ExceptionInInitializerError e) {
                runtimeFailure = "CUDA runtime " + found.get(CudaLibrary.CUDART).file().orElseThrow() + " unusable: " + message(e);
            }
        }
        List<String> reasons = new ArrayList<>(reasons(found, state));
        if (runtimeFailure != null) reasons.add(runtimeFailure);
        if (!reasons.isEmpty()) return Availability.unavailable(reasons);
        try {
            return Availability.available(details(found, state));
        } catch (RuntimeException | ExceptionInInitializerError e) {
            return Availability.unavailable(message(e));
        }
    }

    /**
     * Every reason the backend cannot run in a process that has not enabled native access for
     * {@code module}, from discovery alone (no library is loaded): the missing libraries, then the
     * flag, with the versions of the libraries found taken from their file names.
     */
    public static List<String> withoutNativeAccess(Map<CudaLibrary, LibraryLocation> found, Module module) {
        List<String> reasons = new ArrayList<>(LibraryLocation.describeMissing(found.values()));
        List<String> present = found.values().stream().filter(LibraryLocation::found)
                .map(l -> l.library().title() + " " + versionOf(l.file().orElseThrow())).toList();
        reasons.add(Availability.nativeAccessNotEnabled(module,
                "the CUDA libraries" + (present.isEmpty() ? "" : " (found " + String.join(", ", present) + ")")));
        return reasons;
    }

    /** The version in the name of the file {@code lib} is or links to ({@code libcudart.so.13.0.48} → 13.0.48). */
    static String versionOf(Path lib) {
        String best = soVersion(lib.getFileName().toString());
        try {
            String real = soVersion(lib.toRealPath().getFileName().toString());
            if (real.length() > best.length()) best = real;
        } catch (IOException e) {
            // The link's own name is all there is.
        }
        return best.isEmpty() ? "(version unknown)" : best;
    }

    private static String soVersion(String fileName) {
        int at = fileName.indexOf(".so.");
        return at < 0 ? "" : fileName.substring(at + 4);
    }

    /**
     * Every reason the backend cannot run, in a stable order: missing libraries first, then driver
     * and device problems.
     *
     * @param found where each library is, or every place searched
     * @param state what the runtime said, or null when it could not be asked (no libcudart)
     */
    public static List<String> reasons(Map<CudaLibrary, LibraryLocation> found, RuntimeState state) {
        List<String> reasons = new ArrayList<>(LibraryLocation.describeMissing(found.values()));
        if (state == null) return reasons;
        int needed = state.runtimeVersion() / 1000 * 1000;  // minor-version compatibility: any driver of the same major
        if (state.driverVersion() == 0) {
            reasons.add("no NVIDIA driver: cudaDriverGetVersion returned 0 (install the driver, or check that libcuda.so.1 is visible)");
        } else if (state.driverVersion() < needed) {
            reasons.add("driver supports CUDA " + RuntimeState.format(state.driverVersion()) + ", runtime "
                    + RuntimeState.format(state.runtimeVersion()) + " needs " + RuntimeState.format(needed)
                    + " or newer: update the NVIDIA driver or use CUDA " + state.driverVersion() / 1000 + " libraries");
        }
        if (state.deviceError() != null) {
            reasons.add("no usable GPU: " + state.deviceError());
        } else if (state.deviceCount() == 0) {
            reasons.add("no GPU: cudaGetDeviceCount found 0 devices (check CUDA_VISIBLE_DEVICES)");
        }
        return reasons;
    }

    private static String details(Map<CudaLibrary, LibraryLocation> found, RuntimeState state) {
        DeviceInfo gpu = CudaRuntime.deviceInfo(0);
        long cudnn = Cudnn.version();
        if (cudnn / 10000 != CUDNN_MAJOR) {
            throw new CudaUnavailableException("cuDNN " + cudnn + " found, need cuDNN " + CUDNN_MAJOR + ".x");
        }
        int[] nvrtc = Nvrtc.version();
        StringBuilder sb = new StringBuilder();
        sb.append("GPU 0 of ").append(state.deviceCount()).append(": ").append(gpu)
                .append("; driver CUDA ").append(RuntimeState.format(state.driverVersion()))
                .append(", runtime ").append(RuntimeState.format(state.runtimeVersion()))
                .append(", cuBLAS ").append(Cublas.version())
                .append(", cuDNN ").append(cudnn / 10000).append('.').append(cudnn % 10000 / 100).append('.').append(cudnn % 100)
                .append(", NVRTC ").append(nvrtc[0]).append('.').append(nvrtc[1]).append("; files:");
        for (LibraryLocation loc : found.values()) sb.append(' ').append(loc.file().orElseThrow());
        return sb.toString();
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
