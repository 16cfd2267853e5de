// Layout kernels of jnn's cuda backend (NVRTC, no #include): strided copies and writes, general
// broadcasting, reductions over any dimension, index select/add and gather/scatter-add.
// Shapes of up to 8 dimensions travel by value in a Layout (200 bytes of kernel parameters), so a
// launch needs no extra copy to the device. Index tensors hold class indices as floats; the GPU
// does not range-check them (the CPU backends do).

#define MAX_RANK 8

struct Layout {
    long long rank;
    long long dims[MAX_RANK];
    long long s0[MAX_RANK];   // strides of the first strided operand (per kernel below)
    long long s1[MAX_RANK];   // strides of the second, where there is one
};

#define GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long)blockDim.x * gridDim.x)

// Offsets of row-major element i of L.dims under strides s0 and s1, walking dimensions last-first.
__device__ __forceinline__ void offsets(const Layout& L, long long i, long long* o0, long long* o1) {
    long long a = 0, b = 0;
    for (int d = (int)L.rank - 1; d >= 0; d--) {
        long long c = i % L.dims[d];
        i /= L.dims[d];
        a += c * L.s0[d];
        b += c * L.s1[d];
    }
    *o0 = a;
    *o1 = b;
}

// BinaryOp ordinals, as in elementwise.cu.
__device__ __forceinline__ float binary_op(int op, float a, float b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return (a != a || b != b) ? __int_as_float(0x7fc00000) : fmaxf(a, b);
        case 5: return (a != a || b != b) ? __int_as_float(0x7fc00000) : fminf(a, b);
        case 6: return powf(a, b);
        case 7: return a == b ? 1.0f : 0.0f;
        case 8: return a != b ? 1.0f : 0.0f;
        case 9: return a < b ? 1.0f : 0.0f;
        case 10: return a <= b ? 1.0f : 0.0f;
        case 11: return a > b ? 1.0f : 0.0f;
        default: return a >= b ? 1.0f : 0.0f;
    }
}

// out (contiguous, L.dims) = src read through strides L.s0 (a view, a transpose, a broadcast).
extern "C" __global__ void strided_copy_f32(const float* src, float* out, long long n, Layout L) {
    GRID_STRIDE(i, n) {
        long long s, unused;
        offsets(L, i, &s, &unused);
        out[i] = src[s];
    }
}

// dst through strides L.s0 = src (contiguous, L.dims).
extern "C" __global__ void strided_write_f32(const float* src, float* dst, long long n, Layout L) {
    GRID_STRIDE(i, n) {
        long long d, unused;
        offsets(L, i, &d, &unused);
        dst[d] = src[i];
    }
}

// out (contiguous, L.dims) = a op b, with a and b read through broadcast strides L.s0 and L.s1.
extern "C" __global__ void binary_strided_f32(int op, const float* a, const float* b, float* out, long long n,
                                              Layout L) {
    GRID_STRIDE(i, n) {
        long long ia, ib;
        offsets(L, i, &ia, &ib);
        out[i] = binary_op(op, a[ia], b[ib]);
    }
}

// ReduceOp over the middle of x[outer, n, inner] into out[outer, inner]: one thread per output, so
// neighbouring threads read neighbouring addresses. Same conventions as reduce_last_dim_f32.
extern "C" __global__ void reduce_dim_f32(int op, const float* x, float* out, long long outer, int n,
                                          long long inner) {
    GRID_STRIDE(o, outer * inner) {
        long long p = o / inner, q = o % inner;
        const float* base = x + p * n * inner + q;
        double a = (op <= 1) ? 0.0 : (n > 0 ? (double)base[0] : 0.0);
        int ai = 0;
        for (int j = 0; j < n; j++) {
            double v = base[(long long)j * inner];
            if (op <= 1) a += v;
            else if (op == 2) { if (v > a || v != v) a = v; }
            else if (op == 3) { if (v < a || v != v) a = v; }
            else if (op == 4) { if (v > a) { a = v; ai = j; } }
            else { if (v < a) { a = v; ai = j; } }
        }
        out[o] = op == 1 ? (float)(a / n) : (op >= 4 ? (float)ai : (float)a);
    }
}

// out (zeroed first) += x summed onto its broadcast shape: x has L.dims, L.s0 are out's broadcast
// strides (0 where out has size 1). atomicAdd: the order of additions varies from run to run.
extern "C" __global__ void sum_to_shape_f32(const float* x, float* out, long long n, Layout L) {
    GRID_STRIDE(i, n) {
        long long o, unused;
        offsets(L, i, &o, &unused);
        atomicAdd(out + o, x[i]);
    }
}

// out[p, j, q] = x[p, idx[j], q] for x[outer, n, inner], out[outer, k, inner].
extern "C" __global__ void index_select_f32(const float* x, const float* idx, float* out, long long outer, int n,
                                            int k, long long inner) {
    GRID_STRIDE(i, outer * k * inner) {
        long long q = i % inner, j = (i / inner) % k, p = i / (inner * k);
        out[i] = x[(p * n + (long long)idx[j]) * inner + q];
    }
}

// out[p, idx[j], q] += src[p, j, q]; repeated indices add up (atomically).
extern "C" __global__ void index_add_f32(const float* src, const float* idx, float* out, long long outer, int n,
                                         int k, long long inner) {
    GRID_STRIDE(i, outer * k * inner) {
        long long q = i % inner, j = (i / inner) % k, p = i / (inner * k);
        atomicAdd(out + (p * n + (long long)idx[j]) * inner + q, src[i]);
    }
}

// out[i] = x at the coordinates of index element i, with coordinate `dim` replaced by idx[i].
// L.dims are the index's dims, L.s0 x's strides.
extern "C" __global__ void gather_f32(const float* x, const float* idx, float* out, long long n, int dim, Layout L) {
    GRID_STRIDE(i, n) {
        long long rest = i, xo = 0;
        for (int d = (int)L.rank - 1; d >= 0; d--) {
            long long c = rest % L.dims[d];
            rest /= L.dims[d];
            xo += (d == dim ? (long long)idx[i] : c) * L.s0[d];
        }
        out[i] = x[xo];
    }
}

// out at the coordinates of index element i, coordinate `dim` replaced by idx[i], += src at those
// coordinates. L.dims are the index's dims, L.s0 out's strides, L.s1 src's strides.
extern "C" __global__ void scatter_add_f32(const float* src, const float* idx, float* out, long long n, int dim,
                                           Layout L) {
    GRID_STRIDE(i, n) {
        long long rest = i, oo = 0, so = 0;
        for (int d = (int)L.rank - 1; d >= 0; d--) {
            long long c = rest % L.dims[d];
            rest /= L.dims[d];
            oo += (d == dim ? (long long)idx[i] : c) * L.s0[d];
            so += c * L.s1[d];
        }
        atomicAdd(out + oo, src[so]);
    }
}
