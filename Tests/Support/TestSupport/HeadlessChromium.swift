import Foundation
import Recorder
#if canImport(Glibc)
import Glibc
#endif

/// Debian's Chromium, headless, driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: commands
/// on fd 3, answers and events on fd 4, each a JSON message ended by a NUL byte).
///
/// Flags that work as root in this container: `--headless=new` (the real browser, not the old headless shell),
/// `--no-sandbox` (Chromium refuses to start as root with its own sandbox), `--disable-gpu` (no GPU here), a fresh
/// `--user-data-dir` per browser, and `--disable-dev-shm-usage` (a container's /dev/shm is small).
public final class HeadlessChromium: @unchecked Sendable {
    /// What a page did while it loaded.
    public struct Page: Sendable {
        /// The DOM after the load event (and after `script`, when one was run), as `outerHTML`.
        public var dom: String
        /// Console errors, uncaught exceptions and browser log errors (a CSP violation, a blocked request).
        public var errors: [String]
        /// Every console message, any level, as `level: text`.
        public var console: [String]
        /// Navigation start to the end of the load event, as the page's own Performance API measured it.
        public var loadMilliseconds: Double
        /// The result of the script run after load, if any.
        public var scriptResult: JSONValue?
        /// A PNG screenshot of the viewport (of the whole page with `fullPage`).
        public var screenshot: [UInt8]
    }

