#ifndef SOPC_CALLOCATOR_H
#define SOPC_CALLOCATOR_H

/// With `immediately` 1: gives back to the system every page of memory freed so far that the allocator
/// keeps for reuse, and from then on each page as soon as it is freed. With 0: freed pages are kept a
/// while again, as by default. Only when the allocator is jemalloc (linked into sopc, see Package.swift);
/// returns 1 when it did, 0 under another malloc (the tests) or when jemalloc refused.
int sopc_return_freed_pages(int immediately);

/// The CPU the calling thread runs on now, or -1.
int sopc_current_cpu(void);

/// The CPUs the calling thread may run on, in order: the first `capacity` of them written to `cpus`; returns
/// how many there are (perhaps more than `capacity`), or -1 on error.
int sopc_allowed_cpus(int *cpus, int capacity);

/// Moves the calling thread to another CPU than `cpu`, among those it may run on, then lets it run on all of
/// them again; 1 if it was moved, 0 if it could not be (one CPU allowed, `cpu` not among them, or an error).
int sopc_move_off_cpu(int cpu);

#endif
