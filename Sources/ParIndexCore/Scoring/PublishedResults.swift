import Foundation

/// A published results snapshot read back: the cycle, and per block the ranking with each unit's
/// points, index, band, field sub-indices and last year's figures. `ResultsBuilder` writes the
/// snapshot (its canonical JSON is what is hashed); this is how code reads it, by property rather
/// than by key. Keys it does not name (added to later snapshots) are passed over; written back
/// with `DocumentEncoder` it gives the snapshot's own canonical JSON.
public struct PublishedResults: Codable, Sendable, Equatable {
    public var cycle: String
    public var name: String
    public var year: Int
    public var framework: FrameworkReference
    public var publishedAt: Date
    public var blocks: [BlockRanking]

    public struct FrameworkReference: Codable, Sendable, Equatable {
        public var code: String
        public var version: String
        public var contentSha256: String
    }

    public struct BlockRanking: Codable, Sendable, Equatable {
        public var block: String
        public var name: String
        public var ranking: [RankedUnit]
    }

    public struct RankedUnit: Codable, Sendable, Equatable {
        public var rank: Int
        public var unit: String
        public var name: String
        public var points: Points
        public var max: Points
        public var index: Points
        /// Absent when no band of the framework takes the index.
        @OmittedIfNil public var band: String?
        public var fields: [FieldIndex]
        /// Absent when the unit has no result in an earlier year.
        @OmittedIfNil public var previous: PreviousResult?
        /// The index minus last year's, when there is a last year.
        @OmittedIfNil public var change: Points?
    }

    public struct FieldIndex: Codable, Sendable, Equatable {
        public var code: String
        public var title: String
        public var points: Points
        public var max: Points
        /// `nil` when nothing in the field applies to the unit.
        public var index: Points?
    }

    public struct PreviousResult: Codable, Sendable, Equatable {
        public var cycle: String
        public var rank: Int
        public var index: Points
    }

    /// Reads a stored snapshot. `ResultsBuilder` wrote it, so one that does not read is damage
    /// (an internal failure), not a bad request.
    public init(_ snapshot: DocumentValue) throws {
        do {
            self = try DocumentDecoder().decode(PublishedResults.self, from: snapshot)
        } catch {
            throw DomainError.internalFailure()
        }
    }

    /// The unit's block and ranking entry.
    public func find(unit: String) -> (block: BlockRanking, entry: RankedUnit)? {
        for block in blocks {
            if let entry = block.ranking.first(where: { $0.unit == unit }) { return (block, entry) }
        }
        return nil
    }
}
