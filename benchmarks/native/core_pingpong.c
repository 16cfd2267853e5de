// Cache-line ping-pong between cores 0 and 1: the round-trip time of one cache line handed back
// and forth, which tells whether the two cores share a core complex (tens of ns) or not (hundreds).
// cc -O2 -pthread -o core_pingpong benchmarks/native/core_pingpong.c && ./core_pingpong
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

enum { ROUNDS = 2000000 };
static _Atomic int flag __attribute__((aligned(64)));

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void *answer(void *unused) {
    (void) unused;
    pin(1);
    for (int i = 0; i < ROUNDS; i++) {
        while (atomic_load(&flag) != 1) {}
        atomic_store(&flag, 0);
    }
    return NULL;
}

int main(void) {
    pthread_t other;
    pin(0);
    pthread_create(&other, NULL, answer, NULL);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < ROUNDS; i++) {
        atomic_store(&flag, 1);
        while (atomic_load(&flag) != 0) {}
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    pthread_join(other, NULL);
    printf("cache-line round trip between cores 0 and 1: %.1f ns\n",
           ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / ROUNDS);
    return 0;
}
