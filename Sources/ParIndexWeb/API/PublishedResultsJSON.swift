import Foundation
import ParIndexCore

/// A published cycle's results as JSON: the stored snapshot with its hash added, rendered and gzip
/// compressed once per snapshot (~3 MB of JSON for a national cycle), not once per request.
struct PublishedResultsJSON: Sendable {
    let services: Services
    let rendered: RenderedPublications

    /// Remove `snapshotSha256`, take the canonical JSON of the rest, and its SHA-256 is that value.
    func body(cycle: String) async throws -> KeptBody {
        let (snapshot, publication) = try await services.results.results(cycle: cycle)
        return try await rendered.kept("results.json|\(cycle)", at: publication.snapshotSHA256) {
            guard case .object(var pairs) = snapshot else { throw DomainError.internalFailure() }
            pairs.append(("snapshotSha256", .string(publication.snapshotSHA256)))
            return (publication.snapshotSHA256, KeptBody(JSON.bytes(.object(pairs))))
        }
    }

    /// Publishes the cycle, then renders its results in the background, because right after
    /// publication everyone asks for them at once. Cold, the first answer parsed the snapshot and
    /// rendered it (~0.3 s of CPU on the national dataset), and under load every request for it
    /// waited that long or longer (decision 0012). Every publish route comes through here.
    func publish(cycle: String, by caller: Caller) async throws -> Publication {
        let publication = try await services.results.publish(cycle: cycle, by: caller)
        prepare(cycle: cycle)
        return publication
    }

    private func prepare(cycle: String) {
        Task.detached(priority: .background) { _ = try? await body(cycle: cycle) }
    }
}
