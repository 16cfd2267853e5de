package dev.jnn.backend.cuda.internal;

import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.Domain;
import dev.jnn.core.spi.UnaryOp;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The CUDA C of the element-wise ops, generated from core's {@link UnaryOp} and {@link BinaryOp}:
 * {@code unary_apply}, {@code unary_derivative} and {@code binary_apply} switch on the op code (the
 * constant's ordinal, which the backend passes) with one case per constant, each the constant's own
 * C expression. An op added to the enums reaches the GPU kernels with no edit here or in the
 * {@code .cu} files; the macros give the host harness the op counts and domains.
 */
final class ElementwiseOpSource {
    /** The placeholder in {@code elementwise.cu} that the generated code replaces. */
    static final String PLACEHOLDER = "@ELEMENTWISE_OPS@";

    private ElementwiseOpSource() {
    }

    /** The generated functions and macros. */
    static String generate() {
        StringBuilder s = new StringBuilder();
        s.append("#define JNN_UNARY_OP_COUNT ").append(UnaryOp.values().length).append('\n');
        s.append("#define JNN_BINARY_OP_COUNT ").append(BinaryOp.values().length).append('\n');
        s.append("#define JNN_UNARY_POSITIVE_DOMAIN(op) (").append(Arrays.stream(UnaryOp.values())
                .filter(op -> op.domain() == Domain.POSITIVE).map(op -> "(op) == " + op.ordinal())
                .collect(Collectors.joining(" || "))).append(")\n\n");
        s.append("__device__ __forceinline__ float unary_apply(int op, float x) {\n    switch (op) {\n");
        for (UnaryOp op : UnaryOp.values()) caseLine(s, op.ordinal(), op.name(), op.cForward());
        s.append("        default: return __int_as_float(0x7fc00000);\n    }\n}\n\n");
        s.append("// The gradient of unary_apply given the input x, the output y and the incoming gradient g.\n");
        s.append("__device__ __forceinline__ float unary_derivative(int op, float x, float y, float g) {\n    switch (op) {\n");
        for (UnaryOp op : UnaryOp.values()) caseLine(s, op.ordinal(), op.name(), op.cDerivative());
        s.append("        default: return __int_as_float(0x7fc00000);\n    }\n}\n\n");
        s.append("__device__ __forceinline__ float binary_apply(int op, float a, float b) {\n    switch (op) {\n");
        for (BinaryOp op : BinaryOp.values()) caseLine(s, op.ordinal(), op.name(), op.cExpression());
        s.append("        default: return __int_as_float(0x7fc00000);\n    }\n}\n");
        return s.toString();
    }

    private static void caseLine(StringBuilder s, int code, String name, String expression) {
        s.append("        case ").append(code).append(": return ").append(expression).append(";  // ").append(name).append('\n');
    }
}
