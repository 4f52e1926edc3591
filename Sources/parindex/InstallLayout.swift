import Foundation

/// Where the files a command uses by default are found, so that `parindex` runs from any working
/// directory (decision 0015). A path the operator gives (a flag, a configuration key, a `PARINDEX_*`
/// variable) is used as given. A default, relative path such as `Config/parindex.yaml` or `Public`
/// is looked up in the working directory first (a checkout, `swift run`), then in the directory of
/// the executable with symlinks resolved (an install: `scripts/install` puts `Public/` and
/// `Config/` beside the binary, where SwiftPM's resource bundles must be anyway).
enum InstallLayout {
    /// The directories a default path is looked up in, in order.
    static var searchDirectories: [URL] {
        var directories = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            directories.append(executable.deletingLastPathComponent())
        }
        return directories
    }

    /// The first existing file or directory at `relativePath` under the search directories.
    static func locate(_ relativePath: String) -> String? {
        searchDirectories.lazy
            .map { $0.appendingPathComponent(relativePath).path }
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The operator's path when there is one; else the default found by `locate`, or the default
    /// itself when it is nowhere, so that the error names the path the operator would expect.
    static func path(_ given: String? = nil, default relativePath: String) -> String {
        given ?? locate(relativePath) ?? relativePath
    }
}
