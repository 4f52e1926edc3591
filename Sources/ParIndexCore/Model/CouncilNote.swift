import Foundation

/// A council member's internal note on one item (ghi chú nội bộ của Hội đồng): read by the council
/// (the reviewers assigned to the unit, and admins) and never by the unit, on any page or answer.
public struct CouncilNote: Sendable, Equatable {
    public var id: Int64?
    public var cycleCode: String
    public var unitCode: String
    public var criterion: String
    public var body: String
    public var stamp: Stamp

    public init(id: Int64? = nil, cycleCode: String, unitCode: String, criterion: String, body: String, stamp: Stamp) {
        self.id = id
        self.cycleCode = cycleCode
        self.unitCode = unitCode
        self.criterion = criterion
        self.body = body
        self.stamp = stamp
    }
}
