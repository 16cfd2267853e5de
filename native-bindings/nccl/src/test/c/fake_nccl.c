/*
 * A stand-in for libnccl.so.2 and the few CUDA runtime calls jnn's nccl binding makes, so that the
 * binding's code paths (loading, the by-value ncclUniqueId, pointers with offsets, polling, async
 * errors, abort) run in tests on machines without a GPU. Compiled by NcclFakeLibraryTest with gcc.
 *
 * "Device memory" is host memory, streams are dummies that are always done, and the ranks of a
 * communicator are threads of one process: ncclCommInitRank joins the clique named by the unique
 * id, and each collective completes inside its call once every rank has made it (real NCCL only
 * enqueues). Sums are taken in rank order. fake_nccl_fail_next(code) makes the next collective
 * report `code` through ncclCommGetAsyncError, as a network failure in real NCCL would.
 * Signatures and values follow NCCL 2.x's nccl.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_RANKS 64

typedef struct { char internal[128]; } ncclUniqueId;

typedef struct clique {
    char id[128];
    int nranks;
    int joined;
    int arrived;
    unsigned long generation;
    int aborted;
    const void *send[MAX_RANKS];
    void *recv[MAX_RANKS];
    double *result;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct clique *next;
} clique;

typedef struct ncclComm {
    clique *c;
    int rank;
    int async_error;
} *ncclComm_t;

static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static clique *cliques;
static volatile int fail_next;

void fake_nccl_fail_next(int code) { fail_next = code; }

int ncclGetVersion(int *version) {
    *version = 22105;   /* 2.21.5 */
    return 0;
}

int ncclGetUniqueId(ncclUniqueId *id) {
    static int counter;
    memset(id->internal, 0, sizeof id->internal);
    snprintf(id->internal, sizeof id->internal, "fake-nccl-%d-%d-%ld", (int) getpid(), __sync_add_and_fetch(&counter, 1),
             (long) time(NULL));
    return 0;
}

/* Waits until every rank of the clique arrives; 6 (ncclRemoteError) once the clique was aborted. */
static int barrier(clique *c) {
    pthread_mutex_lock(&c->mu);
    if (c->aborted) {
        pthread_mutex_unlock(&c->mu);
        return 6;
    }
    unsigned long gen = c->generation;
    if (++c->arrived == c->nranks) {
        c->arrived = 0;
        c->generation++;
        pthread_cond_broadcast(&c->cv);
    } else {
        while (gen == c->generation && !c->aborted) pthread_cond_wait(&c->cv, &c->mu);
    }
    int r = c->aborted ? 6 : 0;
    pthread_mutex_unlock(&c->mu);
    return r;
}

int ncclCommInitRank(ncclComm_t *comm, int nranks, ncclUniqueId id, int rank) {
    if (nranks < 1 || nranks > MAX_RANKS || rank < 0 || rank >= nranks) return 4;   /* ncclInvalidArgument */
    pthread_mutex_lock(&registry);
    clique *c = cliques;
    while (c && memcmp(c->id, id.internal, sizeof c->id) != 0) c = c->next;
    if (!c) {
        c = calloc(1, sizeof *c);
        memcpy(c->id, id.internal, sizeof c->id);
        c->nranks = nranks;
        pthread_mutex_init(&c->mu, NULL);
        pthread_cond_init(&c->cv, NULL);
        c->next = cliques;
        cliques = c;
    }
    pthread_mutex_unlock(&registry);
    if (c->nranks != nranks) return 5;   /* ncclInvalidUsage */
    struct ncclComm *k = calloc(1, sizeof *k);
    k->c = c;
    k->rank = rank;
    if (barrier(c) != 0) return 2;   /* every rank joined, as ncclCommInitRank waits for */
    *comm = k;
    return 0;
}

static double get(const void *p, long i, int type) { return type == 8 ? ((const double *) p)[i] : ((const float *) p)[i]; }
static void put(void *p, long i, int type, double v) {
    if (type == 8) ((double *) p)[i] = v; else ((float *) p)[i] = (float) v;
}

