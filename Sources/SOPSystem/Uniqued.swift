extension Sequence where Element: Hashable {
    /// The elements in their first order, each once: the id lists of a machine or a document are sets,
    /// while the YAML may repeat an id. A list of a few (a step's actors, needs, makes: the usual case) is
    /// compared element by element, without a set to hash into; a longer one goes through a set.
    /// (Inlinable: specialised where it is used, not run through the generic `Set` and `filter`.)
    @inlinable package func uniqued() -> [Element] {
        let all = Array(self)
        if all.count < 2 { return all }
        if all.count <= 16 {
            var out: [Element] = []
            out.reserveCapacity(all.count)
            for element in all where !out.contains(element) { out.append(element) }
            return out
        }
        var seen = Set<Element>(minimumCapacity: all.count)
        return all.filter { seen.insert($0).inserted }
    }
}

extension Sequence where Element: Hashable {
    /// Where each element first stands in the sequence (0-based): a lookup instead of a walk along it, for
    /// lists that are searched again and again (a machine's states, the flows through a gap).
    package func firstPlaces() -> [Element: Int] {
        var places: [Element: Int] = [:]
        for (i, element) in enumerated() where places[element] == nil { places[element] = i }
        return places
    }
}
