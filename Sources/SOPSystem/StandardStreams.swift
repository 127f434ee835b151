#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes text straight to a file descriptor (1: standard output, 2: standard error), whole, retrying
/// short writes; a closed pipe simply ends the output.
public enum StandardStreams {
    public static func write(_ text: String, to fd: Int32) {
        var text = text
        _ = text.withUTF8 { FileIO.write(fd, UnsafeRawBufferPointer($0)) }
    }

    public static func out(_ text: String) { write(text, to: 1) }
    public static func err(_ text: String) { write(text.hasSuffix("\n") ? text : text + "\n", to: 2) }
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
    public static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
