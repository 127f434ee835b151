extension Sequence where Element: Hashable {
    /// The elements in their first order, each once: the id lists of a machine or a document are sets,
    /// while the YAML may repeat an id.
    package func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
