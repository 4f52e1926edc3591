import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import ParIndexWeb

/// One client must not starve the others (SECURITY.md A10, decision 0030): connections per client
/// address, the deadline for a request's head, and the per-forwarded-address request limit behind
/// our own proxy. Over real sockets on 127/8 with short limits; the 600-connection run is
/// `scripts/slow-connections-test`. Socket waits block, so they run off the cooperative pool.
@Suite("Connection fairness")
struct ConnectionFairnessTests {
    static let healthz = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"

    /// A keep-alive exchange on an open socket: true when a 200 came back and it stayed open.
    static func served(_ socket: RawSocket) throws -> Bool {
        let before = socket.bytes.count
        try socket.send(healthz)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            // Reading stops at the first whole answer in all received so far: ask again until this one's head is in.
            if socket.closedWithin(.milliseconds(200), untilContains: "\r\n\r\n", completeBody: true) { return false }
            let answer = String(decoding: socket.bytes.dropFirst(before), as: UTF8.self)
            if answer.contains("\r\n\r\n") { return answer.hasPrefix("HTTP/1.1 200") }
        }
        return false
    }

    /// Sends `head` and then a byte every `every` until the server closes (or 60 bytes); the time it took.
    static func trickle(_ socket: RawSocket, _ head: String, every: Duration) throws -> (closed: Bool, elapsed: Duration) {
        let start = ContinuousClock.now
        try socket.send(head)
        for _ in 0..<60 {
            if (try? socket.send("X")) == nil { break }
            if socket.closedWithin(every) { return (true, ContinuousClock.now - start) }
        }
        return (false, ContinuousClock.now - start)
    }

    /// The served application with a short header deadline and the idle timeout out of its way.
    static func liveApp(_ app: TestApp, headerTimeout: TimeAmount) throws -> some ApplicationProtocol {
        try LimitsTests.liveApp(app) { limits in
            limits.headerTimeout = headerTimeout
            limits.idleTimeout = .seconds(30)
        }
    }

    @Test("A10: past the per-address limit (3) a connection is answered 429 and closed at once, while another address is served")
    func perAddressLimit() async throws {
        let app = try TestApp()
        let live = try LimitsTests.liveApp(app) { limits in
            limits.maxConnectionsPerAddress = 3
            limits.idleTimeout = .seconds(30)
        }
        try await live.test(.live) { client in
            let port = try #require(client.port)
            try await blockingSockets {
                // 127.0.0.3 is nobody else's: the test client itself connects from 127.0.0.1.
                let held = try (0..<3).map { _ in try RawSocket(port: port, from: "127.0.0.3") }
                for socket in held { #expect(try Self.served(socket), "\(socket.received.prefix(120))") }
                let over = try RawSocket(port: port, from: "127.0.0.3")
                #expect(over.closedWithin(.seconds(10)), "the connection over the limit was left open")
                #expect(over.received.hasPrefix("HTTP/1.1 429"), "\(over.received.prefix(80))")
                #expect(over.received.contains("Retry-After: "))
                // Another address is served meanwhile; so are the held connections.
                #expect(try RawHTTP.exchange(port, Self.healthz, from: "127.0.0.2").status == 200)
                #expect(try Self.served(held[0]))
                // Once one closes, its slot is the address's again (noticing the close takes a loop turn).
                held[2].close()
                var again = try RawHTTP.exchange(port, Self.healthz, from: "127.0.0.3")
                for _ in 0..<20 where again.status != 200 {
                    try await Task.sleep(for: .milliseconds(100))
                    again = try RawHTTP.exchange(port, Self.healthz, from: "127.0.0.3")
                }
                #expect(again.status == 200, "\(again.head)")
            }
        }
    }

    @Test("A10 slowloris: a head trickled at a byte every 0.25 s is answered 408 and closed at the header deadline (2 s), bytes arriving or not")
    func headerDeadline() async throws {
        let app = try TestApp()
        try await Self.liveApp(app, headerTimeout: .seconds(2)).test(.live) { client in
            let port = try #require(client.port)
            try await blockingSockets {
                let socket = try RawSocket(port: port)
                let cut = try Self.trickle(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\n", every: .milliseconds(250))
                #expect(cut.closed, "connection still open after \(cut.elapsed)")
                #expect(cut.elapsed > .milliseconds(1700) && cut.elapsed < .seconds(8), "\(cut.elapsed)")
                #expect(socket.received.hasPrefix("HTTP/1.1 408"), "\(socket.received.prefix(80))")
            }
        }
    }

    @Test("A10: a kept-alive connection may wait past the header deadline between requests; a later head's deadline starts at its first byte")
    func headerDeadlineOfALaterRequest() async throws {
        let app = try TestApp()
        try await Self.liveApp(app, headerTimeout: .seconds(2)).test(.live) { client in
            let port = try #require(client.port)
            try await blockingSockets {
                let socket = try RawSocket(port: port)
                #expect(try Self.served(socket))
                #expect(!socket.closedWithin(.seconds(3)), "an idle kept-alive connection was cut by the header deadline")
                #expect(try Self.served(socket), "a whole head sent at once after a pause was not served")
                let before = socket.bytes.count
                let cut = try Self.trickle(socket, "GET /healthz HTTP/1.1\r\n", every: .milliseconds(250))
                #expect(cut.closed && cut.elapsed > .milliseconds(1700) && cut.elapsed < .seconds(8), "closed=\(cut.closed) after \(cut.elapsed)")
                #expect(String(decoding: socket.bytes.dropFirst(before), as: UTF8.self).hasPrefix("HTTP/1.1 408"))
            }
        }
    }

    @Test("A10: a connection that sends nothing is closed at the header deadline without an answer")
    func silentConnection() async throws {
        let app = try TestApp()
        try await Self.liveApp(app, headerTimeout: .seconds(2)).test(.live) { client in
            let port = try #require(client.port)
            try await blockingSockets {
                let socket = try RawSocket(port: port)
                let start = ContinuousClock.now
                #expect(socket.closedWithin(.seconds(10)))
                #expect(ContinuousClock.now - start > .milliseconds(1700))
                #expect(socket.received.isEmpty, "\(socket.received.prefix(80))")
            }
        }
    }

    @Test("A10 behind our proxy: requests in progress are limited per X-Forwarded-For address (429 + Retry-After), not per connection")
    func perForwardedAddress() async throws {
        let app = try TestApp()
        var configuration = WebConfiguration(host: "127.0.0.1", port: 0, maxUploadBytes: 1 << 20, publicDirectory: TestApp.publicDirectory)
        configuration.limits.maxConnectionsPerAddress = 1
        configuration.loginThrottle.trustForwardedFor = true
        var logger = Logger(label: "fairness-test")
        logger.logLevel = .critical
        let live = try buildApplication(services: app.services, storage: app.storage, configuration: configuration, logger: logger)
        try await live.test(.live) { client in
            let port = try #require(client.port)
            try await blockingSockets {
                // A sign-in whose body is still arriving is a request in progress for 10.0.0.1.
                let slow = try RawSocket(port: port)
                try slow.send(
                    "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
                )
                // Every connection comes from 127.0.0.1, as through a proxy: the connection limit (1) is off.
                let same = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n"
                var second = try RawHTTP.exchange(port, same)
                for _ in 0..<20 where second.status == 200 {
                    try await Task.sleep(for: .milliseconds(100))
                    second = try RawHTTP.exchange(port, same)
                }
                #expect(second.status == 429, "\(second.head)")
                #expect(second.head.lowercased().contains("retry-after: 5"), "\(second.head)")
                let other = try RawHTTP.exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.2\r\n\r\n")
                #expect(other.status == 200, "\(other.head)")
                slow.close()
            }
        }
    }

    @Test("A10: refusals are reported once per burst, with the count since the last report")
    func refusalsReportedPerBurst() {
        let open = OpenPerAddress(limit: 2, noticeInterval: .seconds(60))
        let start = ContinuousClock.now
        #expect(open.admit("a", now: start) == .admitted)
        #expect(open.admit("a", now: start) == .admitted)
        #expect(open.admit("b", now: start) == .admitted)
        #expect(open.admit("a", now: start) == .refused(notice: 1))
        for _ in 0..<5 { #expect(open.admit("a", now: start + .seconds(1)) == .refused(notice: nil)) }
        #expect(open.admit("a", now: start + .seconds(61)) == .refused(notice: 6))
        open.release("a")
        #expect(open.count("a") == 1)
        #expect(open.admit("a", now: start + .seconds(62)) == .admitted)
        open.release("a")
        open.release("a")
        #expect(open.count("a") == 0)
    }
}
