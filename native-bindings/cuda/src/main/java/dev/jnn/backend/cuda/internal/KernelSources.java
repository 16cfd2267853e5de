package dev.jnn.backend.cuda.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The CUDA C++ sources of {@link Kernel}, read from this module's resources.
 *
 * <p>They are compiled at run time by NVRTC rather than to PTX by nvcc at build time: the build then
 * needs no CUDA toolkit (most machines that build jnn have none), the GPU machines ship NVRTC as
 * the {@code nvidia-cuda-nvrtc} wheel beside PyTorch, and NVRTC targets the exact compute
 * capability found instead of a PTX version that an older driver might refuse. Compiling all the
 * files took 1.1 s with libnvrtc 13.0 on a 2-core build machine, once per process.
 */
final class KernelSources {
    private KernelSources() {
    }

    /** The distinct source base names, in {@link Kernel} order. */
    static List<String> names() {
        return Arrays.stream(Kernel.values()).map(Kernel::source).distinct().toList();
    }

    /** The text of {@code kernels/<name>.cu}, with the element-wise ops generated from core's enums. */
    static String read(String name) {
        String resource = "kernels/" + name + ".cu";
        try (InputStream in = KernelSources.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("kernel source " + resource + " missing from the jar");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace(ElementwiseOpSource.PLACEHOLDER, ElementwiseOpSource.generate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + resource, e);
        }
    }

    /** NVRTC options for a device of compute capability {@code major.minor}: PTX for exactly that, full-precision math. */
    static List<String> options(int major, int minor) {
        return List.of("--gpu-architecture=compute_" + major + minor, "--std=c++17", "-default-device");
    }
}
