import Foundation

/// Runs `python3 args…` and returns its exit status and combined output (stdout then stderr).
/// Tests use Python's own zipfile as an independent reader of the archives we write and check.
func runPython(_ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do {
        try process.run()
    } catch {
        return (-1, "\(error)")
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `python3 -c script args…`.
func runPython3Script(_ script: String, _ arguments: [String]) -> (status: Int32, output: String) {
    runPython(["-c", script] + arguments)
}

let hasPython3 = runPython(["-c", "import zipfile"]).status == 0
