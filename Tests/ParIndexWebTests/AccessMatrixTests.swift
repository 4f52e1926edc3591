import Foundation
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// Every route × every kind of caller (SECURITY.md AC-1…AC-4): deny by default, every route declares
/// its roles, and another unit's objects are always 404.
@Suite struct AccessMatrixTests {
    enum Actor: String, CaseIterable, Sendable {
        case unit = "u.a1"
        case otherUnit = "u.a2"
        case assignedReviewer = "r1"
        case unassignedReviewer = "r3"
        case conflictedReviewer = "r2"
        case observer = "obs"
        case admin = "admin"
        case anonymous = "-"

        var role: Role? {
            switch self {
            case .unit, .otherUnit: .unit
            case .assignedReviewer, .unassignedReviewer, .conflictedReviewer: .reviewer
            case .observer: .observer
            case .admin: .admin
            case .anonymous: nil
            }
        }
    }

    enum Expect: Equatable { case unauthenticated, forbidden, notFound, allowed }

    /// Routes whose path names unit A1's objects (unit, item, evidence): visibility applies.
    static func targetsUnit(_ path: String) -> Bool { path.contains(":unit") || path.hasPrefix("/api/v1/evidence/") }

    static func expected(_ spec: RouteSpec, _ actor: Actor) -> Expect {
        guard let role = actor.role else { return spec.access == .anyone ? .allowed : .unauthenticated }
        if case .roles(let roles) = spec.access, !roles.contains(role) { return .forbidden }
        // A notification is its recipient's (u.a1's here): to anyone else it does not exist.
        if spec.path.contains(":notification") { return actor == .unit ? .allowed : .notFound }
        guard targetsUnit(spec.path) else { return .allowed }
        switch actor {
        case .otherUnit, .unassignedReviewer, .conflictedReviewer: return .notFound
        default: return .allowed
        }
    }

    /// A1 has submitted (with a file and a reference), the cycle is in appraisal: every allowed call
    /// reaches the domain, and refusals for phase or content are 409/422, not access errors.
    static func prepared() async throws -> (TestApp, evidence: String) {
        let (app, evidence, _) = try await preparedWithNotification()
        return (app, evidence)
    }

