import GRDB
import ParIndexCore

/// The ledger's head and the rows the ledger replay compares, read straight from their columns by
/// position (no entry is parsed, no stamp is read, no record decoded) and streamed: the national
/// dataset has 332,100 items.
extension SQLRepository {
    func ledgerHash(sequence: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM ledger WHERE seq = ?"), arguments: [sequence])
    }

    func ledgerHeadEvent() throws -> LedgerEvent? {
        try LedgerRecord.order(Column("seq").desc).fetchOne(db)?.event
    }

    func auditItems(_ body: (ItemKey, AuditedItem) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT a.cycleCode, a.unitCode, i.criterion, i.applicable, i.naReason, i.selfEntry, i.selfPoints, i.selfNote,
                    i.appraisedEntry, i.appraisedPoints, i.appraisedNote, i.finalPoints, i.finalNote, i.finalDisposition, i.state, i.version
                FROM item i JOIN assessment a ON a.id = i.assessmentId
                """
        )
        while let row = try rows.next() {
            let key = ItemKey(cycle: row[0], unit: row[1], criterion: row[2])
            try body(
                key,
                AuditedItem(
                    applicable: row[3],
                    naReason: row[4],
                    selfEntry: row[5],
                    selfPoints: row[6],
                    selfNote: row[7],
                    appraisedEntry: row[8],
                    appraisedPoints: row[9],
                    appraisedNote: row[10],
                    finalPoints: row[11],
                    finalNote: row[12],
                    finalDisposition: row[13],
                    state: row[14],
                    version: row[15]
                )
            )
        }
    }

    func auditEvidence(_ body: (AuditedEvidence) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.id, a.cycleCode, a.unitCode, i.criterion, e.kind, e.filename, e.size, e.sha256, e.contentType, e.title,
                    e.documentNumber, e.issuedOn, e.url, e.uploadedBy, e.supplementary, e.deletedAt IS NOT NULL
                FROM evidence e JOIN item i ON i.id = e.itemId JOIN assessment a ON a.id = i.assessmentId
                """
        )
        while let row = try rows.next() {
            try body(
                AuditedEvidence(
                    id: row[0],
                    item: ItemKey(cycle: row[1], unit: row[2], criterion: row[3]),
                    kind: row[4],
                    filename: row[5],
                    size: row[6],
                    sha256: row[7],
                    contentType: row[8],
                    title: row[9],
                    documentNumber: row[10],
                    issuedOn: row[11],
                    url: row[12],
                    uploadedBy: row[13],
                    supplementary: row[14],
                    deleted: row[15]
                )
            )
        }
    }

    func auditMessages(_ body: (AuditedMessage) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT a.cycleCode, a.unitCode, i.criterion, m.kind, m.body, m.author
                FROM message m JOIN item i ON i.id = m.itemId JOIN assessment a ON a.id = i.assessmentId
                ORDER BY m.itemId, m.id
                """
        )
        while let row = try rows.next() {
            try body(AuditedMessage(item: ItemKey(cycle: row[0], unit: row[1], criterion: row[2]), kind: row[3], body: row[4], author: row[5]))
        }
    }
}
