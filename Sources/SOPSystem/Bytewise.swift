#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The order sopc sorts by wherever an order must not depend on the locale or on Unicode's rules: the UTF-8
/// bytes, compared as unsigned numbers (file paths, ids, manifest lines). The same order as
/// `a.utf8.lexicographicallyPrecedes(b.utf8)`, compared with `memcmp` over the strings' storage rather than
/// a byte at a time through the generic collection (a build sorts tens of thousands of paths).
package enum Bytewise {
    package static func precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                let n = min(x.count, y.count)
                let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return c != 0 ? c < 0 : x.count < y.count
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
