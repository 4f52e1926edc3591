import ArgumentParser

/// `parindex`: the operator's command line and the server's composition root.
@main
struct ParIndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parindex",
        abstract: "ParIndex — Chỉ số cải cách hành chính (PAR Index), from self-assessment to publication.",
        subcommands: [
            Serve.self, Migrate.self, UserCommand.self, TokenCommand.self, FrameworkCommand.self, UnitsCommand.self, Demo.self,
            AuditCommand.self, Backup.self,
        ],
        defaultSubcommand: nil
    )
}
