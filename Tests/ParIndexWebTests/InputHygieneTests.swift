import Foundation
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// Every way text comes in goes through `TypedText` (SECURITY.md IV): NUL, ESC, a bare CR and the
/// bidi override RLO never reach the database, whoever types them and wherever.
@Suite struct InputHygieneTests {
    /// NUL, ESC, RLO, LRI…PDI, CRLF and a bare CR, as typed.
    static let hostile = "Ghi\u{0} chú\u{1B}[2J \u{202E}cod.exe\u{2066}x\u{2069}\r\ndòng hai\rdòng ba"
    static let clean = "Ghi chú[2J cod.exex\ndòng hai\ndòng ba"
    static let cleanLine = "Ghi chú[2J cod.exex dòng hai dòng ba"

    @Test("IV: score notes (JSON API), questions, answers, council notes, reasons, names and evidence titles come out clean")
    func everyPath() async throws {
        let app = try TestApp()
        try await app.seed()
        let s = app.services
        let admin = Caller.commandLine("test")
        let a1 = Caller(username: "u.a1", role: .unit, unitCode: "A1")
        let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
        try await app.application.test(.router) { client in
            // The JSON escapes arrive as the characters themselves.
            let body = #"{"points": 1, "note": "Ghi\u0000 chú\u001b[2J \u202ecod.exe\u2066x\u2069\r\ndòng hai\rdòng ba"}"#
            let saved = try await client.call(.put, "/api/v1/cycles/2026/units/A1/items/1.1", as: "u.a1", app: app, json: body)
            #expect(saved.status == .ok, "\(saved.body)")
            #expect(saved.json?["self"]?["note"]?.stringValue == Self.clean, "\(saved.body)")
        }
        let reference = try await s.evidence.addReference(
            cycle: "2026",
            unit: "A1",
            criterion: "1.3",
            .init(title: Self.hostile, documentNumber: "12/\u{202E}BC", issuedOn: "2026-02-20"),
            by: a1
        )
        #expect(reference.title == Self.cleanLine && reference.documentNumber == "12/BC")
        for (code, entry) in [
            ("1.2", Entry.choice(0)), ("1.3", .ratio(numerator: 9, denominator: 10)), ("2.1", .ratio(numerator: 1, denominator: 2)),
            ("9.1", .points(.zero)), ("9.2", .points(.zero)),
        ] {
            _ = try await s.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: code, .init(entry: entry), by: a1)
        }
        _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: admin)
        let appraised = try await s.review.appraise(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            .init(entry: .points(Points(hundredths: 50)), note: Self.hostile),
            by: r1
        )
        #expect(appraised.appraised?.note == Self.clean)
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.2", message: Self.hostile, by: r1)
        let note = try await s.councilNotes.add(cycle: "2026", unit: "A1", criterion: "1.2", body: Self.hostile, by: r1)
        #expect(note.body == Self.clean)
        app.clock.advance(by: 10 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .explanation, by: admin)
        _ = try await s.review.answer(cycle: "2026", unit: "A1", criterion: "1.2", message: Self.hostile, by: a1)
        let thread = try await s.assessments.row(cycle: "2026", unit: "A1", criterion: "1.2", by: admin).thread.map(\.body)
        #expect(thread == [Self.clean, Self.clean], "\(thread)")

        let unit = try await s.admin.saveUnit(Unit(code: "A1", name: "Sở\u{202E} Tài\r\nchính\u{0}", blockCode: "DEPT"), by: admin)
        #expect(unit.name == "Sở Tài chính")
        let user = try await s.admin.createUser(
            .init(username: "u.moi", name: "Nguyễn\u{202E}\u{1B} Văn\rAn", role: .observer, unitCode: nil, password: "Mật-khẩu-dài-2026"),
            by: admin
        )
        #expect(user.name == "Nguyễn Văn An")
    }
}
