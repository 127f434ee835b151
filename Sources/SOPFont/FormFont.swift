/// The font the printed form is laid out with and prints in: Liberation Sans 2, Regular and Bold (SIL Open
/// Font License 1.1, which allows embedding). Its advance widths and its coverage (the code points its
/// `cmap` maps) are generated from the TTF files by `scripts/font/gen.py`, and so are the files themselves,
/// which `sopc build` writes once into `OUT/fonts/` for every form to load by a relative URL. The layout
/// measures with these widths, `unprintable-text` asks ``covers(_:)``, and the form names no other font, so
/// it prints the same on any machine whatever fonts that machine has.
public enum FormFont {
    /// The CSS family name the form declares with `@font-face` (not a name any machine has installed).
    public static let family = "SOPC Form Sans"

    /// Where the font files are written, relative to OUT, and how a form in `OUT/<id>/` refers to them.
    public static let folder = "fonts"
    public static let regularFile = "LiberationSans-Regular.ttf"
    public static let boldFile = "LiberationSans-Bold.ttf"
    public static let licenceFile = "LICENSE-LiberationSans.txt"

    /// The regular weight's TTF file, unmodified.
    public static var regularTTF: [UInt8] { Base64.decode(regularBase64) }
    /// The bold weight's TTF file, unmodified.
    public static var boldTTF: [UInt8] { Base64.decode(boldBase64) }

    /// The advance width of a character in em (1 em = the font size), without kerning; nil for a character
    /// the font does not have.
    public static func advance(_ s: Unicode.Scalar, bold: Bool = false) -> Double? {
        guard let i = index(of: s.value) else { return nil }
        let units = bold ? boldAdvances[i] : regularAdvances[i]
        return Double(units) / Double(unitsPerEm)
    }

    /// The widest advance of any character in either weight, in em, for each byte of the character's UTF-8
    /// form (the widest is `@`; a character of two bytes or more is no wider than two `@`): no text is wider
    /// than this times its length in bytes. At least the full em a character the font lacks is measured at.
    public static let widestPerUTF8Byte: Double = {
        var widest = 1.0
        for (i, value) in codePoints.enumerated() {
            let bytes = value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
            let em = Double(max(regularAdvances[i], boldAdvances[i])) / Double(unitsPerEm)
            widest = max(widest, em / Double(bytes))
        }
        return widest
    }()

    /// Whether the font prints the character: it has a glyph for it, or it is a line break, a tab, or a
    /// character that is never drawn (a joiner, a variation selector).
    public static func covers(_ s: Unicode.Scalar) -> Bool {
        s.value < latinCount ? latinCovered[Int(s.value)] : (index(of: s.value) != nil || isInvisible(s))
    }

    /// ``covers(_:)`` for U+0000…U+024F, looked up once: nearly every character of an Indonesian SOP.
    private static let latinCount: UInt32 = 0x250
    private static let latinCovered: [Bool] = (0..<latinCount).map { v in
        index(of: v) != nil || isInvisible(Unicode.Scalar(v)!)
    }

    /// A character that takes no glyph: a line break or tab (laid out as space), or a format character
    /// that is never drawn (zero-width space and joiners, directional marks, variation selectors, BOM).
    public static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0D, 0x200B...0x200F, 0x2060, 0xFE00...0xFE0F, 0xFEFF, 0xE0100...0xE01EF: true
        default: false
        }
    }

    /// Every character (grapheme cluster) of a text that the font cannot print, with its offset in Unicode
    /// scalars (as libyaml counts columns) and the first scalar the font lacks.
    public static func unprintable(in text: String) -> [(offset: Int, character: Character, scalar: Unicode.Scalar)] {
        // Nearly every text: nothing to find, known without walking its characters.
        let table = latinCovered
        let allASCIICovered =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                table.withUnsafeBufferPointer { covered in
                    for b in bytes where b >= 0x80 || !covered[Int(b)] { return false }
                    return true
                }
            } ?? text.utf8.allSatisfy { $0 < 0x80 && table[Int($0)] }
        if allASCIICovered { return [] }
        if text.unicodeScalars.allSatisfy(covers) { return [] }
        var found: [(Int, Character, Unicode.Scalar)] = []
        var offset = 0
        for c in text {
            if let s = c.unicodeScalars.first(where: { !covers($0) }) { found.append((offset, c, s)) }
            offset += c.unicodeScalars.count
        }
        return found
    }

    /// `U+1F600`: how a message names a character.
    public static func codeName(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func index(of value: UInt32) -> Int? {
        var lo = 0
        var hi = codePoints.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let v = codePoints[mid]
            if v == value { return mid }
            if v < value { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }
}

/// RFC 4648 base64, for the font files kept as text in the source.
enum Base64 {
    /// Each byte's value as a base64 digit, 0xFF for a byte that is none (skipped: line ends, padding).
    static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = UInt8(i)
        }
        return table
    }()

    /// The bytes `text` encodes (a megabyte of font in about a millisecond: written straight into the
    /// array, without growing it).
    static func decode(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { utf8 in
            table.withUnsafeBufferPointer { table in
                [UInt8](unsafeUninitializedCapacity: utf8.count / 4 * 3 + 3) { out, count in
                    var buffer: UInt32 = 0
                    var bits = 0
                    var n = 0
                    for c in utf8 {
                        let v = table[Int(c)]
                        if v == 0xFF { continue }
                        buffer = buffer << 6 | UInt32(v)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            out[n] = UInt8(truncatingIfNeeded: buffer >> UInt32(bits))
                            n += 1
                        }
                    }
                    count = n
                }
            }
        }
    }
}
