import Foundation

/// Timestamps as the store writes them: ISO 8601 in UTC with milliseconds, e.g. `2026-11-27T12:49:44.123Z`.
///
/// Fixed width, so text order is time order and a date prefix (`2026-11`) compares correctly in SQL.
public enum Timestamp {
    /// `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public static func string(from date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(milliseconds - Double(seconds) * 1000)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    /// Parses the store's form, or a plain date (`2026-11-27`, midnight UTC), or any ISO 8601 date-time.
    public static func date(from text: String) -> Date? {
        if text.count == 10 {
            return date(from: text + "T00:00:00.000Z")
        }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        return ISO8601DateFormatter().date(from: text)
    }
}