    /// `prepared()`, with the id of one of u.a1's notifications (the move to appraisal).
    static func preparedWithNotification() async throws -> (TestApp, evidence: String, notification: Int64) {
        let app = try TestApp()
        try await app.seed()
        let s = app.services
        let a1 = Caller(username: "u.a1", role: .unit, unitCode: "A1")
        for (code, entry) in [
            ("1.1", Entry.points(Points(2))), ("1.2", .choice(0)), ("1.3", .ratio(numerator: 9, denominator: 10)),
            ("2.1", .ratio(numerator: 1, denominator: 2)), ("9.1", .points(.zero)), ("9.2", .points(.zero)),
        ] {
            _ = try await s.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: code, .init(entry: entry), by: a1)
        }
        let evidence = try await app.attachPDF(criterion: "1.3", name: "Báo cáo.pdf", text: "A1", by: a1)
        _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: .commandLine())
        let notices = try await s.notifications.list(by: a1)
        return (app, evidence.id, try #require(notices.first?.id))
    }

    static let specs: [RouteSpec] = {
        let app = try! TestApp()
        return app.web.routes
    }()

    @Test("every route declares access, and the table covers the whole contract")
    func everyRouteDeclared() {
        #expect(Self.specs.filter { $0.path.hasPrefix("/api/") }.count == 40)
        let anyone = Self.specs.filter { $0.access == .anyone }.map { "\($0.method) \($0.path)" }.sorted()
        #expect(
            anyone == [
                "DELETE /api/v1/session", "GET /", "GET /api/v1/audit/head", "GET /api/v1/cycles/:cycle/results",
                "GET /api/v1/cycles/:cycle/results.csv",
                "GET /api/v1/cycles/:cycle/results.xlsx", "GET /api/v1/openapi.json", "GET /healthz", "GET /login", "GET /login/code",
                "GET /password-reset", "GET /results/:cycle", "GET /results/:cycle/results.xlsx", "GET /results/:cycle/units/:code",
                "POST /api/v1/session", "POST /login", "POST /login/code", "POST /password-reset",
            ]
        )
    }

    @Test("role × route matrix: 401 anonymous, 403 wrong role, 404 for another unit's objects (AC-1, AC-2)", arguments: specs)
    func matrix(spec: RouteSpec) async throws {
        let (app, evidence, notification) = try await Self.preparedWithNotification()
        let path = spec.path
            .replacingOccurrences(of: ":notification", with: String(notification))
            .replacingOccurrences(of: ":cycle", with: "2026").replacingOccurrences(of: ":unit", with: "A1")
            .replacingOccurrences(of: ":criterion", with: "1.2").replacingOccurrences(of: ":username", with: "r3")
            .replacingOccurrences(of: ":id", with: evidence)
            .replacingOccurrences(of: "/frameworks/:code/:version", with: "/frameworks/test-fw/1")
            .replacingOccurrences(of: ":code", with: "ZZ")
        try await app.application.test(.router) { client in
            for actor in Actor.allCases {
                // `{}` reaches every check that comes before reading fields, and changes nothing.
                let body = spec.method == .get || spec.method == .delete ? nil : "{}"
                let answer = try await client.call(spec.method, path, as: actor == .anonymous ? nil : actor.rawValue, app: app, json: body)
                let expected = Self.expected(spec, actor)
                let where_ = "\(spec.method) \(path) as \(actor): \(answer.status.code) \(answer.body.prefix(200))"
                switch expected {
                case .unauthenticated where !spec.path.hasPrefix("/api/") && spec.path != "/metrics" && spec.method == .get:
                    // people are sent to the login page, to come back to the page they asked for
                    let location = answer.headers[.location] ?? ""
                    #expect(answer.status == .found && (location == "/login" || location.hasPrefix("/login?next=/")), "\(where_)")
                case .unauthenticated: #expect(answer.status == .unauthorized, "\(where_)")
                case .forbidden: #expect(answer.status == .forbidden, "\(where_)")
                case .notFound: #expect(answer.status == .notFound, "\(where_)")
                case .allowed:
                    #expect(![.unauthorized, .forbidden].contains(answer.status), "\(where_)")
                    if Self.targetsUnit(spec.path) { #expect(answer.errorCode != "not_found", "\(where_)") }
                    #expect(answer.status.code < 500, "\(where_)")
                }
            }
        }
    }

    /// `PUT …/items/:criterion` leaves the unit check to its own transaction for a unit's own account
    /// (decision 0011). Another unit's account still meets the gate's 404 before its body is read, and the
    /// handler's own check still answers 404 for a cycle or unit it cannot see.
    @Test("Self entry: another unit is 404 before its body is read; the own unit is checked by the write itself")
    func selfEntryGate() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let notJSON = "points=1"
            let other = try await client.call(.put, "/api/v1/cycles/2026/units/A2/items/1.1", as: "u.a1", app: app, json: notJSON)
            #expect(other.status == .notFound)
            let own = try await client.call(.put, "/api/v1/cycles/2026/units/A1/items/1.1", as: "u.a1", app: app, json: notJSON)
            #expect(own.status == .badRequest)
            for path in ["/api/v1/cycles/1999/units/A1/items/1.1", "/api/v1/cycles/2026/units/ZZ/items/1.1"] {
                let answer = try await client.call(.put, path, as: "u.a1", app: app, json: #"{"points": 1}"#)
                #expect(answer.status == .notFound, "\(path)")
            }
            let saved = try await client.call(.put, "/api/v1/cycles/2026/units/A1/items/1.1", as: "u.a1", app: app, json: #"{"points": 1}"#)
            #expect(saved.status == .ok)
        }
    }
}

extension RouteSpec: CustomTestStringConvertible {
    public var testDescription: String { "\(method) \(path)" }
}
