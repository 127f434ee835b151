#ifndef SOPC_CALLOCATOR_H
#define SOPC_CALLOCATOR_H

/// With `immediately` 1: gives back to the system every page of memory freed so far that the allocator
/// keeps for reuse, and from then on each page as soon as it is freed. With 0: freed pages are kept a
/// while again, as by default. Only when the allocator is jemalloc (linked into sopc, see Package.swift);
/// returns 1 when it did, 0 under another malloc (the tests) or when jemalloc refused.
int sopc_return_freed_pages(int immediately);

#endif
