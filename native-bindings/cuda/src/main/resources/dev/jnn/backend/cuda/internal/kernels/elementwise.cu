// Element-wise kernels of jnn's cuda backend. Compiled at run time by NVRTC (no #include: NVRTC
// has no standard headers), one module per file. Every kernel is extern "C" so that
// cuModuleGetFunction finds it by its plain name, and loops grid-stride so that any grid size works.
//
// Op codes are the ordinals of dev.jnn.core.spi.UnaryOp and BinaryOp (see below).

#define GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long)blockDim.x * gridDim.x)

// unary_apply, unary_derivative and binary_apply, one case per constant of dev.jnn.core.spi.UnaryOp
// and BinaryOp by ordinal, generated from the enums' C expressions when the source is read
// (ElementwiseOpSource), so that the op codes and formulas cannot drift from the SPI's.
@ELEMENTWISE_OPS@

extern "C" __global__ void fill_f32(float* out, float value, long long n) {
    GRID_STRIDE(i, n) out[i] = value;
}

extern "C" __global__ void unary_f32(int op, const float* x, float* y, long long n) {
    GRID_STRIDE(i, n) y[i] = unary_apply(op, x[i]);
}

extern "C" __global__ void unary_backward_f32(int op, const float* x, const float* y, const float* gy,
                                              float* gx, long long n) {
    GRID_STRIDE(i, n) gx[i] = unary_derivative(op, x ? x[i] : 0.0f, y ? y[i] : 0.0f, gy[i]);
}

// out[i] = a[ai] op b[bi] where each operand's index is (i / div) % mod: div = 1, mod = n for a full
// tensor; div = 1, mod = cols for a row vector broadcast over rows; div = cols, mod = rows for a
// column vector; div = 1, mod = 1 for a scalar held on the device.
extern "C" __global__ void binary_f32(int op, const float* a, long long aDiv, long long aMod,
                                      const float* b, long long bDiv, long long bMod, float* out, long long n) {
    GRID_STRIDE(i, n) out[i] = binary_apply(op, a[(i / aDiv) % aMod], b[(i / bDiv) % bMod]);
}

extern "C" __global__ void binary_scalar_f32(int op, const float* a, float s, float* out, long long n) {
    GRID_STRIDE(i, n) out[i] = binary_apply(op, a[i], s);
}

// y += alpha * x
extern "C" __global__ void axpy_f32(float alpha, const float* x, float* y, long long n) {
    GRID_STRIDE(i, n) y[i] = fmaf(alpha, x[i], y[i]);
}

// A Bernoulli(1 - p) keep-mask from a counter-based hash of (seed, i): the same seed gives the same
// mask whatever the launch shape, and nothing is stored between calls.
__device__ __forceinline__ unsigned long long splitmix64(unsigned long long z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

extern "C" __global__ void dropout_mask_f32(float* mask, float p, unsigned long long seed, long long n) {
    GRID_STRIDE(i, n) {
        // the top 24 bits give a uniform float in [0, 1) with every value exactly representable
        float u = (float)(splitmix64(seed ^ splitmix64((unsigned long long)i)) >> 40) * (1.0f / 16777216.0f);
        mask[i] = u >= p ? 1.0f : 0.0f;
    }
}

extern "C" __global__ void dropout_f32(const float* x, const float* mask, float scale, float* out, long long n) {
    GRID_STRIDE(i, n) out[i] = x[i] * mask[i] * scale;
}
