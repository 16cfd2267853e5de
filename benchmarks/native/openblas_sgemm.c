/* Measures OpenBLAS cblas_sgemm GFLOP/s (row-major) at jnn's benchmark shapes.
 * Build: cc -O2 -o openblas_sgemm openblas_sgemm.c -lopenblas
 * Run:   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 ./openblas_sgemm [seconds]
 * Each shape: one warm-up call, then repeated calls for the given time (default 1 s) in
 * batches of >= 50 ms; the best batch is reported, as the JMH side reports the mean of 1 s runs. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void run(const char *name, int ta, int tb, int m, int n, int k, double seconds) {
    float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n), *c = malloc(sizeof(float) * m * n);
    srand(1);
    for (long i = 0; i < (long) m * k; i++) a[i] = rand() / (float) RAND_MAX - 0.5f;
    for (long i = 0; i < (long) k * n; i++) b[i] = rand() / (float) RAND_MAX - 0.5f;
    int lda = ta ? m : k, ldb = tb ? k : n;
    enum CBLAS_TRANSPOSE TA = ta ? CblasTrans : CblasNoTrans, TB = tb ? CblasTrans : CblasNoTrans;
    cblas_sgemm(CblasRowMajor, TA, TB, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
    double flops = 2.0 * m * n * k, best = 0, sum = 0, end = now() + seconds;
    int batches = 0;
    while (now() < end) {
        double t0 = now(), t;
        long it = 0;
        do {
            cblas_sgemm(CblasRowMajor, TA, TB, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
            it++;
        } while ((t = now() - t0) < 0.05);
        double g = flops * it / t * 1e-9;
        if (g > best) best = g;
        sum += g;
        batches++;
    }
    printf("%-28s %c%c m=%5d n=%5d k=%5d  best %7.1f  mean %7.1f GFLOP/s\n", name, ta ? 'T' : 'N', tb ? 'T' : 'N',
           m, n, k, best, sum / batches);
    free(a); free(b); free(c);
}

int main(int argc, char **argv) {
    double s = argc > 1 ? atof(argv[1]) : 1.0;
    printf("OpenBLAS %s, %d thread(s)\n", openblas_get_config(), openblas_get_num_threads());
    run("square 1024", 0, 0, 1024, 1024, 1024, s);
    /* MLP 784-512-256-128-64-10, batch 64: forward Y = X W^T (NT), input grad dX = dY W (NN),
     * weight grad dW = dY^T X (TN). */
    int dims[] = {784, 512, 256, 128, 64, 10};
    for (int l = 0; l < 5; l++) {
        int in = dims[l], out = dims[l + 1];
        char nm[64];
        snprintf(nm, sizeof nm, "mlp fwd %dx%d", in, out);
        run(nm, 0, 1, 64, out, in, s);
        snprintf(nm, sizeof nm, "mlp dX %dx%d", in, out);
        run(nm, 0, 0, 64, in, out, s);
        snprintf(nm, sizeof nm, "mlp dW %dx%d", in, out);
        run(nm, 1, 0, out, in, 64, s);
    }
    return 0;
}
