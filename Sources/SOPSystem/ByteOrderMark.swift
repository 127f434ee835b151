/// The byte order mark a UTF-8 text may start with (EF BB BF), which every reader of the definitions, the
/// imported tables, Word's XML and a logo's SVG skips.
package enum ByteOrderMark {
    /// 3 when `bytes` start with a UTF-8 byte order mark, else 0.
    package static func utf8Length<C: Collection<UInt8>>(_ bytes: C) -> Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }
}
