package dev.jnn.core;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.ComposedDefault;
import dev.jnn.core.spi.ConvolutionOps;
import dev.jnn.core.spi.ElementwiseOps;
import dev.jnn.core.spi.LayoutOps;
import dev.jnn.core.spi.LossOps;
import dev.jnn.core.spi.MatmulOps;
import dev.jnn.core.spi.NormalizationOps;
import dev.jnn.core.spi.OptimizerOps;
import dev.jnn.core.spi.PoolingOps;
import dev.jnn.core.spi.ReductionOps;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.UnaryOp;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which kernels a backend runs itself and which fall back to core's reference kernels (scalar
 * Java on host copies): never a silent fallback. Whole kernels are found by asking which of the
 * SPI's default methods the backend's class overrides; element-wise ops by the sets the backend
 * declares ({@link ElementwiseOps#ownUnaryKernels()}, {@link ElementwiseOps#ownBinaryKernels()}).
 *
 * @param own the kernels and ops the backend runs itself, e.g. {@code conv2dForward}, {@code unary RELU}
 * @param composed the defaults it keeps that call its other kernels ({@link ComposedDefault})
 * @param reference those that run the reference kernel
 */
public record KernelCoverage(List<String> own, List<String> composed, List<String> reference) {
    private static final List<Class<?>> FAMILIES = List.of(ElementwiseOps.class, ReductionOps.class, LayoutOps.class,
            MatmulOps.class, ConvolutionOps.class, PoolingOps.class, NormalizationOps.class, LossOps.class, OptimizerOps.class);
    /** The element-wise kernels whose coverage is per op, not per method. */
    private static final Set<String> PER_OP = Set.of("unary", "unaryBackward", "binary", "binaryScalar");

    /** The coverage of {@code backend}. */
    public static KernelCoverage of(Backend backend) {
        List<String> own = new ArrayList<>();
        List<String> composed = new ArrayList<>();
        List<String> reference = new ArrayList<>();
        for (Class<?> family : FAMILIES) {
            Method[] methods = family.getDeclaredMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount));
            for (Method m : methods) {
                if (!m.isDefault() || Modifier.isStatic(m.getModifiers()) || PER_OP.contains(m.getName())
                        || Arrays.stream(m.getParameterTypes()).noneMatch(TensorView.class::equals)) {
                    continue;
                }
                List<String> list = overrides(backend, m) ? own : m.isAnnotationPresent(ComposedDefault.class) ? composed : reference;
                list.add(label(family, m));
            }
        }
        Set<UnaryOp> unary = backend.ownUnaryKernels();
        for (UnaryOp op : UnaryOp.values()) (unary.contains(op) ? own : reference).add("unary " + op);
        Set<BinaryOp> binary = backend.ownBinaryKernels();
        for (BinaryOp op : BinaryOp.values()) (binary.contains(op) ? own : reference).add("binary " + op);
        return new KernelCoverage(List.copyOf(own), List.copyOf(composed), List.copyOf(reference));
    }

    private static boolean overrides(Backend backend, Method m) {
        try {
            return !backend.getClass().getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass().isInterface();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("internal: " + m + " not found on " + backend.getClass(), e);
        }
    }

    /** The method name; the overload with a fused activation (conv2dForward's {@code boolean relu}) says so. */
    private static String label(Class<?> family, Method m) {
        long overloads = Arrays.stream(family.getDeclaredMethods()).filter(o -> o.getName().equals(m.getName())).count();
        boolean fused = Arrays.asList(m.getParameterTypes()).contains(boolean.class);
        return overloads > 1 && fused ? m.getName() + "+relu" : m.getName();
    }
}
