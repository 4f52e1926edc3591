extension Catalogue {
    /// Words of the admin pages.
    static let adminPages: (vi: [String: String], en: [String: String]) = (
        vi: [:],
        en: [:]
    )
}