/* The collective of every rank's call: root >= 0 broadcasts root's send, root < 0 reduces with op. */
static int collective(const void *send, void *recv, size_t count, int type, int op, int root, ncclComm_t comm) {
    if (type != 7 && type != 8) return 4;
    if (fail_next) {
        comm->async_error = fail_next;
        fail_next = 0;
        return 0;   /* enqueued; the failure shows in ncclCommGetAsyncError */
    }
    clique *c = comm->c;
    c->send[comm->rank] = send;
    c->recv[comm->rank] = recv;
    if (barrier(c)) goto remote;
    if (comm->rank == 0) {
        c->result = malloc(count * sizeof(double) + 1);
        for (size_t i = 0; i < count; i++) {
            double acc = get(c->send[root >= 0 ? root : 0], i, type);
            if (root < 0) {
                for (int r = 1; r < c->nranks; r++) {
                    double v = get(c->send[r], i, type);
                    /* Sum in float for float data, rank by rank, as a ring over float buffers would. */
                    acc = op == 0 ? (type == 7 ? (double) ((float) acc + (float) v) : acc + v)
                        : op == 2 ? (v > acc ? v : acc) : op == 3 ? (v < acc ? v : acc) : acc;
                }
            }
            c->result[i] = acc;
        }
    }
    if (barrier(c)) goto remote;
    for (size_t i = 0; i < count; i++) put(recv, i, type, c->result[i]);
    if (barrier(c)) goto remote;
    if (comm->rank == 0) free(c->result);
    return 0;
remote:
    comm->async_error = 6;
    return 0;
}

int ncclAllReduce(const void *send, void *recv, size_t count, int type, int op, ncclComm_t comm, void *stream) {
    (void) stream;
    return collective(send, recv, count, type, op, -1, comm);
}

int ncclBroadcast(const void *send, void *recv, size_t count, int type, int root, ncclComm_t comm, void *stream) {
    (void) stream;
    if (root < 0 || root >= comm->c->nranks) return 4;
    return collective(send, recv, count, type, 0, root, comm);
}

int ncclCommGetAsyncError(ncclComm_t comm, int *error) {
    *error = comm->async_error ? comm->async_error : comm->c->aborted ? 6 : 0;
    return 0;
}

int ncclCommAbort(ncclComm_t comm) {
    clique *c = comm->c;
    pthread_mutex_lock(&c->mu);
    c->aborted = 1;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return 0;
}

int ncclCommDestroy(ncclComm_t comm) {
    free(comm);
    return 0;
}

const char *ncclGetErrorString(int result) {
    switch (result) {
        case 0: return "no error";
        case 1: return "unhandled cuda error (run with NCCL_DEBUG=INFO for details)";
        case 2: return "unhandled system error (run with NCCL_DEBUG=INFO for details)";
        case 3: return "internal error - please report this issue to the NCCL developers";
        case 4: return "invalid argument (run with NCCL_DEBUG=WARN for details)";
        case 5: return "invalid usage (run with NCCL_DEBUG=WARN for details)";
        case 6: return "remote process exited or there was a network error";
        case 7: return "NCCL operation in progress";
        default: return "unknown result code";
    }
}

/* The CUDA runtime calls the binding makes. */
int cudaSetDevice(int device) { return device == 0 ? 0 : 101; /* cudaErrorInvalidDevice */ }
int cudaGetDeviceCount(int *n) { *n = 1; return 0; }
int cudaStreamCreateWithFlags(void **stream, unsigned int flags) { (void) flags; *stream = malloc(8); return 0; }
int cudaStreamQuery(void *stream) { (void) stream; return 0; }
int cudaStreamSynchronize(void *stream) { (void) stream; return 0; }
int cudaStreamDestroy(void *stream) { free(stream); return 0; }
const char *cudaGetErrorName(int status) { return status == 0 ? "cudaSuccess" : status == 101 ? "cudaErrorInvalidDevice" : "cudaErrorUnknown"; }
