// Runs each kernel on the CPU (see host_shim.h) on inputs that KernelsOnHostTest builds the same
// way, and prints "case v0 v1 …" lines for it to compare with jnn's reference kernels.
#include <vector>
static float in(int i, int salt) { return (float)(3.0 * std::sin((double)(0.37f * i + salt))); }
static std::vector<float> gen(int n, int salt) { std::vector<float> v(n); for (int i = 0; i < n; i++) v[i] = in(i, salt); return v; }
static void print(const char* name, const std::vector<float>& v) {
    std::printf("%s", name);
    for (float x : v) std::printf(" %.9g", x);
    std::printf("\n");
}
static Layout layout(std::vector<long long> dims, std::vector<long long> s0, std::vector<long long> s1) {
    Layout L{};
    L.rank = (long long)dims.size();
    for (size_t d = 0; d < dims.size(); d++) { L.dims[d] = dims[d]; L.s0[d] = s0[d]; L.s1[d] = s1.empty() ? 0 : s1[d]; }
    return L;
}
int main() {
    char name[64];
    const int n = 37;
    std::vector<float> x = gen(n, 0), gy = gen(n, 1), pos(n), y(n), g(n);
    for (int i = 0; i < n; i++) pos[i] = std::fabs(x[i]) + 0.1f;
    for (int op = 0; op < JNN_UNARY_OP_COUNT; op++) {
        const std::vector<float>& a = JNN_UNARY_POSITIVE_DOMAIN(op) ? pos : x;   // LOG, SQRT, ... on positive inputs
        unary_f32(op, a.data(), y.data(), n);
        std::snprintf(name, sizeof name, "unary%d", op); print(name, y);
        unary_backward_f32(op, a.data(), y.data(), gy.data(), g.data(), n);
        std::snprintf(name, sizeof name, "unaryBackward%d", op); print(name, g);
    }
    std::vector<float> a = gen(15, 2), b = gen(5, 3), o(15);
    for (int op = 0; op < JNN_BINARY_OP_COUNT; op++) {
        binary_f32(op, a.data(), 1, 15, b.data(), 1, 5, o.data(), 15);
        std::snprintf(name, sizeof name, "binaryRow%d", op); print(name, o);
    }
    std::vector<float> a3 = gen(20, 4), b2 = gen(15, 5), o3(60);   // [4,1,5] op [3,5] -> [4,3,5]
    binary_strided_f32(1, a3.data(), b2.data(), o3.data(), 60, layout({4, 3, 5}, {5, 0, 1}, {0, 5, 1}));
    print("binaryStrided", o3);
    std::vector<float> r = gen(21, 6), ro(3);
    for (int op = 0; op <= 5; op++) {
        reduce_last_dim_f32(op, r.data(), ro.data(), 3, 7);
        std::snprintf(name, sizeof name, "reduceLast%d", op); print(name, ro);
    }
    std::vector<float> r3 = gen(60, 7), rd(12);                    // [3,5,4] over dim 1
    for (int op = 0; op <= 5; op++) {
        reduce_dim_f32(op, r3.data(), rd.data(), 3, 5, 4);
        std::snprintf(name, sizeof name, "reduceDim%d", op); print(name, rd);
    }
    std::vector<float> rows(3);
    sum_rows_f32(r.data(), rows.data(), 7, 3, 0.0f);               // [7,3] -> [3]
    print("sumRows", rows);
    std::vector<float> logits = gen(24, 8), targets = {0, 5, 2, 3}, loss(4), probs(24), gl = {0.25f, 0.25f, 0.25f, 0.25f}, gx(24);
    int bad = 0;
    cross_entropy_f32(logits.data(), targets.data(), 0.1f, loss.data(), probs.data(), 4, 6, &bad);
    print("crossEntropyLoss", loss); print("crossEntropyProbs", probs);
    cross_entropy_backward_f32(probs.data(), targets.data(), 0.1f, gl.data(), gx.data(), 4, 6);
    print("crossEntropyBackward", gx);
    std::vector<float> p = gen(n, 9), grad = gen(n, 10), buf = gen(n, 11);
    sgd_update_f32(p.data(), grad.data(), buf.data(), 0.1f, 0.9f, 0.1f, 0.01f, 1, 0, n);
    print("sgdParam", p); print("sgdBuffer", buf);
    std::vector<float> q = gen(n, 12), m = gen(n, 13), v(n), vmax(n);
    for (int i = 0; i < n; i++) { v[i] = std::fabs(in(i, 14)); vmax[i] = std::fabs(in(i, 15)); }
    double bc1 = 1 - std::pow(0.9, 3), bc2 = 1 - std::pow(0.999, 3);
    adam_update_f32(q.data(), grad.data(), m.data(), v.data(), vmax.data(), 0.01f, 0.9f, 0.999f, 1e-8f, 0.01f, 1,
                    (float)(0.01 / bc1), (float)std::sqrt(bc2), n);
    print("adamParam", q); print("adamExpAvg", m); print("adamExpAvgSq", v); print("adamMax", vmax);
    std::vector<float> px = gen(50, 16), py(18), ws(18), pgy = gen(18, 17), pgx(50, 0.0f);   // [1,2,5,5], k3 s2 p1
    max_pool2d_f32(px.data(), py.data(), ws.data(), 2, 5, 5, 3, 3, 3, 3, 2, 2, 1, 1);
    print("maxPool", py);
    max_pool2d_backward_f32(pgy.data(), ws.data(), pgx.data(), 2, 25, 9);
    print("maxPoolBackward", pgx);
    std::vector<float> t = gen(12, 18), tt(12);                    // [3,4] transposed to [4,3]
    strided_copy_f32(t.data(), tt.data(), 12, layout({4, 3}, {1, 4}, {}));
    print("transpose", tt);
    std::vector<float> gsrc = gen(24, 19), gidx = {5, 0, 2, 1, 1, 1, 3, 4, 0, 2, 5, 5}, gout(12);   // x [4,6], idx [4,3]
    gather_f32(gsrc.data(), gidx.data(), gout.data(), 12, 1, layout({4, 3}, {6, 1}, {}));
    print("gather", gout);
    std::vector<float> sadd(24, 0.0f);
    scatter_add_f32(gout.data(), gidx.data(), sadd.data(), 12, 1, layout({4, 3}, {6, 1}, {3, 1}));
    print("scatterAdd", sadd);
    std::vector<float> isel(6), iidx = {4, 0};                      // x [4,6] rows... select along dim 1 of [4,6]? use [2,6,2]
    std::vector<float> ix = gen(24, 20);
    std::vector<float> iout(8);                                    // [2,6,2] select dim 1 idx {4,0} -> [2,2,2]
    index_select_f32(ix.data(), iidx.data(), iout.data(), 2, 6, 2, 2);
    print("indexSelect", iout);
    std::vector<float> iadd(24, 0.0f);
    index_add_f32(iout.data(), iidx.data(), iadd.data(), 2, 6, 2, 2);
    print("indexAdd", iadd);
    std::vector<float> sts(5, 0.0f);                               // [3,5] summed to [5] via sum_to_shape
    sum_to_shape_f32(b2.data(), sts.data(), 15, layout({3, 5}, {0, 1}, {}));
    print("sumToShape", sts);
    std::vector<unsigned char> data = {0, 255, 51, 102, 204, 0}, labels = {7, 3, 9};
    std::vector<int> idx = {2, 1};
    std::vector<float> batch(4), lab(2);
    gather_u8_batch_f32(data.data(), idx.data(), batch.data(), 2, 2, 0.5f, 4.0f);
    gather_u8_labels_f32(labels.data(), idx.data(), lab.data(), 2);
    print("batch", batch); print("labels", lab);
    return 0;
}
