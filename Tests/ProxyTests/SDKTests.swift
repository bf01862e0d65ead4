import Foundation
import Testing
import TestSupport

/// `align proxy` under the real official SDKs (openai, anthropic, from PyPI in .venv) against the local fake
/// provider: every case is a pytest in Tests/ProxyTests/sdk that starts its own fake upstream and proxies.
// Serialized, and not `.heavy`: the suite's longest, it keeps a lane of its own beside the one heavy test at a time.
@Suite("align proxy with the official SDKs", .serialized)
struct SDKTests {
    @Test(arguments: [
        "test_sdk_roundtrip.py", "test_sdk_failures.py",
        "test_sdk_load.py::test_32_clients_by_50_requests_across_scopes_record_then_replay_identically",
        "test_sdk_load.py::test_the_key_reaches_the_upstream_but_no_byte_of_the_cache_its_wal_or_an_export",
        "test_sdk_load.py::test_sigkill_during_a_recording_burst_loses_no_answer_a_client_received",
        "test_sdk_load.py::test_x_align_run_groups_proxied_calls_for_align_costs",
        "test_sdk_load.py::test_sigterm_finishes_the_calls_in_flight_and_keeps_them",
        // The README's example suite, recorded then replayed offline, as CI runs it.
        "test_example_pytest.py",
    ])
    func pytestCase(_ name: String) async throws {
        let run = try await PythonSuite.pytest(["Tests/ProxyTests/sdk/" + name])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("passed"), "\(run.output)")
    }
}
