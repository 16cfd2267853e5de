package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.rowGrain;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.Shape;
import dev.jnn.core.spi.TensorView;
import java.lang.foreign.MemorySegment;

/**
 * Strided copies (permute, narrow, expand, cat) on host memory. Dimensions of size 1 are dropped
 * and neighbours that the strided side walks contiguously are merged; rows whose innermost stride
 * is 1 then move with one memory copy each, rows with stride 0 are a fill.
 */
final class VectorLayout {
    private VectorLayout() {
    }

    /** Collapsed dimensions: sizes and strides of the strided side, innermost last. */
    private record Walk(long[] size, long[] stride, int rank) {
        static Walk of(Shape shape, long[] strides) {
            int n = shape.rank();
            long[] size = new long[n];
            long[] stride = new long[n];
            int r = 0;
            for (int d = 0; d < n; d++) {
                int len = shape.size(d);
                if (len == 1) continue;
                if (r > 0 && stride[r - 1] == strides[d] * len) {
                    size[r - 1] *= len;
                    stride[r - 1] = strides[d];
                } else {
                    size[r] = len;
                    stride[r] = strides[d];
                    r++;
                }
            }
            return new Walk(size, stride, r);
        }

        long inner() {
            return rank == 0 ? 1 : size[rank - 1];
        }

        long innerStride() {
            return rank == 0 ? 1 : stride[rank - 1];
        }

        /** The strided offset of the start of row {@code row} (rows run over all but the innermost). */
        long rowOffset(long row) {
            long p = 0;
            for (int d = rank - 2; d >= 0; d--) {
                p += row % size[d] * stride[d];
                row /= size[d];
            }
            return p;
        }
    }

    static void stridedCopy(TensorView src, long[] srcStrides, TensorView out, Parallel par) {
        if (out.numel() == 0) return;
        Walk w = Walk.of(out.shape(), srcStrides);
        MemorySegment ss = seg(src), os = seg(out);
        long so = off(src), oo = off(out);
        long inner = w.inner();
        long is = w.innerStride();
        if (w.rank() >= 2 && w.stride()[w.rank() - 2] == 1 && is > 1) {
            transposeTiles(w, ss, so, os, oo, out.numel(), par);
            return;
        }
        par.forRange(out.numel() / inner, rowGrain(inner), (from, to) -> {
            for (long row = from; row < to; row++) {
                long ps = so + w.rowOffset(row);
                long po = oo + row * inner;
                if (is == 1) {
                    MemorySegment.copy(ss, ps * Float.BYTES, os, po * Float.BYTES, inner * Float.BYTES);
                } else if (is == 0) {
                    float v = get(ss, ps);
                    for (long i = 0; i < inner; i++) set(os, po + i, v);
                } else {
                    for (long i = 0; i < inner; i++) set(os, po + i, get(ss, ps + i * is));
                }
            }
        });
    }

    /** Square tiles read and written within the cache, for a 2-d transpose. */
    private static final int TILE = 32;

    /**
     * A transpose in the two innermost dimensions (out[i, j] = src[i + j*s]): copied in
     * {@value #TILE}-square tiles, reading the source along i (contiguous) so that neither side
     * walks memory with a large stride for long.
     */
    private static void transposeTiles(Walk w, MemorySegment ss, long so, MemorySegment os, long oo, long numel,
                                       Parallel par) {
        int r = w.rank();
        long rowsN = w.size()[r - 2];
        long cols = w.size()[r - 1];
        long s = w.stride()[r - 1];
        long blocks = (rowsN + TILE - 1) / TILE;
        long plane = rowsN * cols;
        long planes = numel / plane;
        par.forRange(planes * blocks, rowGrain(TILE * cols), (from, to) -> {
            for (long t = from; t < to; t++) {
                long p = t / blocks;
                long i0 = t % blocks * TILE;
                long i1 = Math.min(rowsN, i0 + TILE);
                // The plane's source offset: the walk's outer dimensions, as for a row of rows.
                long base = so + w.rowOffset(p * rowsN);
                long dst = oo + p * plane;
                for (long j0 = 0; j0 < cols; j0 += TILE) {
                    long j1 = Math.min(cols, j0 + TILE);
                    for (long j = j0; j < j1; j++) {
                        for (long i = i0; i < i1; i++) set(os, dst + i * cols + j, get(ss, base + i + j * s));
                    }
                }
            }
        });
    }

    static void stridedWrite(TensorView src, TensorView dst, long dstOffset, long[] dstStrides, Parallel par) {
        if (src.numel() == 0) return;
        Walk w = Walk.of(src.shape(), dstStrides);
        MemorySegment ss = seg(src), ds = seg(dst);
        long so = off(src), dOff = off(dst) + dstOffset;
        long inner = w.inner();
        long is = w.innerStride();
        // Positions written are distinct unless a stride is 0; then the last write wins, so stay serial.
        boolean distinct = true;
        for (int d = 0; d < w.rank(); d++) distinct &= w.stride()[d] != 0;
        Parallel p = distinct ? par : Parallel.serial();
        p.forRange(src.numel() / inner, rowGrain(inner), (from, to) -> {
            for (long row = from; row < to; row++) {
                long pd = dOff + w.rowOffset(row);
                long ps = so + row * inner;
                if (is == 1) {
                    MemorySegment.copy(ss, ps * Float.BYTES, ds, pd * Float.BYTES, inner * Float.BYTES);
                } else {
                    for (long i = 0; i < inner; i++) set(ds, pd + i * is, get(ss, ps + i));
                }
            }
        });
    }
}
