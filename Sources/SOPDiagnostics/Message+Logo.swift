import SOPSystem

/// The texts of `invalid-logo`: an `organization.logo` the identity page cannot print.
extension Message {
    var englishLogo: String? {
        switch self {
        case .logoOutsideFolder(let path):
            return "the logo '\(path)' must be a file in the definitions folder, named relative to sopc.yaml"
        case .logoNotFound(let path): return "the logo '\(path)' is not found beside sopc.yaml"
        case .logoUnreadable(let path, let reason): return "the logo '\(path)' cannot be read: \(reason)"
        case .logoTooLarge(let path, let bytes):
            return "the logo '\(path)' is \(bytes) bytes; a logo may be at most 1 MiB (1048576 bytes)"
        case .logoNotAnImage(let path):
            return "the logo '\(path)' is not a PNG, JPEG or SVG image (judged by its content, not its name)"
        case .logoBadSVG(let path):
            return
                "the logo '\(path)' is not a readable SVG image (it must be UTF-8 XML whose root element is <svg> in the SVG namespace)"
        case .giveLogoFile:
            return "put a PNG, JPEG or SVG file of at most 1 MiB beside sopc.yaml and name it here, or remove 'logo'"
        default: return nil
        }
    }

    var indonesianLogo: String? {
        switch self {
        case .logoOutsideFolder(let path):
            return "logo '\(path)' harus berupa berkas di dalam folder definisi, ditulis relatif terhadap sopc.yaml"
        case .logoNotFound(let path): return "berkas logo '\(path)' tidak ditemukan di folder tempat sopc.yaml berada"
        case .logoUnreadable(let path, let reason): return "berkas logo '\(path)' tidak dapat dibaca: \(reason)"
        case .logoTooLarge(let path, let bytes):
            return "berkas logo '\(path)' berukuran \(bytes) bita; ukuran logo paling besar 1 MiB (1048576 bita)"
        case .logoNotAnImage(let path):
            return "berkas logo '\(path)' bukan gambar PNG, JPEG, atau SVG (dinilai dari isinya, bukan dari namanya)"
        case .logoBadSVG(let path):
            return
                "berkas logo '\(path)' bukan gambar SVG yang dapat dibaca (harus berupa XML UTF-8 dengan elemen akar <svg> dalam ruang nama SVG)"
        case .giveLogoFile:
            return
                "letakkan berkas PNG, JPEG, atau SVG berukuran paling besar 1 MiB di folder tempat sopc.yaml berada dan tuliskan namanya di sini, atau hapus 'logo'"
        default: return nil
        }
    }
}
