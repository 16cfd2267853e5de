package dev.jnn.nn.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as a safetensors file stores it: element type, shape and the raw little-endian,
 * row-major bytes.
 *
 * <p>The record is immutable: the constructor copies {@code shape} and keeps a read-only view of
 * the remaining bytes of {@code data} (it does not copy them, so the caller must not change the
 * buffer's content afterwards); {@link #data()} returns a fresh little-endian view positioned at
 * 0 each time. A shape of length 0 is a scalar (one element); a zero dimension makes an empty
 * tensor with no bytes.
 *
 * <pre>{@code
 * RawTensor w = RawTensor.ofFloats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
 * float[] back = w.toFloatArray();
 * }</pre>
 *
 * @param dtype element type, not null
 * @param shape dimensions, each &gt;= 0, not null
 * @param data exactly {@code elementCount(shape) * dtype.byteSize()} bytes between position and limit
 */
public record RawTensor(DType dtype, long[] shape, ByteBuffer data) {

    /**
     * Checks that {@code data} holds exactly the bytes {@code shape} and {@code dtype} need.
     *
     * @throws IllegalArgumentException on a negative dimension, an element count that overflows
     *     a long, or a byte count that differs from the buffer's remaining bytes
     */
    public RawTensor {
        if (dtype == null || shape == null || data == null) {
            throw new NullPointerException("RawTensor: dtype, shape and data must not be null");
        }
        shape = shape.clone();
        long bytes = Math.multiplyExact(elementCount(shape), dtype.byteSize());
        if (data.remaining() != bytes) {
            throw new IllegalArgumentException("RawTensor: shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + bytes + " bytes but the buffer has " + data.remaining());
        }
        data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of the dimensions. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A read-only little-endian view of the bytes, positioned at 0. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of elements: the product of the dimensions, 1 for a scalar. */
    public long elementCount() {
        return elementCount(shape);
    }

    /** Number of data bytes. */
    public long byteSize() {
        return data.capacity();
    }

    /**
     * The product of the dimensions.
     *
     * @throws IllegalArgumentException on a negative dimension or when the product overflows a long
     */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("element count of shape " + Arrays.toString(shape)
                        + " overflows a 64-bit integer", e);
            }
        }
        return n;
    }

    /** A new F32 tensor holding a copy of {@code values}. */
    public static RawTensor ofFloats(long[] shape, float... values) {
        ByteBuffer b = allocate(values.length, 4);
        b.asFloatBuffer().put(values);
        return new RawTensor(DType.F32, shape, b);
    }

    /** A new F64 tensor holding a copy of {@code values}. */
    public static RawTensor ofDoubles(long[] shape, double... values) {
        ByteBuffer b = allocate(values.length, 8);
        b.asDoubleBuffer().put(values);
        return new RawTensor(DType.F64, shape, b);
    }

    /** A new I64 tensor holding a copy of {@code values}. */
    public static RawTensor ofLongs(long[] shape, long... values) {
        ByteBuffer b = allocate(values.length, 8);
        b.asLongBuffer().put(values);
        return new RawTensor(DType.I64, shape, b);
    }

    /** A new I32 tensor holding a copy of {@code values}. */
    public static RawTensor ofInts(long[] shape, int... values) {
        ByteBuffer b = allocate(values.length, 4);
        b.asIntBuffer().put(values);
        return new RawTensor(DType.I32, shape, b);
    }

    private static ByteBuffer allocate(int count, int size) {
        return ByteBuffer.allocate(Math.multiplyExact(count, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The elements as floats: exact for F32, F16 and BF16, rounded for F64 and for integers
     * beyond 2^24, 0/1 for BOOL.
     *
     * @throws IllegalStateException when the tensor has more than {@code Integer.MAX_VALUE - 8} elements
     */
    public float[] toFloatArray() {
        int n = arrayLength();
        float[] out = new float[n];
        ByteBuffer b = data();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.float16ToFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                // bfloat16 is the high half of a binary32, so widening is a shift.
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = dtype == DType.F64 ? (float) b.getDouble(8 * i) : (float) integerAt(b, i);
                }
            }
        }
        return out;
    }

    /**
     * The elements as doubles: exact for every floating-point type and for integers up to 2^53.
     *
     * @throws IllegalStateException when the tensor has more than {@code Integer.MAX_VALUE - 8} elements
     */
    public double[] toDoubleArray() {
        int n = arrayLength();
        double[] out = new double[n];
        if (dtype == DType.F64) {
            data().asDoubleBuffer().get(out);
        } else if (dtype.isFloatingPoint()) {
            float[] f = toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        } else {
            ByteBuffer b = data();
            for (int i = 0; i < n; i++) {
                out[i] = integerAt(b, i);
            }
        }
        return out;
    }

    /**
     * The elements of an integer or BOOL tensor as longs (U8 as 0..255, BOOL as 0/1).
     *
     * @throws IllegalStateException for a floating-point tensor (use {@link #toFloatArray()}) or
     *     more than {@code Integer.MAX_VALUE - 8} elements
     */
    public long[] toLongArray() {
        if (dtype.isFloatingPoint()) {
            throw new IllegalStateException("toLongArray: tensor is " + dtype + ", not an integer type; use toFloatArray()");
        }
        int n = arrayLength();
        long[] out = new long[n];
        ByteBuffer b = data();
        if (dtype == DType.I64) {
            b.asLongBuffer().get(out);
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = integerAt(b, i);
        }
        return out;
    }

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private int arrayLength() {
        long n = elementCount();
        if (n > MAX_ARRAY) {
            throw new IllegalStateException("tensor of " + n + " elements does not fit in a Java array");
        }
        return (int) n;
    }

    private long integerAt(ByteBuffer b, int i) {
        return switch (dtype) {
            case I64 -> b.getLong(8 * i);
            case I32 -> b.getInt(4 * i);
            case I16 -> b.getShort(2 * i);
            case I8 -> b.get(i);
            case U8, BOOL -> b.get(i) & 0xff;
            default -> throw new AssertionError(dtype);
        };
    }

    /** Equal when dtype, shape and bytes are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RawTensor r && r.dtype == dtype && Arrays.equals(r.shape, shape) && r.data.equals(data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
    }

    /** For example {@code RawTensor[F32 [2, 3], 24 bytes]}. */
    @Override
    public String toString() {
        return "RawTensor[" + dtype + " " + Arrays.toString(shape) + ", " + byteSize() + " bytes]";
    }
}
