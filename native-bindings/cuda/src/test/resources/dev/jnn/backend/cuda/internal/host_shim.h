// Lets jnn's .cu kernels compile as plain C++ and run on the CPU, one thread in one block: every
// kernel loops grid- or block-stride, so with blockDim = gridDim = 1 a single call covers all the
// data, block reductions reduce over one thread, and __syncthreads() has nothing to wait for.
// Used only by KernelsOnHostTest, to check the kernels' arithmetic against jnn's reference kernels
// on a machine without a GPU; it says nothing about concurrency on a real device.
#include <cmath>
#include <cstdio>
#include <cstring>
struct HostDim { unsigned x, y, z; };
static HostDim blockIdx{0, 0, 0}, threadIdx{0, 0, 0}, blockDim{1, 1, 1}, gridDim{1, 1, 1};
#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
inline void __syncthreads() {}
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, 4); return i; }
inline float atomicAdd(float* p, float v) { float o = *p; *p = o + v; return o; }
inline int atomicCAS(int* p, int cmp, int v) { int o = *p; if (o == cmp) *p = v; return o; }
