import Foundation
import GRDB
import ParIndexCore

/// The council's internal notes (migration 0009).
extension SQLRepository {
    static let selectCouncilNote = "SELECT id, cycleCode, unitCode, criterion, body, author, createdAt FROM councilNote"

    static func councilNote(_ row: Row) -> CouncilNote {
        CouncilNote(
            id: row[0],
            cycleCode: row[1],
            unitCode: row[2],
            criterion: row[3],
            body: row[4],
            stamp: Stamp(by: row[5], at: Mapping.date(row[6])!)
        )
    }

    func councilNotes(cycle cycleCode: String, unit unitCode: String) throws -> [CouncilNote] {
        try Row.fetchAll(
            db.cachedStatement(sql: Self.selectCouncilNote + " WHERE cycleCode = ? AND unitCode = ? ORDER BY id"),
            arguments: [cycleCode, unitCode]
        ).map(Self.councilNote)
    }

    func councilNotes(cycle cycleCode: String, criterion: String) throws -> [CouncilNote] {
        try Row.fetchAll(
            db.cachedStatement(sql: Self.selectCouncilNote + " WHERE cycleCode = ? AND criterion = ? ORDER BY id"),
            arguments: [cycleCode, criterion]
        ).map(Self.councilNote)
    }

    func insert(_ note: CouncilNote) throws -> CouncilNote {
        try db.execute(
            sql: "INSERT INTO councilNote (cycleCode, unitCode, criterion, body, author, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [note.cycleCode, note.unitCode, note.criterion, note.body, note.stamp.by, Mapping.text(note.stamp.at)]
        )
        var saved = note
        saved.id = db.lastInsertedRowID
        return saved
    }
}
