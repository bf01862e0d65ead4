import Crypto
import Foundation
import GRDBSQLite
import Recorder

/// Where a hit's time goes: the parts of `CacheStore.lookup` timed one by one on a bare SQLite connection (the C API,
/// no wrapper), next to `lookup` and `contains` themselves.
struct HitBreakdown: Sendable {
    /// bind + step + reset of the lookup SELECT (the join, every column), row read in place; the reset ends the
    /// statement's implicit read transaction, so it belongs to the SELECT's cost.
    let select: LatencySample
    /// libdeflate's decode of the response into a buffer of the stored raw size, as the Recorder does it.
    let inflate: LatencySample
    /// The same with libz's `uncompress2`, for comparison.
    let inflateLibz: LatencySample
    /// SHA-256 of the inflated response and the compare.
    let sha256: LatencySample
    /// `CacheStore.contains`: pool checkout, cached statement, a one-column indexed SELECT.
    let contains: LatencySample

    /// Sum of the three bare parts' medians, in µs: the floor of a hit with this SQL, libdeflate and swift-crypto.
    var partsMedian: Double { select.median + inflate.median + sha256.median }
}

/// A bare read-only SQLite connection (the C API), for the breakdown and for the checkpoint before sizes are taken.
final class RawConnection {
    let handle: OpaquePointer

    init(path: String, readOnly: Bool) throws {
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else {
            sqlite3_close_v2(db)
            throw BenchmarkError("cannot open \(path)")
        }
        handle = db
        // As the Recorder's read connections are set up.
        sqlite3_exec(db, "PRAGMA mmap_size = 1073741824", nil, nil, nil)
    }

    deinit { sqlite3_close_v2(handle) }

    func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else { throw BenchmarkError("cannot prepare: \(String(cString: sqlite3_errmsg(handle)))") }
        return statement
    }

    /// Moves the whole write-ahead log into the database file and truncates the log.
    func checkpoint() throws {
        let code = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
        guard code == SQLITE_OK else { throw BenchmarkError("checkpoint failed with code \(code)") }
    }
}

/// Times the parts of a hit for each of `keys` (after an untimed pass), and `CacheStore.contains` for comparison.
func measureBreakdown(path: String, store: CacheStore, keys: [CacheKey]) throws -> HitBreakdown {
    let connection = try RawConnection(path: path, readOnly: true)
    let statement = try connection.prepare(lookupSQL)
    defer { sqlite3_finalize(statement) }
    let clock = ContinuousClock()
    var select = [Int64](repeating: 0, count: keys.count)
    var inflated = select, hashed = select, inflatedLibz = select
    for pass in 0..<2 {
        for (index, key) in keys.enumerated() {
            let t0 = clock.now
            let code = key.digest.withUnsafeBytes { digest in
                sqlite3_bind_blob(statement, 1, digest.baseAddress, 32, nil)
                return sqlite3_step(statement)
            }
            guard code == SQLITE_ROW, let data = sqlite3_column_blob(statement, 20), let hash = sqlite3_column_blob(statement, 17)
            else { throw BenchmarkError("bare SELECT missed a recorded key") }
            let dataCount = Int(sqlite3_column_bytes(statement, 20))
            let rawSize = Int(sqlite3_column_int64(statement, 19))
            let t1 = clock.now
            guard let body = inflate(UnsafeRawBufferPointer(start: data, count: dataCount), rawSize: rawSize) else {
                throw BenchmarkError("bare inflate failed")
            }
            let t2 = clock.now
            guard inflateWithLibz(UnsafeRawBufferPointer(start: data, count: dataCount), rawSize: rawSize) == body else {
                throw BenchmarkError("libz and libdeflate disagree")
            }
            let t2b = clock.now
            let t2c = clock.now
            let matches = SHA256.hash(data: body).elementsEqual(UnsafeRawBufferPointer(start: hash, count: 32))
            let t3 = clock.now
            sqlite3_reset(statement)
            let t4 = clock.now
            guard matches else { throw BenchmarkError("bare SHA-256 check failed") }
            if pass == 1 {
                select[index] = (t1 - t0).nanoseconds + (t4 - t3).nanoseconds
                inflated[index] = (t2 - t1).nanoseconds
                hashed[index] = (t3 - t2c).nanoseconds
                inflatedLibz[index] = (t2b - t2).nanoseconds
            }
        }
    }
    let contains = try timeEach(keys.count) { index in
        guard try store.contains(keys[index]) else { throw BenchmarkError("contains missed a recorded key") }
    }
    return HitBreakdown(select: LatencySample(nanoseconds: select), inflate: LatencySample(nanoseconds: inflated),
                        inflateLibz: LatencySample(nanoseconds: inflatedLibz), sha256: LatencySample(nanoseconds: hashed), contains: contains)
}
