extension Catalogue {
    /// Words of the public pages.
    static let publicPages: (vi: [String: String], en: [String: String]) = (
        vi: [:],
        en: [:]
    )
}
