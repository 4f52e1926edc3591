extension Catalogue {
    /// Words of the review pages.
    static let reviewPages: (vi: [String: String], en: [String: String]) = (
        vi: [:],
        en: [:]
    )
}
