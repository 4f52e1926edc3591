import ArgumentParser

// C's stdout and signal dispositions are process globals, set once at start before anything runs.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// `parindex`: the operator's command line and the server's composition root.
@main
struct ParIndexCommand: AsyncParsableCommand {
    /// The release, shown by `parindex --version`; raised with each release.
    static let version = "1.0.0"

    static let configuration = CommandConfiguration(
        commandName: "parindex",
        abstract: "ParIndex — Chỉ số cải cách hành chính (PAR Index), from self-assessment to publication.",
        version: "parindex \(version)",
        subcommands: [
            Serve.self, Migrate.self, UserCommand.self, TokenCommand.self, FrameworkCommand.self, UnitsCommand.self, Demo.self,
            AuditCommand.self, Backup.self,
        ],
        defaultSubcommand: nil
    )

    /// ArgumentParser's own `main`, with every error reported by `CommandLineErrors`.
    static func main() async {
        // Line by line even into a file or a pipe, so what a running server printed (the demo's
        // one-time passwords above all) can be read while it runs, not only after it stops.
        setvbuf(stdout, nil, _IOLBF, 0)
        // A reader that stops early (`parindex backup … | grep -q ok`) must not kill the command
        // halfway through its work at its next line: output to a closed pipe is dropped instead.
        _ = signal(SIGPIPE, SIG_IGN)
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            CommandLineErrors.exit(with: error)
        }
    }
}
