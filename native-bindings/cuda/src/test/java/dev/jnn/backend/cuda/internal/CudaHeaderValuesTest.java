package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's enum values and {@code cudaDeviceProp} offsets used by the bindings, compared with
 * what a C compiler reads from the installed toolkit's headers. Skips, saying why, without a
 * toolkit or a C compiler.
 */
class CudaHeaderValuesTest {
    private static final Path INCLUDE = Path.of("/usr/local/cuda/include");

    @TempDir
    Path dir;

    @Test
    void bindingConstantsMatchTheToolkitHeaders() throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(INCLUDE.resolve("cuda_runtime_api.h")), "no CUDA headers in " + INCLUDE);
        Path gcc = Path.of("/usr/bin/gcc");
        assumeTrue(Files.isExecutable(gcc), "no C compiler at " + gcc);
        Path src = Files.writeString(dir.resolve("values.c"), """
                #include <stdio.h>
                #include <stddef.h>
                #include <cuda_runtime_api.h>
                int main(void) {
                    printf("H2D %d\\nD2H %d\\nD2D %d\\n", cudaMemcpyHostToDevice, cudaMemcpyDeviceToHost, cudaMemcpyDeviceToDevice);
                    printf("NONBLOCKING %d\\nDISABLE_TIMING %d\\n", cudaStreamNonBlocking, cudaEventDisableTiming);
                    printf("SMS %d\\nMAJOR %d\\nMINOR %d\\n", cudaDevAttrMultiProcessorCount,
                           cudaDevAttrComputeCapabilityMajor, cudaDevAttrComputeCapabilityMinor);
                    printf("NO_DEVICE %d\\nINSUFFICIENT_DRIVER %d\\n", cudaErrorNoDevice, cudaErrorInsufficientDriver);
                    printf("PROP_SIZE %zu\\nPROP_NAME %zu\\nPROP_TOTAL %zu\\n", sizeof(struct cudaDeviceProp),
                           offsetof(struct cudaDeviceProp, name), offsetof(struct cudaDeviceProp, totalGlobalMem));
                    return 0;
                }
                """);
        Path exe = dir.resolve("values");
        run(gcc.toString(), "-I" + INCLUDE, src.toString(), "-o", exe.toString());
        Map<String, Long> v = new HashMap<>();
        run(exe.toString()).lines().forEach(l -> {
            String[] kv = l.split(" ");
            v.put(kv[0], Long.parseLong(kv[1]));
        });
        assertThat(v).containsEntry("H2D", (long) CudaRuntime.MEMCPY_HOST_TO_DEVICE)
                .containsEntry("D2H", (long) CudaRuntime.MEMCPY_DEVICE_TO_HOST)
                .containsEntry("D2D", (long) CudaRuntime.MEMCPY_DEVICE_TO_DEVICE)
                .containsEntry("NONBLOCKING", (long) CudaRuntime.STREAM_NON_BLOCKING)
                .containsEntry("DISABLE_TIMING", (long) CudaRuntime.EVENT_DISABLE_TIMING)
                .containsEntry("SMS", (long) CudaRuntime.ATTR_MULTIPROCESSOR_COUNT)
                .containsEntry("MAJOR", (long) CudaRuntime.ATTR_COMPUTE_CAPABILITY_MAJOR)
                .containsEntry("MINOR", (long) CudaRuntime.ATTR_COMPUTE_CAPABILITY_MINOR)
                .containsEntry("NO_DEVICE", (long) CudaRuntime.ERROR_NO_DEVICE)
                .containsEntry("INSUFFICIENT_DRIVER", (long) CudaRuntime.ERROR_INSUFFICIENT_DRIVER)
                .containsEntry("PROP_NAME", CudaRuntime.DEVICE_PROP_NAME_OFFSET)
                .containsEntry("PROP_TOTAL", CudaRuntime.DEVICE_PROP_TOTAL_MEM_OFFSET);
        assertThat(v.get("PROP_SIZE")).isLessThanOrEqualTo(CudaRuntime.DEVICE_PROP_BYTES);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd[0]).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", cmd), out).isZero();
        return out;
    }
}
