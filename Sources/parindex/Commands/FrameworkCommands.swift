import ArgumentParser
import Foundation
import ParIndexCore
import ParIndexFormats

struct FrameworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framework",
        abstract: "Validate or import framework files.",
        subcommands: [Validate.self, Import.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check framework files (YAML or JSON); lists every problem with its node path.")
        @Argument(help: "Framework files.") var files: [String]

        func run() async throws {
            var failed = 0
            for file in files {
                do {
                    let framework = try FrameworkReader.read(try FrameworkDocumentReader.read(try readFile(file)))
                    print(
                        "\(file): hợp lệ — \(framework.code) \(framework.version), \(framework.leaves.count) tiêu chí lá, tối đa \(framework.maxPoints) điểm, sha256 \(framework.contentSHA256)"
                    )
                } catch let error as DomainError {
                    failed += 1
                    print("\(file): KHÔNG hợp lệ")
                    _ = report(error)
                }
            }
            if failed > 0 { throw ExitCode(2) }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate and store a framework version.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Framework file.") var file: String

        func run() async throws {
            try await operatorAction {
                let document = try FrameworkDocumentReader.read(try readFile(file))
                let environment = try await AppEnvironment.open(common)
                let stored = try await environment.services.admin.importFramework(document, by: .commandLine())
                print("Đã nhập \(stored.framework.code) \(stored.framework.version) (sha256 \(stored.contentSHA256)).")
            }
        }
    }
}
