import Foundation
import GRDB
import ParIndexCore

// The organisation's tables, read by the secretariat's pages and the API's lists, through GRDB's
// record protocols: columns by name, no position to keep in step with a `SELECT`. The rows read on
// every request (users, cycles, assessments, items, evidence, messages, publications) stay read
// by position in `Mapping` (docs/decisions 0008–0014).

/// A row of `block`.
struct BlockRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "block"
    var code: String
    var name: String

    init(_ block: Block) { (code, name) = (block.code, block.name) }
    var block: Block { Block(code: code, name: name) }
}

/// A row of `unit`.
struct UnitRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "unit"
    var code: String
    var name: String
    var blockCode: String

    init(_ unit: Unit) { (code, name, blockCode) = (unit.code, unit.name, unit.blockCode) }
    var unit: Unit { Unit(code: code, name: name, blockCode: blockCode) }
}

/// A row of `reviewerAssignment`.
struct AssignmentRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "reviewerAssignment"
    var cycleCode: String
    var username: String
    var unitCode: String

    var assignment: ReviewerAssignment { ReviewerAssignment(cycleCode: cycleCode, username: username, unitCode: unitCode) }
}
