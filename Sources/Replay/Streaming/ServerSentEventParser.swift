import Recorder

/// Splits a `text/event-stream` body into events, as the WHATWG HTML standard defines it, fed chunk by chunk.
///
/// Lines end in LF, CR or CRLF (a CRLF split across two chunks is handled); `data:` lines are joined with LF; a blank
/// line dispatches; comment lines (`:`) are ignored; one space after the colon is dropped.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var data: [String] = []
    private var sawData = false
    private var eventName: String?
    private var eventID: String?

    /// A parser at the start of a stream.
    public init() {}

    /// Consumes `bytes`; returns the events they complete. `offsetMicroseconds` stamps those events.
    public mutating func consume(_ bytes: some Sequence<UInt8>, offsetMicroseconds: Int64 = 0) -> [StreamEvent] {
        var events: [StreamEvent] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                lastWasCR = byte == UInt8(ascii: "\r")
                if let event = endLine(offsetMicroseconds) { events.append(event) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream: an unterminated last event is dispatched, as servers that omit the final blank line expect.
    public mutating func finish(offsetMicroseconds: Int64 = 0) -> [StreamEvent] {
        var events: [StreamEvent] = []
        if !line.isEmpty, let event = endLine(offsetMicroseconds) { events.append(event) }
        if let event = endLine(offsetMicroseconds) { events.append(event) }
        return events
    }

    private mutating func endLine(_ offset: Int64) -> StreamEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            defer { data.removeAll(); sawData = false; eventName = nil }
            guard sawData else { return nil }
            return StreamEvent(event: eventName, data: data.joined(separator: "\n"), id: eventID,
                               offsetMicroseconds: offset)
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "data":
            data.append(String(value))
            sawData = true
        case "event": eventName = String(value)
        case "id": if !value.contains("\0") { eventID = String(value) }
        default: break  // `retry` and unknown fields do not change what is replayed
        }
        return nil
    }
}

extension StreamEvent {
    /// The event in wire form, ending with the blank line that dispatches it.
    public var wireBytes: [UInt8] {
        var text = ""
        if let event { text += "event: \(event)\n" }
        if let id { text += "id: \(id)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        text += "\n"
        return Array(text.utf8)
    }
}
