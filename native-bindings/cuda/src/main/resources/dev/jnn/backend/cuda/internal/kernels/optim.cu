// Fused optimizer updates of jnn's cuda backend (NVRTC, no #include); the same rules, in the same
// order of operations, as dev.jnn.core's reference kernels, so results agree to float rounding.

#define GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long)blockDim.x * gridDim.x)

// SGD with weight decay, momentum, dampening and Nesterov; buf may be null (no momentum).
extern "C" __global__ void sgd_update_f32(float* p, const float* g, float* buf, float lr, float momentum,
                                          float dampening, float weightDecay, int nesterov, int firstStep,
                                          long long n) {
    GRID_STRIDE(i, n) {
        float d = g[i] + weightDecay * p[i];
        if (buf) {
            float m = firstStep ? d : momentum * buf[i] + (1.0f - dampening) * d;
            buf[i] = m;
            d = nesterov ? d + momentum * m : m;
        }
        p[i] -= lr * d;
    }
}

// Adam / AdamW (decoupled weight decay) / AMSGrad (vmax not null). stepSize = lr / (1 - beta1^t) and
// bc2Sqrt = sqrt(1 - beta2^t) are computed on the host in double, once per step.
extern "C" __global__ void adam_update_f32(float* p, const float* g, float* m, float* v, float* vmax,
                                           float lr, float beta1, float beta2, float eps, float weightDecay,
                                           int decoupled, float stepSize, float bc2Sqrt, long long n) {
    GRID_STRIDE(i, n) {
        float d = g[i];
        float pi = p[i];
        if (decoupled) pi *= 1.0f - lr * weightDecay;
        else d += weightDecay * pi;
        float mi = beta1 * m[i] + (1.0f - beta1) * d;
        float vi = beta2 * v[i] + (1.0f - beta2) * d * d;
        m[i] = mi;
        v[i] = vi;
        if (vmax) {
            vi = fmaxf(vmax[i], vi);
            vmax[i] = vi;
        }
        float denom = sqrtf(vi) / bc2Sqrt + eps;
        p[i] = pi - stepSize * mi / denom;
    }
}
