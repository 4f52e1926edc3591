import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// How many changes one signed-in account may send per minute (SECURITY.md IV-6, anti-automation).
/// A person filling a form makes a few writes a minute; a runaway script or a stolen token makes
/// thousands, and this bounds what it can do before someone notices. 0 turns the budget off (the
/// benchmarks and the crash test measure the server, not the budget).
public struct WriteBudgetSettings: Sendable, Equatable {
    public var writesPerMinute = 600

    public init(writesPerMinute: Int = 600) { self.writesPerMinute = writesPerMinute }
}

/// Counts unsafe requests (POST, PUT, PATCH, DELETE) per signed-in account in fixed one-minute
/// windows and answers 429 with `Retry-After` past the budget, before the handler runs. Anonymous
/// requests are not counted here: the only anonymous writes are sign-ins, which
/// `LoginThrottleMiddleware` bounds per address.
struct WriteBudgetMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let settings: WriteBudgetSettings
    let clock: any WallClock
    private let windows = Windows()

    init(settings: WriteBudgetSettings, clock: any WallClock) {
        self.settings = settings
        self.clock = clock
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard settings.writesPerMinute > 0, Self.unsafe.contains(request.method), let caller = context.caller else {
            return try await next(request, context)
        }
        if let wait = windows.spend(caller.username, budget: settings.writesPerMinute, now: clock.now()) {
            context.logger.notice(
                "write budget spent",
                metadata: ["user": .string(LogText.safe(caller.username)), "retryAfter": .stringConvertible(wait)]
            )
            throw DomainError(
                .tooManyRequests,
                "too_many_writes",
                "Tài khoản đã gửi quá \(settings.writesPerMinute) thay đổi trong một phút; hãy thử lại sau \(wait) giây.",
                details: ["retryAfter": .number(String(wait))]
            )
        }
        return try await next(request, context)
    }

    static let unsafe: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    /// One counter per account for the current minute; accounts are bounded by the user table.
    final class Windows: @unchecked Sendable {
        private let lock = NSLock()
        private var counters: [String: (start: Date, count: Int)] = [:]

        /// Spends one write; returns the seconds to wait when the budget is already spent.
        func spend(_ account: String, budget: Int, now: Date) -> Int? {
            lock.withLock {
                var counter = counters[account] ?? (now, 0)
                if now.timeIntervalSince(counter.start) >= 60 { counter = (now, 0) }
                guard counter.count < budget else {
                    return max(1, Int((60 - now.timeIntervalSince(counter.start)).rounded(.up)))
                }
                counter.count += 1
                counters[account] = counter
                return nil
            }
        }
    }
}
