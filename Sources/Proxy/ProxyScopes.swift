import Replay
import Synchronization

/// The proxy's call scopes by name: identical requests are numbered within each, for the proxy's lifetime.
final class ProxyScopes: Sendable {
    private let scopes = Mutex<[String: CallScope]>([:])

    /// The scope named `name`, made at its first use.
    func scope(_ name: String) -> CallScope {
        scopes.withLock { scopes in
            if let scope = scopes[name] { return scope }
            let scope = CallScope(name)
            scopes[name] = scope
            return scope
        }
    }
}
