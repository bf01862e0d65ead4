import Foundation
import Recorder
import Testing
import TestSupport

/// `align doctor` end to end: what it reports about the sandbox, in text and JSON, and its exit status.
@Suite("align doctor")
struct DoctorCommandTests {
    @Test func reportsProtectionsAsTextAndJSON() throws {
        let text = try runProduct("align", ["doctor"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("sandbox: python 3."))
        for row in ["python", "rlimits", "unprivileged uid", "namespaces", "filesystem", "network isolated",
                    "environment"] {
            #expect(text.stdout.contains("\n\(row) ") || text.stdout.hasPrefix(row), "no \(row) row")
        }

        let json = try runProduct("align", ["doctor", "--json"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(json.status == 0)
        let report = try JSONValue(parsing: json.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(report["python"]?["path"]?.stringValue == "/usr/bin/python3")
        #expect(report["root"]?.boolValue == (geteuid() == 0))
        #expect(report["network_isolated"]?.boolValue == report["namespaces"]?.boolValue)
        let missing = report["missing"]?.arrayValue ?? []
        #expect((report["namespaces"]?.boolValue == true) == !missing.contains { $0.stringValue?.hasPrefix("namespaces") == true })
        let filesystem = report["filesystem"]?.stringValue
        #expect(["isolated", "private-tmp", "host"].contains(filesystem), "\(filesystem ?? "none")")
        #expect((filesystem == "isolated") == !missing.contains { $0.stringValue?.hasPrefix("filesystem view") == true })
        if filesystem == "isolated" {
            #expect(text.stdout.contains("filesystem: nothing of the host (bubblewrap)"))
        }
    }

    @Test func aPythonThatCannotRunIsAFinding() throws {
        let result = try runProduct("align", ["doctor", "--json"],
                                    environment: ["PATH": "/usr/bin:/bin", "ALIGN_PYTHON": "/nonexistent/python3"])
        #expect(result.status == 1)
        let report = try JSONValue(parsing: result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(report["python"]?["version"]?.isNull == true)
        #expect(report["missing"]?.arrayValue?.first?.stringValue?.contains("ALIGN_PYTHON") == true)
    }
}
