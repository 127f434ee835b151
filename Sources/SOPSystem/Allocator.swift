internal import CAllocator

/// The memory allocator (jemalloc in sopc, Package.swift says why).
package enum Allocator {
    /// From now on, pages of memory freed go back to the system at once (those freed so far too), instead of
    /// being kept a while for reuse; `false` returns to the default. Whether it could (not under another
    /// malloc, as in the tests). For the checks of one long file: what they free on one core is otherwise
    /// kept beside what they make on the other (docs/BENCHMARKS.md).
    @discardableResult
    package static func returnFreedPages(immediately: Bool) -> Bool {
        sopc_return_freed_pages(immediately ? 1 : 0) == 1
    }
}
