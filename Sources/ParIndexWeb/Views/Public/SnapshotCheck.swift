import ParIndexCore

/// The "verify" part of the results page and the score card: the publication's SHA-256, the
/// framework's content SHA-256, and a command anyone can run on the downloaded JSON to recompute the
/// first. The snapshot hash is SHA-256 of the canonical JSON (keys sorted, no spaces, UTF-8) of the
/// results without their `snapshotSha256`, so the file itself cannot simply be `sha256sum`-ed: the
/// command drops that key, writes the canonical form and pipes it to `sha256sum`.
struct SnapshotCheck {
    struct Framework {
        var code: String
        var version: String
        var sha256: String
    }

    var sha256: String
    var download: String
    /// The name the browser saves the JSON under, which the command reads.
    var filename: String
    var command: String
    var framework: Framework

    init(_ results: PublishedResults, _ publication: Publication) {
        sha256 = publication.snapshotSHA256
        download = SiteURL.resultsData(cycle: results.cycle, .json).path
        filename = "ket-qua-\(results.cycle).json"
        command =
            #"python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("snapshotSha256"); sys.stdout.buffer.write(json.dumps(d,sort_keys=True,separators=(",",":"),ensure_ascii=False).encode())' < "#
            + filename + " | sha256sum"
        framework = Framework(code: results.framework.code, version: results.framework.version, sha256: results.framework.contentSha256)
    }
}
