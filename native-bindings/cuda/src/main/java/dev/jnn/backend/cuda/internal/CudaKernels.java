package dev.jnn.backend.cuda.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * jnn's kernels compiled by NVRTC for one device and loaded through the driver API; the owner
 * closes it, which unloads the modules once.
 */
final class CudaKernels implements AutoCloseable {
    static final int BLOCK = 256;
    /** Enough blocks to fill an H100/H200 (132 SMs × 16); grid-stride loops cover the rest. */
    private static final int MAX_GRID = 132 * 16;

    private final List<MemorySegment> modules = new ArrayList<>();
    private final Map<Kernel, MemorySegment> functions = new EnumMap<>(Kernel.class);
    private boolean closed;

    /** Compiles and loads every kernel for {@code device}, whose context must be current. */
    CudaKernels(DeviceInfo device) {
        Map<String, MemorySegment> bySource = new HashMap<>();
        try {
            for (String name : KernelSources.names()) {
                String ptx = Nvrtc.compile(KernelSources.read(name), name + ".cu",
                        KernelSources.options(device.major(), device.minor()));
                MemorySegment module = CudaDriver.loadModule(ptx);
                modules.add(module);
                bySource.put(name, module);
            }
            for (Kernel k : Kernel.values()) functions.put(k, CudaDriver.function(bySource.get(k.source()), k.entry()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Blocks for a 1-D launch over {@code n} elements. */
    static int grid(long n) {
        return (int) Math.max(1, Math.min(MAX_GRID, (n + BLOCK - 1) / BLOCK));
    }

    /**
     * Launches {@code kernel} on {@code stream} with {@code grid} blocks of {@link #BLOCK} threads.
     *
     * @param args the kernel's parameters in order: {@link Integer} (int), {@link Long} (long long),
     *             {@link Float} (float), {@link MemorySegment} (a device pointer, or NULL) or
     *             {@code long[]} (a {@code Layout} from {@link Kernel#layout})
     */
    void launch(Kernel kernel, int grid, MemorySegment stream, Object... args) {
        if (closed) throw new IllegalStateException("cuda kernels already closed");
        checkArguments(kernel, args);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ADDRESS, Math.max(1, args.length));
            for (int i = 0; i < args.length; i++) params.setAtIndex(ADDRESS, i, box(a, args[i], kernel, i));
            CudaDriver.launch(functions.get(kernel), grid, BLOCK, 0, stream, params, kernel.entry());
        }
    }

    /** Fails unless {@code args} match {@link Kernel#signature()} in number and type. */
    static void checkArguments(Kernel kernel, Object... args) {
        String sig = kernel.signature();
        StringBuilder got = new StringBuilder();
        for (Object a : args) {
            got.append(switch (a) {
                case Integer v -> 'i';
                case Long v -> 'l';
                case Float v -> 'f';
                case MemorySegment v -> 'p';
                case long[] v when v.length == Kernel.LAYOUT_LONGS -> 'L';
                case null, default -> '?';
            });
        }
        if (!got.toString().equals(sig)) {
            throw new IllegalArgumentException(kernel.entry() + ": arguments (" + got + ") do not match its parameters (" + sig
                    + "; i int, l long, f float, p pointer, L layout)");
        }
    }

    private static MemorySegment box(Arena a, Object arg, Kernel kernel, int index) {
        return switch (arg) {
            case Integer v -> a.allocateFrom(JAVA_INT, v);
            case Long v -> a.allocateFrom(JAVA_LONG, v);
            case Float v -> a.allocateFrom(JAVA_FLOAT, v);
            case MemorySegment p -> a.allocateFrom(ADDRESS, p);
            case long[] layout -> a.allocateFrom(JAVA_LONG, layout);   // the struct's bytes, passed by value
            default -> throw new IllegalArgumentException(kernel.entry() + ": parameter " + index + " has unsupported type "
                    + arg.getClass().getSimpleName());
        };
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (MemorySegment m : modules) CudaDriver.unloadModule(m);
        modules.clear();
        functions.clear();
    }
}
