import Foundation
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexStore
import ParIndexWeb
import Testing

@Suite struct HealthTests {
    @Test("GET /healthz answers 200 through the router and over a real socket", arguments: [TestingSetup.router, .live])
    func healthz(setup: TestingSetup) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parindex-web-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AppDatabase.open(path: directory.appendingPathComponent("db.sqlite").path)
        let services = Services(repository: database, clock: SystemClock(), passwords: ScryptPasswordHasher.forTesting)
        let app = Application(router: buildRouter(services: services, configuration: WebConfiguration()))
        try await app.test(setup) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
            try await client.execute(uri: "/no-such-page", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
