import Foundation

/// How many survey rows were imported.
struct SurveyImportAnswer: Encodable {
    var imported: Int
}

/// A publication: when, the snapshot's hash, and the ledger head it was sealed at.
struct PublicationAnswer: Encodable {
    var publishedAt: Date
    var snapshotSha256: String
    var auditHead: String
}
