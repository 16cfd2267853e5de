// Fused softmax cross-entropy of jnn's cuda backend (NVRTC, no #include). Targets are class
// indices stored as floats, as in the reference kernels. One block of 256 threads per sample row.

#define BLOCK 256

__device__ float block_max(float v, float* sh) {
    int t = threadIdx.x;
    sh[t] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (t < s) sh[t] = fmaxf(sh[t], sh[t + s]);
        __syncthreads();
    }
    float r = sh[0];
    __syncthreads();
    return r;
}

__device__ double block_sum(double v, double* sh) {
    int t = threadIdx.x;
    sh[t] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (t < s) sh[t] += sh[t + s];
        __syncthreads();
    }
    double r = sh[0];
    __syncthreads();
    return r;
}

// loss[i] = -(1 - smoothing) * log p[i, t_i] - smoothing / C * sum_j log p[i, j], and probs = softmax(logits),
// computed as log-sum-exp around the row maximum so that large logits cannot overflow.
// A target outside [0, C) sets *badTarget to 1 + its row, for the host to report.
extern "C" __global__ void cross_entropy_f32(const float* logits, const float* targets, float smoothing,
                                             float* loss, float* probs, int n, int c, int* badTarget) {
    __shared__ float shf[BLOCK];
    __shared__ double shd[BLOCK];
    for (int row = blockIdx.x; row < n; row += gridDim.x) {
        const float* z = logits + (long long)row * c;
        float* p = probs + (long long)row * c;
        float m = -__int_as_float(0x7f800000);
        for (int j = threadIdx.x; j < c; j += blockDim.x) m = fmaxf(m, z[j]);
        m = block_max(m, shf);
        double s = 0.0, sz = 0.0;
        for (int j = threadIdx.x; j < c; j += blockDim.x) { s += exp((double)(z[j] - m)); sz += z[j]; }
        s = block_sum(s, shd);
        sz = block_sum(sz, shd);
        double logSum = log(s) + m;
        for (int j = threadIdx.x; j < c; j += blockDim.x) p[j] = (float)exp(z[j] - logSum);
        if (threadIdx.x == 0) {
            float tf = targets[row];
            int k = (int)tf;
            if ((float)k != tf || k < 0 || k >= c) {
                atomicCAS(badTarget, 0, row + 1);
                loss[row] = __int_as_float(0x7fc00000);
            } else {
                double logpT = z[k] - logSum;
                double sumLogp = sz - c * logSum;
                loss[row] = (float)(-(1.0 - smoothing) * logpT - smoothing / c * sumLogp);
            }
        }
    }
}

// gx[i, j] = gLoss[i] * (probs[i, j] - target_j), target_j = (j == t_i ? 1 - smoothing : 0) + smoothing / C.
extern "C" __global__ void cross_entropy_backward_f32(const float* probs, const float* targets, float smoothing,
                                                      const float* gLoss, float* gx, int n, int c) {
    long long total = (long long)n * c;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total;
         i += (long long)blockDim.x * gridDim.x) {
        int row = (int)(i / c), j = (int)(i % c);
        float target = (j == (int)targets[row] ? 1.0f - smoothing : 0.0f) + smoothing / c;
        gx[i] = gLoss[row] * (probs[i] - target);
    }
}
