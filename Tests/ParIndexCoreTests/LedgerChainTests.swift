import Foundation
import Testing

@testable import ParIndexCore

private let base = Date(timeIntervalSince1970: 1_795_900_000)  // 2026-11-28T21:06:40Z

/// Five chained events, one minute apart.
private func fiveEvents() -> [LedgerEvent] {
    var events: [LedgerEvent] = []
    for i in 1...5 {
        let entry = LedgerEntry(
            actor: "user\(i)",
            action: "score.self",
            subject: "2026/A1/1.\(i)",
            payload: .fields(["points": .points(Points(hundredths: 25 * i)), "note": .string("lần \(i)")])
        )
        let head = events.last.map { (sequence: $0.sequence, hash: $0.hash) }
        events.append(LedgerChain.event(after: head, entry: entry, at: base + Double(60 * i)))
    }
    return events
}

@Suite("Audit ledger chain")
struct LedgerChainTests {
    @Test("An untouched chain verifies")
    func intact() {
        let events = fiveEvents()
        #expect(events.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(events[0].previousHash == LedgerChain.genesis)
        #expect(zip(events.dropFirst(), events).allSatisfy { $0.previousHash == $1.hash })
        #expect(Set(events.map(\.hash)).count == 5)
        #expect(LedgerChain.firstBroken(events, after: nil) == nil)
        #expect(LedgerChain.firstBroken([], after: nil) == nil)
    }

    @Test("An event stores its time and canonical payload")
    func eventFields() {
        let event = fiveEvents()[0]
        // base + 60 s = 2026-11-28T21:07:40Z
        #expect(event.at == "2026-11-28T21:07:40.000Z")
        #expect(event.payload == #"{"note":"lần 1","points":0.25}"#)
        #expect(event.actor == "user1")
        #expect(event.hash.count == 64)
    }

