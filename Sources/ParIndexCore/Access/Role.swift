/// What a signed-in person is in ParIndex.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// The secretariat (Sở Nội vụ): runs cycles, imports, publishes.
    case admin
    /// A council reviewer (thẩm định viên): appraises assigned units.
    case reviewer
    /// A unit's official: self-assesses their own unit.
    case unit
    /// Reads everything, writes nothing (e.g. an inspector).
    case observer

    public var vietnamese: String {
        switch self {
        case .admin: "Quản trị"
        case .reviewer: "Thẩm định viên"
        case .unit: "Đơn vị"
        case .observer: "Quan sát viên"
        }
    }
}
