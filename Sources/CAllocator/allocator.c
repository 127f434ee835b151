// sched_getcpu and the CPU_* macros of sched.h.
#define _GNU_SOURCE
#include "CAllocator.h"

#include <sched.h>

#include <stdio.h>
#include <sys/types.h>

// jemalloc's control interface; weak, so that a program linked without jemalloc (the test bundle, a plain
// `swift build`) still links and finds it missing at run time.
extern int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen)
    __attribute__((weak));

int sopc_return_freed_pages(int immediately) {
    if (mallctl == NULL) return 0;
    ssize_t decay = 0;
    if (!immediately) {
        size_t length = sizeof(decay);
        if (mallctl("opt.dirty_decay_ms", &decay, &length, NULL, 0) != 0) return 0;
    }
    unsigned arenas = 0;
    size_t length = sizeof(arenas);
    if (mallctl("arenas.narenas", &arenas, &length, NULL, 0) != 0) return 0;
    char name[64];
    for (unsigned i = 0; i < arenas; i++) {
        // An arena not made yet (one a thread, made on a thread's first allocation) refuses: no matter.
        snprintf(name, sizeof(name), "arena.%u.dirty_decay_ms", i);
        mallctl(name, NULL, NULL, &decay, sizeof(decay));
    }
    // MALLCTL_ARENAS_ALL (4096): every arena's freed pages, now.
    return !immediately || mallctl("arena.4096.purge", NULL, NULL, NULL, 0) == 0;
}

int sopc_current_cpu(void) { return sched_getcpu(); }

int sopc_allowed_cpus(int *cpus, int capacity) {
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) return -1;
    int count = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        if (count < capacity) cpus[count] = cpu;
        count++;
    }
    return count;
}

int sopc_move_off_cpu(int cpu) {
    cpu_set_t allowed;
    if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getaffinity(0, sizeof(allowed), &allowed) != 0) return 0;
    if (!CPU_ISSET(cpu, &allowed) || CPU_COUNT(&allowed) < 2) return 0;
    cpu_set_t others = allowed;
    CPU_CLR(cpu, &others);
    // Allowed everywhere but `cpu`, the thread is moved at once; allowed everywhere again, it stays where it is.
    if (sched_setaffinity(0, sizeof(others), &others) != 0) return 0;
    sched_setaffinity(0, sizeof(allowed), &allowed);
    return 1;
}
