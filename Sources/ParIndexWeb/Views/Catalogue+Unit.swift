extension Catalogue {
    /// Words of the unit pages.
    static let unitPages: (vi: [String: String], en: [String: String]) = (
        vi: [:],
        en: [:]
    )
}