    /// Why the browser could not be used.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The Chromium executable: `CHROMIUM`, else Debian's `/usr/bin/chromium` (installed by `scripts/setup`).
    public static var executable: String? {
        let candidates = [ProcessInfo.processInfo.environment["CHROMIUM"], "/usr/bin/chromium"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private let pid: pid_t
    private var commands: Int32, answers: Int32
    private let profile: TemporaryDirectory
    private var nextID = 0
    private var buffer: [UInt8] = []
    private var pendingEvents: [JSONValue] = []

    /// Starts a browser with a window of `width` × `height` CSS pixels.
    public init(width: Int = 1280, height: Int = 900) throws {
        guard let executable = Self.executable else {
            throw Failure(description: "chromium not found at /usr/bin/chromium (run scripts/setup, or set CHROMIUM)")
        }
        profile = TemporaryDirectory("chromium-profile")
        var toBrowser: [Int32] = [0, 0], fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw Failure(description: "pipe() failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let null = Glibc.open("/dev/null", O_RDWR)
        defer { Glibc.close(null) }
        posix_spawn_file_actions_adddup2(&actions, null, 0)
        posix_spawn_file_actions_adddup2(&actions, null, 1)
        posix_spawn_file_actions_adddup2(&actions, null, 2)
        // Copies above 10 first, so that neither end already sitting on 3 or 4 is overwritten before it is copied.
        let browserReads = fcntl(toBrowser[0], F_DUPFD, 10), browserWrites = fcntl(fromBrowser[1], F_DUPFD, 10)
        defer {
            Glibc.close(browserReads)
            Glibc.close(browserWrites)
        }
        posix_spawn_file_actions_adddup2(&actions, browserReads, 3)
        posix_spawn_file_actions_adddup2(&actions, browserWrites, 4)
        let arguments = [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--remote-debugging-pipe", "--user-data-dir=\(profile.url.path)", "--no-first-run",
                         "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--mute-audio", "--hide-scrollbars",
                         "--window-size=\(width),\(height)", "about:blank"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = profile.url.path
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, &argv, &envp)
        Glibc.close(toBrowser[0])
        Glibc.close(fromBrowser[1])
        guard status == 0 else {
            Glibc.close(toBrowser[1])
            Glibc.close(fromBrowser[0])
            throw Failure(description: "could not start \(executable): errno \(status)")
        }
        pid = child
        commands = toBrowser[1]
        answers = fromBrowser[0]
    }

    deinit { close() }

    /// Ends the browser and waits for it.
    public func close() {
        guard commands >= 0 else { return }
        _ = try? send("Browser.close", timeout: 5)
        Glibc.close(commands)
        Glibc.close(answers)
        commands = -1
        answers = -1
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(100_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    /// Opens `file` in a fresh tab, waits for its load event, optionally runs `script` (an expression; a promise
    /// is awaited), then reads the DOM, the console and a screenshot.
    public func load(_ file: String, script: String? = nil, fullPage: Bool = false, timeout: Double = 30) throws -> Page {
        let url = URL(fileURLWithPath: file).absoluteString
        let target = try send("Target.createTarget", ["url": "about:blank"], timeout: timeout)
        guard let targetID = target["targetId"]?.stringValue else { throw Failure(description: "no target: \(target)") }
        let attached = try send("Target.attachToTarget", ["targetId": .string(targetID), "flatten": true], timeout: timeout)
        guard let session = attached["sessionId"]?.stringValue else { throw Failure(description: "no session") }
        for domain in ["Runtime.enable", "Log.enable", "Page.enable"] {
            _ = try send(domain, session: session, timeout: timeout)
        }
        pendingEvents.removeAll()
        _ = try send("Page.navigate", ["url": .string(url)], session: session, timeout: timeout)
        let deadline = Date().addingTimeInterval(timeout)
        while !pendingEvents.contains(where: { $0["method"]?.stringValue == "Page.loadEventFired" }) {
            guard Date() < deadline else { throw Failure(description: "\(file) did not load in \(timeout) s") }
            if let message = try readMessage(until: deadline), message["id"] == nil { pendingEvents.append(message) }
        }
        func evaluate(_ expression: String) throws -> JSONValue {
            let answer = try send("Runtime.evaluate", ["expression": .string(expression), "returnByValue": true,
                                                       "awaitPromise": true], session: session, timeout: timeout)
            if let exception = answer["exceptionDetails"] {
                throw Failure(description: "script failed: \(exception.canonicalString.prefix(400))")
            }
            return answer["result"]?["value"] ?? .null
        }
        let loadMilliseconds = try evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; })()")
            .doubleValue ?? -1
        let scriptResult = try script.map(evaluate)
        let dom = try evaluate("document.documentElement.outerHTML").stringValue ?? ""
        let shot = try send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": .bool(fullPage)],
                            session: session, timeout: timeout)
        guard let encoded = shot["data"]?.stringValue, let png = Data(base64Encoded: encoded) else {
            throw Failure(description: "no screenshot")
        }
        var errors: [String] = [], console: [String] = []
        for event in pendingEvents {
            let params = event["params"]
            switch event["method"]?.stringValue {
            case "Runtime.consoleAPICalled":
                let level = params?["type"]?.stringValue ?? "?"
                let text = (params?["args"]?.arrayValue ?? []).map { argument in
                    argument["value"].map { $0.stringValue ?? $0.canonicalString } ?? argument["description"]?.stringValue ?? "?"
                }
                    .joined(separator: " ")
                console.append("\(level): \(text)")
                if level == "error" || level == "assert" { errors.append("console.\(level): \(text)") }
            case "Runtime.exceptionThrown":
                let details = params?["exceptionDetails"]
                errors.append("exception: " + (details?["exception"]?["description"]?.stringValue
                    ?? details?["text"]?.stringValue ?? "?"))
            case "Log.entryAdded":
                let entry = params?["entry"]
                let level = entry?["level"]?.stringValue ?? "?"
                console.append("log \(level): \(entry?["text"]?.stringValue ?? "")")
                if level == "error" { errors.append("log: \(entry?["text"]?.stringValue ?? "?") \(entry?["url"]?.stringValue ?? "")") }
            default: break
            }
        }
        _ = try? send("Target.closeTarget", ["targetId": .string(targetID)], timeout: timeout)
        return Page(dom: dom, errors: errors, console: console, loadMilliseconds: loadMilliseconds,
                    scriptResult: scriptResult, screenshot: [UInt8](png))
    }

    /// Starts a browser on a thread of its own (so a test waiting for it holds none of Swift's few cooperative
    /// threads), loads `file` as `load` does, and ends the browser.
    public static func open(_ file: String, script: String? = nil, width: Int = 1280, height: Int = 900,
                            fullPage: Bool = false, timeout: Double = 60) async throws -> Page
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let browser = try HeadlessChromium(width: width, height: height)
                    defer { browser.close() }
                    return try browser.load(file, script: script, fullPage: fullPage, timeout: timeout)
                })
            }.start()
        }
    }

    /// Sends a command and waits for its answer, keeping the events that arrive meanwhile.
    @discardableResult
    public func send(_ method: String, _ params: [String: JSONValue] = [:], session: String? = nil,
                     timeout: Double = 30) throws -> JSONValue
    {
        nextID += 1
        let id = nextID
        var message: [String: JSONValue] = ["id": .number(Double(id)), "method": .string(method), "params": .object(params)]
        if let session { message["sessionId"] = .string(session) }
        var bytes = Array(JSONValue.object(message).canonicalString.utf8)
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "the browser closed its command pipe") }
            written += count
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard let answer = try readMessage(until: deadline) else {
                throw Failure(description: "no answer to \(method) in \(timeout) s")
            }
            guard answer["id"]?.intValue == id else {
                if answer["id"] == nil { pendingEvents.append(answer) }
                continue
            }
            if let error = answer["error"] { throw Failure(description: "\(method): \(error.canonicalString)") }
            return answer["result"] ?? .object([:])
        }
    }

    private func readMessage(until deadline: Date) throws -> JSONValue? {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                return try JSONValue(parsing: String(decoding: message, as: UTF8.self))
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var poller = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining, 1) * 1000))
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(answers, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "the browser closed its answer pipe (did it crash?)") }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
