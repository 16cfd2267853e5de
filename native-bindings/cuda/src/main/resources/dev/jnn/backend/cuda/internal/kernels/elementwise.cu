// Element-wise kernels of jnn's cuda backend. Compiled at run time by NVRTC (no #include: NVRTC
// has no standard headers), one module per file. Every kernel is extern "C" so that
// cuModuleGetFunction finds it by its plain name, and loops grid-stride so that any grid size works.
//
// Op codes are the ordinals of dev.jnn.core.spi.UnaryOp and BinaryOp; CudaKernelsTest checks them.

#define GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long)blockDim.x * gridDim.x)

// UnaryOp: NEG, EXP, LOG, SQRT, ABS, SQUARE, RECIPROCAL, RELU, SIGMOID, TANH, SIGN
__device__ __forceinline__ float unary_apply(int op, float x) {
    switch (op) {
        case 0: return -x;
        case 1: return expf(x);
        case 2: return logf(x);
        case 3: return sqrtf(x);
        case 4: return fabsf(x);
        case 5: return x * x;
        case 6: return 1.0f / x;
        case 7: return x > 0.0f ? x : 0.0f;
        case 8: return 1.0f / (1.0f + expf(-x));
        case 9: return tanhf(x);
        default: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x);  // keeps 0, -0 and NaN, like Math.signum
    }
}

// The gradient of unary_apply given the input x, the output y and the incoming gradient g.
__device__ __forceinline__ float unary_derivative(int op, float x, float y, float g) {
    switch (op) {
        case 0: return -g;
        case 1: return g * y;
        case 2: return g / x;
        case 3: return g * 0.5f / y;
        case 4: return g * (x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f));
        case 5: return g * 2.0f * x;
        case 6: return -g * y * y;
        case 7: return x > 0.0f ? g : 0.0f;
        case 8: return g * y * (1.0f - y);
        case 9: return g * (1.0f - y * y);
        default: return 0.0f;
    }
}

// BinaryOp: ADD, SUB, MUL, DIV, MAX, MIN, POW, EQ, NE, LT, LE, GT, GE
__device__ __forceinline__ float binary_apply(int op, float a, float b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return (a != a || b != b) ? __int_as_float(0x7fc00000) : fmaxf(a, b);  // NaN wins, as in Java
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
