package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.Domain;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.ReferenceBackend;
import dev.jnn.core.spi.SgdStep;
import dev.jnn.core.spi.UnaryOp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels' arithmetic, checked without a GPU: g++ compiles the .cu sources as plain C++ through
 * {@code host_shim.h} (one thread, one block), {@code host_harness.cpp} runs every kernel on
 * generated inputs, and each result is compared with jnn's reference kernels on the same inputs.
 * This checks index arithmetic, op codes, formulas and edge rules (NaN, ties, smoothing), not
 * behaviour under real parallelism, which needs a GPU. Skips without g++.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelsOnHostTest {
    private static final Path GXX = Path.of("/usr/bin/g++");
    private static final double TOL = 2e-5;

    private final ReferenceBackend ref = new ReferenceBackend();
    private Map<String, float[]> host;

    @BeforeAll
    void runHarness(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(GXX), "no C++ compiler at " + GXX);
        StringBuilder all = new StringBuilder();
        for (String name : KernelSources.names()) all.append(KernelSources.read(name)).append('\n');
        all.append(resource("host_harness.cpp"));
        Path src = Files.writeString(dir.resolve("all.cpp"), all);
        Path shim = Files.writeString(dir.resolve("host_shim.h"), resource("host_shim.h"));
        Path exe = dir.resolve("harness");
        String out = run(GXX.toString(), "-O1", "-std=c++17", "-Wall", "-Werror", "-include", shim.toString(), src.toString(),
                "-o", exe.toString());
        host = new HashMap<>();
        run(exe.toString()).lines().forEach(l -> {
            String[] f = l.split(" ");
            float[] v = new float[f.length - 1];
            for (int i = 1; i < f.length; i++) v[i - 1] = parse(f[i]);
            host.put(f[0], v);
        });
        assertThat(out).isEmpty();
    }

    @AfterAll
    void close() {
        ref.close();
    }

    @Test
    void unaryOpsAndTheirGradients() {
        float[] x = gen(37, 0);
        float[] pos = new float[37];
        for (int i = 0; i < 37; i++) pos[i] = Math.abs(x[i]) + 0.1f;
        for (UnaryOp op : UnaryOp.values()) {
            float[] in = op.domain() == Domain.POSITIVE ? pos : x;
            Tensor a = t(in, 37), y = empty(37), g = empty(37);
            ref.unary(op, a, y);
            expect("unary" + op.ordinal(), y);
            ref.unaryBackward(op, a, y, t(gen(37, 1), 37), g);
            expect("unaryBackward" + op.ordinal(), g);
        }
    }

    @Test
    void binaryOpsWithARowVectorAndAGeneralBroadcast() {
        for (BinaryOp op : BinaryOp.values()) {
            Tensor out = empty(3, 5);
            ref.binary(op, t(gen(15, 2), 3, 5), t(gen(5, 3), 5), out);
            expect("binaryRow" + op.ordinal(), out);
        }
        Tensor out = empty(4, 3, 5);
        ref.binary(BinaryOp.SUB, t(gen(20, 4), 4, 1, 5), t(gen(15, 5), 3, 5), out);
        expect("binaryStrided", out);
    }

    @Test
    void reductionsOverTheLastAndAMiddleDimension() {
        for (ReduceOp op : ReduceOp.values()) {
            Tensor last = empty(3);
            ref.reduce(op, t(gen(21, 6), 3, 7), 1, last);
            expect("reduceLast" + op.ordinal(), last);
            Tensor mid = empty(3, 4);
            ref.reduce(op, t(gen(60, 7), 3, 5, 4), 1, mid);
            expect("reduceDim" + op.ordinal(), mid);
        }
        Tensor cols = empty(3);
        ref.sumToShape(t(gen(21, 6), 7, 3), cols);
        expect("sumRows", cols);
        Tensor sts = empty(5);
        ref.sumToShape(t(gen(15, 5), 3, 5), sts);
        expect("sumToShape", sts);
    }

    @Test
    void crossEntropyWithLabelSmoothingForwardAndBackward() {
        Tensor targets = t(new float[] {0, 5, 2, 3}, 4), loss = empty(4), probs = empty(4, 6), gx = empty(4, 6);
        ref.crossEntropy(t(gen(24, 8), 4, 6), targets, 0.1f, loss, probs);
        expect("crossEntropyLoss", loss);
        expect("crossEntropyProbs", probs);
        ref.crossEntropyBackward(probs, targets, 0.1f, t(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, 4), gx);
        expect("crossEntropyBackward", gx);
    }

    @Test
    void sgdWithNesterovAndAdamWWithAmsgrad() {
        Tensor p = t(gen(37, 9), 37), grad = t(gen(37, 10), 37), buf = t(gen(37, 11), 37);
        ref.sgdUpdate(new SgdStep(0.1f, 0.9f, 0.1f, 0.01f, true, false), p, grad, buf);
        expect("sgdParam", p);
        expect("sgdBuffer", buf);
        float[] v = new float[37], vmax = new float[37];
        for (int i = 0; i < 37; i++) {
            v[i] = Math.abs(in(i, 14));
            vmax[i] = Math.abs(in(i, 15));
        }
        Tensor q = t(gen(37, 12), 37), m = t(gen(37, 13), 37), vt = t(v, 37), vm = t(vmax, 37);
        ref.adamUpdate(new AdamStep(0.01f, 0.9f, 0.999f, 1e-8f, 0.01f, true, true, 3), q, grad, m, vt, vm);
        expect("adamParam", q);
        expect("adamExpAvg", m);
        expect("adamExpAvgSq", vt);
        expect("adamMax", vm);
    }

    @Test
    void maxPoolingWithItsArgmaxWorkspace() {
        Pool2dSpec s = Pool2dSpec.of(3, 2, 1);
        Tensor x = t(gen(50, 16), 1, 2, 5, 5), y = empty(1, 2, 3, 3), ws = empty(18), gx = empty(1, 2, 5, 5);
        ref.maxPool2dForward(s, x, y, ws);
        expect("maxPool", y);
        ref.maxPool2dBackward(s, x, t(gen(18, 17), 1, 2, 3, 3), ws, gx);
        expect("maxPoolBackward", gx);
    }

    @Test
    void layoutOps() {
        Tensor tt = empty(4, 3);
        ref.stridedCopy(t(gen(12, 18), 3, 4), new long[] {1, 4}, tt);
        expect("transpose", tt);
        Tensor idx = t(new float[] {5, 0, 2, 1, 1, 1, 3, 4, 0, 2, 5, 5}, 4, 3), g = empty(4, 3), s = zeros(4, 6);
        ref.gather(t(gen(24, 19), 4, 6), 1, idx, g);
        expect("gather", g);
        ref.scatterAdd(g, 1, idx, s);
        expect("scatterAdd", s);
        Tensor iidx = t(new float[] {4, 0}, 2), sel = empty(2, 2, 2), add = zeros(2, 6, 2);
        ref.indexSelect(t(gen(24, 20), 2, 6, 2), 1, iidx, sel);
        expect("indexSelect", sel);
        ref.indexAdd(sel, 1, iidx, add);
        expect("indexAdd", add);
    }

    @Test
    void batchGatherNormalisesBytes() {
        // data = {0, 255, 51, 102, 204, 0}, indices {2, 1}, mean 0.5, 1/std 4
        float[] expected = {(204 / 255f - 0.5f) * 4, (0 - 0.5f) * 4, (51 / 255f - 0.5f) * 4, (102 / 255f - 0.5f) * 4};
        assertThat(host.get("batch")).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(host.get("labels")).containsExactly(9f, 3f);
    }

    private void expect(String name, Tensor reference) {
        float[] want = reference.toFloatArray();
        float[] got = host.get(name);
        assertThat(got).as("harness output %s", name).isNotNull().hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            if (Float.isNaN(want[i])) {
                assertThat(got[i]).as("%s[%d]", name, i).isNaN();
            } else if (Float.isInfinite(want[i])) {
                assertThat(got[i]).as("%s[%d]", name, i).isEqualTo(want[i]);
            } else {
                assertThat((double) got[i]).as("%s[%d] of %s", name, i, Arrays.toString(got))
                        .isCloseTo(want[i], org.assertj.core.data.Offset.offset(TOL * Math.max(1, Math.abs(want[i]))));
            }
        }
    }

    // printf's %g writes inf, -inf, nan and -nan where Java writes Infinity and NaN.
    private static float parse(String s) {
        return switch (s) {
            case "inf" -> Float.POSITIVE_INFINITY;
            case "-inf" -> Float.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Float.NaN;
            default -> Float.parseFloat(s);
        };
    }

    // The same inputs as host_harness.cpp's in(): 3 sin(0.37 i + salt), through double, rounded once.
    private static float in(int i, int salt) {
        return (float) (3.0 * Math.sin((double) (0.37f * i + salt)));
    }

    private static float[] gen(int n, int salt) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = in(i, salt);
        return v;
    }

    private Tensor t(float[] data, int... dims) {
        return Tensor.of(ref, data, Shape.of(dims));
    }

    private Tensor empty(int... dims) {
        return Tensor.empty(ref, Shape.of(dims));
    }

    private Tensor zeros(int... dims) {
        return Tensor.zeros(ref, Shape.of(dims));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KernelsOnHostTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd[0]).isTrue();
        assertThat(p.exitValue()).as("%s:%n%s", String.join(" ", cmd), out).isZero();
        return out;
    }
}
