import ArgumentParser
import Foundation
import ParIndexCore
import ParIndexFormats
import ParIndexWeb

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty database with a demo city (Hà Nội's departments and districts) and print the demo accounts once."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Units file (code,name,block); by default the shipped \(DemoLoader.defaultUnits).") var units: String?
    @Option(help: "Framework for the departments' cycle; by default the shipped \(DemoLoader.defaultDepartmentFramework).")
    var departmentFramework: String?
    @Option(help: "Framework for the districts' cycle; by default the shipped \(DemoLoader.defaultDistrictFramework).")
    var districtFramework: String?
    @Option(help: "\"city\" (the demo city) or \"national\" (generated: 3,321 units × scale-factor, 100 leaves, for benchmarks).")
    var scale: String = "city"
    @Option(help: "With --scale national: how many times 3,321 units (1, 2, 4…).") var scaleFactor: Int = 1

    func run() async throws {
        try await operatorAction {
            if scale == "national" {
                return try await NationalLoader(scaleFactor: scaleFactor).load(common)
            }
            guard scale == "city" else {
                throw DomainError.invalid("invalid_scale", "--scale phải là \"city\" hoặc \"national\".")
            }
            try await DemoLoader(
                units: InstallLayout.path(units, default: DemoLoader.defaultUnits),
                departmentFramework: InstallLayout.path(departmentFramework, default: DemoLoader.defaultDepartmentFramework),
                districtFramework: InstallLayout.path(districtFramework, default: DemoLoader.defaultDistrictFramework)
            ).load(common)
        }
    }
}

/// Reads the demo's files and runs the scenario on a clock of its own, then prints the accounts.
struct DemoLoader {
    static let defaultUnits = "Config/demo/hanoi-units.csv"
    static let defaultDepartmentFramework = "Config/frameworks/par-hanoi-department.yaml"
    static let defaultDistrictFramework = "Config/frameworks/par-hanoi-district.yaml"

    var units = InstallLayout.path(default: defaultUnits)
    var departmentFramework = InstallLayout.path(default: defaultDepartmentFramework)
    var districtFramework = InstallLayout.path(default: defaultDistrictFramework)

    func load(_ common: CommonOptions) async throws {
        let rows = try CSV.table(try readFile(units), columns: ["code", "name", "block"]).map {
            AdminService.UnitRow(line: $0.line, code: $0.values["code"]!, name: $0.values["name"]!, block: $0.values["block"]!)
        }
        let department = try FrameworkDocumentReader.read(try readFile(departmentFramework))
        let district = try FrameworkDocumentReader.read(try readFile(districtFramework))
        func spec(_ year: Int, _ block: String, framework: DocumentValue) -> DemoScenario.CycleSpec {
            let (suffix, blockName) = block == "DEPT" ? ("so", "khối sở, ban, ngành") : ("huyen", "khối quận, huyện, thị xã")
            return DemoScenario.CycleSpec(
                code: "\(year)-\(suffix)",
                name: "Chỉ số CCHC năm \(year) — \(blockName)",
                block: block,
                framework: framework,
                year: year
            )
        }
        let cycles = [spec(2026, "DEPT", framework: department), spec(2026, "DISTRICT", framework: district)]
        // The two years before, published: the public pages show real rankings, and the latest of them
        // a real change since the year before.
        let earlier = [2024, 2025].flatMap { [spec($0, "DEPT", framework: department), spec($0, "DISTRICT", framework: district)] }
        let clock = ManualClock(SystemClock().now())
        let environment = try await AppEnvironment.open(common, clock: clock)
        let started = Date()
        let accounts = try await DemoScenario(services: environment.services, clock: clock).run(
            units: rows,
            blockNames: ["DEPT": "Khối sở, ban, ngành", "DISTRICT": "Khối quận, huyện, thị xã"],
            cycles: cycles,
            earlier: earlier,
            progress: { print("… \($0)") }
        )
        print(
            "Đã tạo dữ liệu mẫu trong \(String(format: "%.1f", Date().timeIntervalSince(started))) giây: \(rows.count) đơn vị, "
                + "\(cycles.count) kỳ đánh giá năm 2026 ở giai đoạn thẩm định, \(earlier.count) kỳ của hai năm trước đã công bố."
        )
        print("")
        print("Tài khoản mẫu — mật khẩu chỉ hiện MỘT lần, hãy lưu lại:")
        print("  vai trò    tên đăng nhập            đơn vị       mật khẩu")
        for account in accounts {
            print(
                "  " + account.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + " "
                    + account.username.padding(toLength: 24, withPad: " ", startingAt: 0) + " "
                    + (account.unit ?? "—").padding(toLength: 12, withPad: " ", startingAt: 0) + " " + account.password
            )
        }
        print("")
    }
}
