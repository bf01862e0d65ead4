import Foundation
import Recorder

/// Where a PostgreSQL cache lives and how to log in, from a `postgres://USER@HOST:PORT/DB` URL and, for what the URL
/// leaves out, the standard `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `PGSSLMODE` variables and the
/// password file (`PGPASSFILE`, else `~/.pgpass`).
///
/// The password is kept only here, for logging in: `description` and every error leave it out.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` (`disable`, `prefer`, `require`).
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public let host: String
    public let port: Int
    public let user: String
    public let database: String
    public let tls: TLSMode
    let password: String?

    /// True for the URLs this backend takes (`postgres://` or `postgresql://`).
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The cache as it may be printed: `postgres://user@host:port/db`, never with a password.
    public var description: String { "postgres://\(user)@\(hostForURL):\(port)/\(database)" }

    private var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    /// Reads a URL, filling what it leaves out from `environment` and the password file.
    /// - Throws: `CacheError.invalidArgument` for a malformed URL (shown without its password).
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(CacheError) {
        let shown = Self.redacted(text)
        func malformed(_ reason: String) -> CacheError {
            .invalidArgument("\(shown) is not a usable PostgreSQL cache URL: \(reason); "
                             + "expected postgres://USER@HOST:PORT/DATABASE")
        }
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw malformed("it does not parse as a URL")
        }
        if let port = components.port, !(1...65535).contains(port) { throw malformed("port \(port) is out of range") }
        if text.contains("@"), components.host == nil { throw malformed("it names no host") }
        let path = components.percentEncodedPath
        if path.dropFirst().contains("/") { throw malformed("the database name may not contain '/'") }
        let nonEmpty = { (value: String?) -> String? in value.flatMap { $0.isEmpty ? nil : $0 } }

        let host = nonEmpty(components.host) ?? nonEmpty(environment["PGHOST"]) ?? "localhost"
        guard !host.hasPrefix("/") else {
            throw malformed("a Unix socket directory as host is not supported; give a host name or address")
        }
        let portText = components.port.map(String.init) ?? nonEmpty(environment["PGPORT"]) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else { throw malformed("port \(portText) is not a port") }
        guard let user = nonEmpty(components.user?.removingPercentEncoding) ?? nonEmpty(environment["PGUSER"])
            ?? nonEmpty(environment["USER"]) else { throw malformed("it names no user (and PGUSER is not set)") }
        let database = nonEmpty(String(path.dropFirst()).removingPercentEncoding) ?? nonEmpty(environment["PGDATABASE"])
            ?? user
        var tls = TLSMode.prefer
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value
            ?? nonEmpty(environment["PGSSLMODE"])
        if let sslmode {
            switch sslmode {
            case "disable", "allow": tls = .disable
            case "prefer": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw malformed("sslmode '\(sslmode)' is not one of disable, prefer, require")
            }
        }
        for item in components.queryItems ?? [] where item.name != "sslmode" {
            throw malformed("the parameter '\(item.name)' is not supported (only sslmode is)")
        }
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.tls = tls
        password = components.password?.removingPercentEncoding
            ?? nonEmpty(environment["PGPASSWORD"])
            ?? Self.passwordFile(environment).flatMap {
                Self.password(inPasswordFile: $0, host: host, port: port, database: database, user: user)
            }
    }

    /// `text` with any password between `user:` and `@` replaced by `***`, for messages about a URL.
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(rest[at...])
    }

    private static func passwordFile(_ environment: [String: String]) -> String? {
        if let file = environment["PGPASSFILE"], !file.isEmpty { return file }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.pgpass"
    }

    /// The password of the first matching line of a `.pgpass` file (`host:port:database:user:password`, `*` matches
    /// anything, `\:` and `\\` escape), as libpq reads it.
    package static func password(inPasswordFile path: String, host: String, port: Int, database: String, user: String)
        -> String?
    {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped { fields[fields.count - 1].append(character); escaped = false }
                else if character == "\\" { escaped = true }
                else if character == ":" && fields.count < 5 { fields.append("") }
                else { fields[fields.count - 1].append(character) }
            }
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}
