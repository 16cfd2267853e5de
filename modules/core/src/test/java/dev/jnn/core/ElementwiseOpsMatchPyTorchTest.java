package dev.jnn.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.UnaryOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every constant of {@link UnaryOp} and {@link BinaryOp}, value and gradient, against PyTorch 1.13
 * (values written once by {@code tools/reference/elementwise_ops.py}, which reads the op list from
 * the enums themselves). An op added without reference values fails here, naming the script.
 */
class ElementwiseOpsMatchPyTorchTest extends OnReference {
    private static final Path FILE = Path.of("../../reference-data/elementwise_ops.txt");
    /** Relative to the largest magnitude: float32 transcendental functions may differ in the last bit. */
    private static final double TOL = 2e-6;

    private static Map<String, Map<String, float[]>> blocks;

    @BeforeAll
    static void read() throws IOException {
        blocks = new LinkedHashMap<>();
        Map<String, float[]> current = null;
        for (String line : Files.readAllLines(FILE)) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split(" ");
            if (f[0].equals("unary") || f[0].equals("binary")) {
                current = new LinkedHashMap<>();
                blocks.put(f[0] + " " + f[1], current);
            } else {
                float[] v = new float[f.length - 1];
                for (int i = 1; i < f.length; i++) v[i - 1] = Float.parseFloat(f[i]);
                current.put(f[0], v);
            }
        }
    }

    private static Map<String, float[]> block(String key) {
        Map<String, float[]> b = blocks.get(key);
        if (b == null) fail("no PyTorch reference values for " + key + ": run /usr/bin/python3 tools/reference/elementwise_ops.py");
        return b;
    }

    @Test
    void everyUnaryOpMatchesPyTorch() {
        for (UnaryOp op : UnaryOp.values()) {
            Map<String, float[]> b = block("unary " + op);
            Tensor a = t(b.get("a")).requiresGrad(true);
            Tensor out = a.apply(op);
            close(op + " value", out.toFloatArray(), b.get("out"));
            if (b.containsKey("w")) {
                if (out.requiresGrad()) out.mul(t(b.get("w"))).sum().backward();
                close(op + " gradient", a.grad() == null ? new float[b.get("a").length] : a.grad().toFloatArray(), b.get("grad_a"));
            }
        }
    }

    @Test
    void everyBinaryOpMatchesPyTorch() {
        for (BinaryOp op : BinaryOp.values()) {
            Map<String, float[]> b = block("binary " + op);
            Tensor a = t(b.get("a")).requiresGrad(!op.isComparison());
            Tensor c = t(b.get("b")).requiresGrad(!op.isComparison());
            Tensor out = a.apply(op, c);
            close(op + " value", out.toFloatArray(), b.get("out"));
            assertThat(b.containsKey("w")).as(op + " has a gradient in PyTorch").isEqualTo(!op.isComparison());
            if (!op.isComparison()) {
                out.mul(t(b.get("w"))).sum().backward();
                close(op + " gradient of a", a.grad().toFloatArray(), b.get("grad_a"));
                close(op + " gradient of b", c.grad().toFloatArray(), b.get("grad_b"));
            }
        }
    }

    @Test
    void theFileHoldsNoOpThatCoreLacks() {
        List<String> known = new ArrayList<>();
        Arrays.stream(UnaryOp.values()).forEach(op -> known.add("unary " + op));
        Arrays.stream(BinaryOp.values()).forEach(op -> known.add("binary " + op));
        assertThat(known).containsExactlyElementsOf(blocks.keySet());
    }

    private static void close(String what, float[] got, float[] want) {
        assertThat(got).as(what + ": length").hasSameSizeAs(want);
        double scale = 1e-30;
        for (float w : want) scale = Math.max(scale, Math.abs(w));
        for (int i = 0; i < got.length; i++) {
            if (!(Math.abs(got[i] - want[i]) <= TOL * scale)) {
                fail(what + ": element " + i + " is " + got[i] + ", PyTorch gives " + want[i]);
            }
        }
    }
}
