package dev.jnn.core;

import java.util.Arrays;

/**
 * An immutable tensor shape: the size of each dimension, outermost first (row-major).
 *
 * <p>A scalar has rank 0 and one element. Sizes may be 0 (an empty tensor).
 */
public final class Shape {
    private final int[] dims;
    private final long numel;

    private Shape(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a negative size");
            }
            n = Math.multiplyExact(n, d);
        }
        this.dims = dims;
        this.numel = n;
    }

    /** The shape with the given sizes; {@code Shape.of()} is the scalar shape. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code dim}; negative values count from the end, as in PyTorch. */
    public int size(int dim) {
        return dims[normalize(dim)];
    }

    /** The total number of elements. */
    public long numel() {
        return numel;
    }

    /** A copy of the sizes. */
    public int[] dims() {
        return dims.clone();
    }

    /** Row-major (contiguous) strides, in elements. */
    public long[] strides() {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Maps a possibly negative dimension index into {@code [0, rank)}, or throws naming the shape. */
    public int normalize(int dim) {
        int r = dims.length;
        int d = dim < 0 ? dim + r : dim;
        if (d < 0 || d >= r) {
            throw new IllegalArgumentException("dimension " + dim + " is out of range for shape " + this);
        }
        return d;
    }

    /** Product of the sizes before {@code dim}. */
    public long outer(int dim) {
        long n = 1;
        for (int i = 0; i < dim; i++) n *= dims[i];
        return n;
    }

    /** Product of the sizes after {@code dim}. */
    public long inner(int dim) {
        long n = 1;
        for (int i = dim + 1; i < dims.length; i++) n *= dims[i];
        return n;
    }

    /** This shape with dimension {@code dim} replaced by {@code size}. */
    public Shape with(int dim, int size) {
        int[] d = dims.clone();
        d[normalize(dim)] = size;
        return new Shape(d);
    }

    /** This shape without dimension {@code dim}. */
    public Shape without(int dim) {
        int k = normalize(dim);
        int[] d = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) if (i != k) d[j++] = dims[i];
        return new Shape(d);
    }

    /**
     * The broadcast of two shapes under NumPy/PyTorch rules (align from the right; sizes must be
     * equal or 1).
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /**
     * Strides for reading a tensor of this shape as if it had shape {@code target} (broadcast):
     * broadcast dimensions get stride 0.
     */
    public long[] broadcastStrides(Shape target) {
        int r = target.rank();
        long[] own = strides();
        long[] s = new long[r];
        int shift = r - dims.length;
        for (int i = 0; i < dims.length; i++) {
            s[i + shift] = dims[i] == 1 && target.dims[i + shift] != 1 ? 0 : own[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** PyTorch-like text, e.g. {@code [64, 1, 28, 28]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
