package dev.jnn.backend.cuda.internal;

/**
 * What the CUDA runtime says about the driver and devices, as the probe reads it.
 *
 * @param runtimeVersion 1000·major + 10·minor of libcudart
 * @param driverVersion  the CUDA version the driver supports, 0 when no driver is installed
 * @param deviceCount    devices visible, 0 when {@code deviceError} is set
 * @param deviceError    the failure of {@code cudaGetDeviceCount}, or null
 */
public record RuntimeState(int runtimeVersion, int driverVersion, int deviceCount, String deviceError) {
    /** Asks the loaded runtime; never throws for a missing driver or device, which are states here. */
    static RuntimeState read() {
        int runtime = CudaRuntime.runtimeVersion();
        int driver = CudaRuntime.driverVersion();
        try {
            return new RuntimeState(runtime, driver, CudaRuntime.deviceCount(), null);
        } catch (CudaException e) {
            return new RuntimeState(runtime, driver, 0, e.getMessage());
        }
    }

    /** {@code 13.0} for 13000. */
    static String format(int version) {
        return version / 1000 + "." + version % 1000 / 10;
    }
}
