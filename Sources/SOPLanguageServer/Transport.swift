import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes read on one thread, handed to another: the reader never waits for a check, so edits that come
/// faster than checks pile up here and are all applied before the next check.
final class Inbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [[UInt8]] = []
    private var closed = false

    func put(_ bytes: [UInt8]) {
        condition.lock()
        chunks.append(bytes)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    /// Everything read so far (waiting for something when nothing is there); nil at the end of input.
    func take() -> [[UInt8]]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty, !closed { condition.wait() }
        if chunks.isEmpty { return nil }
        let out = chunks
        chunks = []
        return out
    }

    /// What was read so far, without waiting.
    func poll() -> [[UInt8]] {
        condition.lock()
        defer { condition.unlock() }
        let out = chunks
        chunks = []
        return out
    }
}

extension LanguageServer {
    /// Serves over file descriptors until `exit` or the end of input; returns the exit status.
    public func serve(input: Int32 = 0, output: Int32 = 1) -> Int32 {
        let inbox = Inbox()
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                inbox.put(Array(buffer[0..<n]))
            }
            inbox.close()
        }
        thread.stackSize = 1 << 20
        thread.start()
        var reader = MessageReader()
        func send(_ messages: [Any]) {
            for m in messages {
                let bytes = frame(m)
                var offset = 0
                while offset < bytes.count {
                    let n = bytes[offset...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 { return }
                    offset += n
                }
            }
        }
        while let chunks = inbox.take() {
            var pending = chunks
            // Apply everything that has arrived (and keeps arriving) before checking.
            while !pending.isEmpty {
                for c in pending { reader.feed(c) }
                while let item = reader.next() {
                    switch item {
                    case .message(let body): send(handle(body))
                    case .malformedHeader(let reason):
                        send([Self.error(id: NSNull(), RPCError.parseError, "malformed header: \(reason)")])
                    }
                    if let status = exitStatus { return status }
                }
                pending = inbox.poll()
            }
            send(flush())
        }
        return exitStatus ?? 1
    }
}
