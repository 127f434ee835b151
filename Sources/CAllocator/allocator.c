#include "CAllocator.h"

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
