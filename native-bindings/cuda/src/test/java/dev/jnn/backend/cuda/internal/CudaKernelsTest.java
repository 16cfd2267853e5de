package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.UnaryOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kernel source compiles, with every entry point the Java side launches. With nvcc (a CUDA
 * toolkit, no GPU needed) the sources are compiled as NVRTC would see them: no implicit CUDA
 * headers beyond the built-ins, warnings as errors. With libnvrtc they go through the real NVRTC
 * binding. Each check skips with its reason when its tool is missing.
 */
class CudaKernelsTest {
    private static final Path NVCC = Path.of("/usr/local/cuda/bin/nvcc");

    @TempDir
    Path dir;

    @Test
    void everySourceCompilesWithNvccAndHasItsEntryPoints() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(NVCC), "no nvcc at " + NVCC + ": kernel sources not compiled here");
        // One nvcc run for all sources: nvcc's start-up, not the kernels, is most of the time.
        List<String> cmd = new java.util.ArrayList<>(List.of(NVCC.toString(), "-ptx", "-arch=compute_90", "-std=c++17",
                "-Werror", "all-warnings", "-odir", dir.toString()));
        for (String name : KernelSources.names()) {
            cmd.add(Files.writeString(dir.resolve(name + ".cu"), KernelSources.read(name)).toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("nvcc finished").isTrue();
        assertThat(p.exitValue()).as("nvcc:%n%s", log).isZero();
        for (String name : KernelSources.names()) assertEntries(name, Files.readString(dir.resolve(name + ".ptx")));
    }

    @Test
    void everySourceCompilesWithNvrtcThroughTheBinding() {
        LibraryLocation nvrtc = CudaLibraries.system().locate(CudaLibrary.NVRTC);
        assumeTrue(nvrtc.found(), nvrtc::describe);
        for (String name : KernelSources.names()) {
            String ptx = Nvrtc.compile(KernelSources.read(name), name + ".cu", KernelSources.options(9, 0));
            assertEntries(name, ptx);
        }
    }

    @Test
    void elementwiseOpsAreGeneratedFromTheSpiEnumsOneCasePerConstant() {
        String elementwise = KernelSources.read("elementwise");
        assertThat(elementwise).doesNotContain(ElementwiseOpSource.PLACEHOLDER);
        for (UnaryOp op : UnaryOp.values()) {
            assertThat(elementwise).contains("case " + op.ordinal() + ": return " + op.cForward() + ";  // " + op.name() + "\n")
                    .contains("case " + op.ordinal() + ": return " + op.cDerivative() + ";  // " + op.name() + "\n");
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertThat(elementwise).contains("case " + op.ordinal() + ": return " + op.cExpression() + ";  // " + op.name() + "\n");
        }
        assertThat(KernelSources.read("reduce")).contains("dev.jnn.core.spi.ReduceOp: " + names(ReduceOp.values()) + ".");
    }

    @Test
    void nvrtcOptionsTargetTheDevicesOwnArchitecture() {
        assertThat(KernelSources.options(9, 0)).contains("--gpu-architecture=compute_90");
        assertThat(new DeviceInfo(0, "H200", 1L << 37, 9, 0, 132).architecture()).isEqualTo("sm_90");
        assertThat(KernelSources.names()).containsExactly("elementwise", "reduce", "loss", "optim", "data", "pool", "layout");
    }

    @Test
    void gridsCoverSmallSizesAndCapLargeOnes() {
        assertThat(CudaKernels.grid(0)).isEqualTo(1);
        assertThat(CudaKernels.grid(257)).isEqualTo(2);
        assertThat(CudaKernels.grid(1L << 40)).isEqualTo(132 * 16);
    }

    // Checks each entry's PTX parameter list against Kernel.signature(): .u32 for int, .f32 for float,
    // .u64 for pointers and long long (PTX does not tell those two apart).
    private static void assertEntries(String source, String ptx) {
        for (Kernel k : Kernel.values()) {
            if (!k.source().equals(source)) continue;
            int at = ptx.indexOf(".entry " + k.entry() + "(");
            assertThat(at).as("entry %s in the PTX of %s.cu", k.entry(), source).isNotNegative();
            String params = ptx.substring(at, ptx.indexOf(')', at));
            String types = java.util.regex.Pattern.compile("\\.param \\.(\\w+) ").matcher(params).results()
                    .map(r -> switch (r.group(1)) {
                        case "u32", "s32" -> "i";
                        case "f32" -> "f";
                        case "u64", "s64" -> "8";
                        case "align" -> "L";   // .param .align 8 .b8 name[200]: the Layout struct
                        default -> "?" + r.group(1);
                    }).collect(Collectors.joining());
            assertThat(types).as("parameters of %s", k.entry()).isEqualTo(k.signature().replaceAll("[pl]", "8"));
            if (k.signature().endsWith("L")) assertThat(params).contains("[" + Kernel.LAYOUT_LONGS * 8 + "]");
        }
    }

    @Test
    void aLayoutCarriesRankDimsAndBothStrideSets() {
        long[] l = Kernel.layout(new int[] {2, 3}, new long[] {3, 1}, new long[] {0, 1});
        assertThat(l).hasSize(Kernel.LAYOUT_LONGS);
        assertThat(l[0]).isEqualTo(2);
        assertThat(new long[] {l[1], l[2], l[9], l[10], l[17], l[18]}).containsExactly(2, 3, 3, 1, 0, 1);
        CudaKernels.checkArguments(Kernel.STRIDED_COPY, java.lang.foreign.MemorySegment.NULL,
                java.lang.foreign.MemorySegment.NULL, 6L, l);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kernel.layout(new int[9], new long[9], null))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("up to 8 dimensions");
    }

    @Test
    void launchArgumentsAreCheckedAgainstTheSignature() {
        CudaKernels.checkArguments(Kernel.AXPY, 2f, java.lang.foreign.MemorySegment.NULL, java.lang.foreign.MemorySegment.NULL, 5L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CudaKernels.checkArguments(Kernel.AXPY, 2f,
                        java.lang.foreign.MemorySegment.NULL, java.lang.foreign.MemorySegment.NULL, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("axpy_f32: arguments (fppi) do not match its parameters (fppl; i int, l long, f float, p pointer, L layout)");
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }
}
