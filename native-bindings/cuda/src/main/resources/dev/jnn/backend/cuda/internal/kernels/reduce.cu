// Reductions of jnn's cuda backend (NVRTC, no #include). Op codes are the ordinals of
// dev.jnn.core.spi.ReduceOp: SUM, MEAN, MAX, MIN, ARGMAX, ARGMIN.

#define BLOCK 256

// Reduces each row of x[rows, cols] to out[row] with one block per row (grid-stride over rows):
// each thread folds a strided slice, then a shared-memory tree combines the 256 partial results.
// Sums accumulate in double, as the reference kernels do, so long rows lose no precision.
// MAX/MIN propagate NaN; ARGMAX/ARGMIN write the index as a float and keep the first index among ties.
extern "C" __global__ void reduce_last_dim_f32(int op, const float* x, float* out, int rows, int cols) {
    __shared__ double acc[BLOCK];
    __shared__ int arg[BLOCK];
    for (int row = blockIdx.x; row < rows; row += gridDim.x) {
        const float* r = x + (long long)row * cols;
        int t = threadIdx.x;
        double a = (op <= 1) ? 0.0 : (cols > 0 ? (double)r[0] : 0.0);
        int ai = 0;
        for (int j = t; j < cols; j += blockDim.x) {
            double v = r[j];
            if (op <= 1) a += v;
            else if (op == 2) { if (v > a || v != v) a = v; }   // NaN propagates, as Math.max does
            else if (op == 3) { if (v < a || v != v) a = v; }
            else if (op == 4) { if (v > a) { a = v; ai = j; } }  // strict: the first maximum wins
            else { if (v < a) { a = v; ai = j; } }
        }
        acc[t] = a;
        arg[t] = ai;
        __syncthreads();
        for (int s = blockDim.x / 2; s > 0; s >>= 1) {
            if (t < s) {
                double o = acc[t + s];
                int oi = arg[t + s];
                if (op <= 1) acc[t] += o;
                else if (op == 2) { if (o > acc[t] || o != o) acc[t] = o; }
                else if (op == 3) { if (o < acc[t] || o != o) acc[t] = o; }
                else if (op == 4) { if (o > acc[t] || (o == acc[t] && oi < arg[t])) { acc[t] = o; arg[t] = oi; } }
                else { if (o < acc[t] || (o == acc[t] && oi < arg[t])) { acc[t] = o; arg[t] = oi; } }
            }
            __syncthreads();
        }
        if (t == 0) {
            out[row] = op == 1 ? (float)(acc[0] / cols) : (op >= 4 ? (float)arg[0] : (float)acc[0]);
        }
        __syncthreads();
    }
}

// Column sums of x[rows, cols] into out[cols] (bias gradients): one thread per column walks the
// rows, so neighbouring threads read neighbouring addresses.
extern "C" __global__ void sum_rows_f32(const float* x, float* out, int rows, int cols, float beta) {
    for (int c = blockIdx.x * blockDim.x + threadIdx.x; c < cols; c += blockDim.x * gridDim.x) {
        double s = 0.0;
        for (int r = 0; r < rows; r++) s += x[(long long)r * cols + c];
        out[c] = (float)s + beta * out[c];
    }
}
