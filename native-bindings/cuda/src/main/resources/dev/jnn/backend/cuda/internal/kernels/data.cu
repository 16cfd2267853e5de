// Batch assembly on the device for jnn's cuda backend (NVRTC, no #include): the whole uint8 dataset
// (MNIST: 47 MB) stays resident, and each step copies only the batch's indices to the GPU.

// out[b, j] = (data[idx[b], j] / 255 - mean) / std for a batch of `batch` samples of `sampleSize` bytes.
extern "C" __global__ void gather_u8_batch_f32(const unsigned char* data, const int* idx, float* out,
                                               int batch, int sampleSize, float mean, float invStd) {
    long long total = (long long)batch * sampleSize;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total;
         i += (long long)blockDim.x * gridDim.x) {
        int b = (int)(i / sampleSize), j = (int)(i % sampleSize);
        float v = data[(long long)idx[b] * sampleSize + j] * (1.0f / 255.0f);
        out[i] = (v - mean) * invStd;
    }
}

// labels[b] = (float) labelData[idx[b]], the float class indices that the loss kernels read.
extern "C" __global__ void gather_u8_labels_f32(const unsigned char* labelData, const int* idx, float* labels,
                                                int batch) {
    for (int b = blockIdx.x * blockDim.x + threadIdx.x; b < batch; b += blockDim.x * gridDim.x) {
        labels[b] = (float)labelData[idx[b]];
    }
}
