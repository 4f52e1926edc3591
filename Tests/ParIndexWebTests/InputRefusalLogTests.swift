import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// SECURITY.md LG-5: validation failures are logged (what was refused and where), never the input.
@Suite struct InputRefusalLogTests {
    @Test("LG-5: a refused entry is logged as 'input refused' with its code, status and path, without the submitted text")
    func refusedInputIsLogged() async throws {
        let app = try TestApp()
        try await app.seed()
        let capture = LogCapture()
        let marker = "INPUT-MARKER-4411"
        try await Application(router: app.web.router, logger: capture.logger).test(.router) { client in
            let refused = try await client.call(
                .put,
                "/api/v1/cycles/2026/units/A1/items/1.1",
                as: "u.a1",
                app: app,
                json: #"{"points": 99, "note": "\#(marker)"}"#
            )
            #expect(refused.status == .unprocessableContent)
            let malformed = try await client.call(.put, "/api/v1/cycles/2026/units/A1/items/1.1", as: "u.a1", app: app, json: #"{"points": "#)
            #expect(malformed.status == .badRequest)
            // An accepted entry is not a refusal.
            #expect(
                try await client.call(.put, "/api/v1/cycles/2026/units/A1/items/1.1", as: "u.a1", app: app, json: #"{"points": 1}"#).status == .ok
            )
        }
        let lines = capture.records.filter { $0.contains("input refused") }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("path=/api/v1/cycles/2026/units/A1/items/1.1") && $0.contains("method=PUT") })
        #expect(lines.contains { $0.contains("status=422") } && lines.contains { $0.contains("status=400") })
        #expect(!capture.text.contains(marker))
    }
}
