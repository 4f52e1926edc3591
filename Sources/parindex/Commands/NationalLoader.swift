import Foundation
import ParIndexCore

/// `parindex demo --scale national`: the generated national dataset for the benchmarks; prints how
/// long it took and one line per account (`account ROLE USERNAME UNIT PASSWORD TOKEN`) for scripts.
struct NationalLoader {
    var scaleFactor = 1

    func load(_ common: CommonOptions) async throws {
        guard (1...16).contains(scaleFactor) else {
            throw DomainError.invalid("invalid_scale_factor", "--scale-factor phải từ 1 đến 16.")
        }
        let clock = ManualClock(SystemClock().now())
        let environment = try await AppEnvironment.open(common, clock: clock)
        let started = Date()
        let summary = try await NationalScenario(services: environment.services, clock: clock, scale: scaleFactor).run(
            progress: { print("… \($0)") }
        )
        print(
            "Đã sinh dữ liệu toàn quốc trong \(String(format: "%.1f", Date().timeIntervalSince(started))) giây: \(summary.units) đơn vị, \(summary.items) tiêu chí đã ghi."
        )
        for account in summary.accounts {
            print("account \(account.role.rawValue) \(account.username) \(account.unit ?? "-") \(account.password) \(account.token)")
        }
    }
}
