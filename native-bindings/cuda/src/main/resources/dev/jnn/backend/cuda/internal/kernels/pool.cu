// Max pooling with an argmax workspace for jnn's cuda backend (NVRTC, no #include). The SPI keeps
// the argmax (as int bits in a float tensor) so that backward needs neither x nor y, unlike
// cudnnPoolingBackward; ties and NaN follow the reference kernels (first maximum, NaN wins).

extern "C" __global__ void max_pool2d_f32(const float* x, float* y, float* ws, int planes, int h, int w,
                                          int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw) {
    long long total = (long long)planes * oh * ow;
    for (long long o = (long long)blockIdx.x * blockDim.x + threadIdx.x; o < total;
         o += (long long)blockDim.x * gridDim.x) {
        int j = (int)(o % ow), i = (int)((o / ow) % oh);
        long long pl = o / ((long long)oh * ow);
        const float* xp = x + pl * h * w;
        float best = -__int_as_float(0x7f800000);
        int arg = -1;
        for (int p = 0; p < kh; p++) {
            int r = i * sh - ph + p;
            if (r < 0 || r >= h) continue;
            for (int q = 0; q < kw; q++) {
                int c = j * sw - pw + q;
                if (c < 0 || c >= w) continue;
                float v = xp[r * w + c];
                if (v > best || arg < 0 || v != v) { best = v; arg = r * w + c; }
            }
        }
        y[o] = best;
        if (ws) ws[o] = __int_as_float(arg);
    }
}

// gx must be zeroed first: overlapping windows add into the same input element, hence atomicAdd.
extern "C" __global__ void max_pool2d_backward_f32(const float* gy, const float* ws, float* gx, int planes,
                                                   int hw, int ohw) {
    long long total = (long long)planes * ohw;
    for (long long o = (long long)blockIdx.x * blockDim.x + threadIdx.x; o < total;
         o += (long long)blockDim.x * gridDim.x) {
        int arg = __float_as_int(ws[o]);
        if (arg >= 0) atomicAdd(gx + (o / ohw) * hw + arg, gy[o]);
    }
}