    @Test("The hash is SHA-256 of the previous hash followed by the canonical payload")
    func hashRule() {
        let event = fiveEvents()[0]
        let canonical = LedgerChain.canonicalPayload(
            sequence: 1,
            at: event.at,
            actor: event.actor,
            action: event.action,
            subject: event.subject,
            payload: event.payload
        )
        #expect(
            canonical
                == #"{"action":"score.self","actor":"user1","at":"2026-11-28T21:07:40.000Z","payload":{"note":"lần 1","points":0.25},"seq":1,"subject":"2026/A1/1.1"}"#
        )
        #expect(event.hash == Digests.sha256Hex(LedgerChain.genesis + canonical))
    }

    @Test("A run that continues from a known head verifies")
    func continuesFromHead() {
        let events = fiveEvents()
        #expect(LedgerChain.firstBroken(Array(events[2...]), after: (sequence: 2, hash: events[1].hash)) == nil)
        // the same run checked from the wrong head breaks at its first event
        #expect(LedgerChain.firstBroken(Array(events[2...]), after: (sequence: 2, hash: events[0].hash)) == 3)
        #expect(LedgerChain.firstBroken(Array(events[2...]), after: nil) == 3)
    }

    @Test(
        "Changing any field of event 3 is reported at 3",
        arguments: ["actor", "action", "subject", "payload", "at", "sequence", "previousHash", "hash"]
    )
    func tamperedField(field: String) {
        // given
        var events = fiveEvents()
        // when
        switch field {
        case "actor": events[2].actor = "admin"
        case "action": events[2].action = "score.appraise"
        case "subject": events[2].subject = "2026/A2/1.3"
        case "payload": events[2].payload = #"{"note":"lần 3","points":1}"#
        case "at": events[2].at = "2026-11-28T21:09:41.000Z"
        case "sequence": events[2].sequence = 33
        case "previousHash": events[2].previousHash = events[0].hash
        default: events[2].hash = String(repeating: "f", count: 64)
        }
        // then
        let broken = LedgerChain.firstBroken(events, after: nil)
        if field == "sequence" {
            #expect(broken == 33)
        } else {
            #expect(broken == 3)
        }
    }

    @Test("Re-hashing a tampered event still breaks the next link")
    func rehashed() {
        var events = fiveEvents()
        events[2].actor = "admin"
        events[2].hash = LedgerChain.hash(
            previous: events[2].previousHash,
            sequence: 3,
            at: events[2].at,
            actor: "admin",
            action: events[2].action,
            subject: events[2].subject,
            payload: events[2].payload
        )
        #expect(LedgerChain.firstBroken(events, after: nil) == 4)
    }

    @Test("Deleting event 2 is reported at 3")
    func deleted() {
        var events = fiveEvents()
        events.remove(at: 1)
        #expect(LedgerChain.firstBroken(events, after: nil) == 3)
    }

    @Test("Swapping two events is reported at the first out of place")
    func swapped() {
        var events = fiveEvents()
        events.swapAt(3, 4)
        #expect(LedgerChain.firstBroken(events, after: nil) == 5)
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("format writes UTC with milliseconds")
    func format() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -86_400)) == "1969-12-31T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
    }

    @Test("format keeps the millisecond of a time before 1970")
    func formatBeforeEpoch() {
        // Date stores -0.001 s as -0.0010000467…; flooring ×1000 printed 23:59:59.998 (fixed: nearest ms).
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
    }

    @Test(
        "format and parse round-trip",
        arguments: [
            "2026-11-29T06:33:14.123Z", "2026-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "1999-12-31T12:00:00.001Z",
            "2026-06-30T17:00:00.500Z", "2100-03-01T00:00:00.010Z",
        ]
    )
    func roundTrip(text: String) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(date) == text)
    }

    @Test("Milliseconds survive a round trip for every value", arguments: [0, 1, 7, 99, 123, 456, 500, 789, 998, 999])
    func everyMillisecond(ms: Int) throws {
        let text = String(format: "2026-11-29T06:33:14.%03dZ", ms)
        #expect(Timestamp.format(try #require(Timestamp.parse(text))) == text)
    }

    @Test("Offsets are converted to UTC")
    func offsets() throws {
        // 13:33:14 at +07:00 is 06:33:14 UTC
        let hanoi = try #require(Timestamp.parse("2026-11-29T13:33:14+07:00"))
        #expect(Timestamp.format(hanoi) == "2026-11-29T06:33:14.000Z")
        // 01:00 at +07:00 is the previous day in UTC
        #expect(Timestamp.format(try #require(Timestamp.parse("2026-01-01T01:00:00.250+07:00"))) == "2025-12-31T18:00:00.250Z")
        #expect(Timestamp.format(try #require(Timestamp.parse("2026-11-29T01:03:14-05:30"))) == "2026-11-29T06:33:14.000Z")
        // lower-case z, a space instead of T, no fraction
        #expect(Timestamp.parse("2026-11-29 06:33:14z") == Timestamp.parse("2026-11-29T06:33:14.000Z"))
    }

    @Test(
        "Invalid dates and malformed text are refused",
        arguments: [
            "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z",
            "2026-01-01T12:60:00Z", "2026-01-01T12:00:61Z", "2026-01-01T12:00:00", "2026-01-01", "26-01-01T12:00:00Z",
            "2026-1-01T12:00:00Z", "2026-01-01T12:00:00.Z", "2026-01-01T12:00:00+0700", " 2026-01-01T12:00:00Z", "",
        ]
    )
    func invalid(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("29 February of a leap year is accepted")
    func leapDay() {
        #expect(Timestamp.parse("2024-02-29T00:00:00Z") != nil)
        #expect(Timestamp.parse("2000-02-29T00:00:00Z") != nil)
    }

    @Test("An out-of-range offset is refused")
    func badOffset() {
        // RFC 3339 allows offset hours 00–23 and minutes 00–59.
        #expect(Timestamp.parse("2026-01-01T12:00:00+25:00") == nil)
        #expect(Timestamp.parse("2026-01-01T12:00:00+07:99") == nil)
    }

    @Test("vietnamese shows dd/mm/yyyy HH:mm in UTC+7")
    func vietnamese() throws {
        // 20:33 UTC on 29/11 is 03:33 on 30/11 in Vietnam
        let date = try #require(Timestamp.parse("2026-11-29T20:33:14.999Z"))
        #expect(Timestamp.vietnamese(date) == "30/11/2026 03:33")
        #expect(Timestamp.vietnamese(date, withTime: false) == "30/11/2026")
        // 31/12 16:59 UTC is still 31/12 in Vietnam; 17:00 is the new year
        #expect(Timestamp.vietnamese(try #require(Timestamp.parse("2026-12-31T16:59:00Z"))) == "31/12/2026 23:59")
        #expect(Timestamp.vietnamese(try #require(Timestamp.parse("2026-12-31T17:00:00Z"))) == "01/01/2027 00:00")
    }

    @Test("A manual clock stands still until moved")
    func manualClock() {
        let clock = ManualClock(base)
        #expect(clock.now() == base)
        clock.advance(by: 90)
        #expect(clock.now() == base + 90)
        clock.set(Date(timeIntervalSince1970: 0))
        #expect(Timestamp.format(clock.now()) == "1970-01-01T00:00:00.000Z")
    }

    @Test("The system clock is truncated to milliseconds")
    func systemClock() throws {
        let now = SystemClock().now()
        #expect(Timestamp.format(try #require(Timestamp.parse(Timestamp.format(now)))) == Timestamp.format(now))
    }
}
