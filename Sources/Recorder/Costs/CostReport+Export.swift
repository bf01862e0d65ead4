/// The report as JSON and CSV: stable member names, amounts as exact decimal strings of USD, rows in report order,
/// so the same cache and table give byte-identical output.
extension CostReport {
    /// The whole report, every call included, as JSON (print its `canonicalString`).
    public var jsonValue: JSONValue {
        .object([
            "scope": .string(scope),
            "price_table_version": .string(priceTableVersion),
            "reprice": reprice.map(JSONValue.string) ?? .null,
            "group_by": .array(dimensions.map { .string($0.rawValue) }),
            "total": total.jsonValue,
            "groups": .array(groups.map { group in
                var members = group.summary.jsonValue.objectValue ?? [:]
                for (dimension, value) in zip(dimensions, group.values) { members[dimension.rawValue] = .string(value) }
                return .object(members)
            }),
            "unpriced": .array(unpricedCalls.map { entry in
                .object(["key": .string(entry.call.key), "model": .string(entry.call.model),
                         "source": .string(entry.call.source.rawValue), "reason": .string(entry.reason)])
            }),
            "calls": .array(calls.map(\.jsonValue)),
        ])
    }

    /// The column names of `csv`.
    public var csvHeader: [String] {
        dimensions.map(\.rawValue) + [
            "live_calls", "cache_calls", "input_tokens", "uncached_input_tokens", "cached_input_tokens",
            "cache_write_tokens", "output_tokens", "reasoning_tokens", "spent_usd", "saved_usd", "unpriced_calls",
        ] + (reprice == nil ? [] : ["repriced_spent_usd", "repriced_saved_usd", "repriced_unpriced_calls"])
    }

    /// One row per group, then a `total` row; amounts in exact USD.
    public var csv: String {
        func row(_ values: [String], _ summary: CostSummary) -> [String] {
            let tokens = summary.tokens
            var cells = values + [summary.liveCalls, summary.cacheCalls, tokens.input, tokens.uncachedInput,
                                  tokens.cachedInput, tokens.cacheWrite, tokens.output, tokens.reasoning].map(String.init)
            cells += [summary.spent.description, summary.saved.description, String(summary.unpriced)]
            if reprice != nil {
                cells += [(summary.repricedSpent ?? .zero).description, (summary.repricedSaved ?? .zero).description,
                          String(summary.repricedUnpriced)]
            }
            return cells
        }
        var lines = [csvHeader]
        lines += groups.map { row($0.values, $0.summary) }
        lines.append(row(["total"] + Array(repeating: "", count: max(0, dimensions.count - 1)), total))
        return lines.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension CostSummary {
    var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "calls": .object(["live": .number(Double(liveCalls)), "cache": .number(Double(cacheCalls))]),
            "tokens": .object(["live": liveTokens.jsonValue, "cache": cacheTokens.jsonValue, "all": tokens.jsonValue]),
            "spent_usd": .string(spent.description),
            "saved_usd": .string(saved.description),
            "unpriced": .object(["live": .number(Double(unpricedLive)), "cache": .number(Double(unpricedCache))]),
        ]
        if let repricedSpent, let repricedSaved {
            members["repriced_spent_usd"] = .string(repricedSpent.description)
            members["repriced_saved_usd"] = .string(repricedSaved.description)
            members["repriced_unpriced"] = .number(Double(repricedUnpriced))
        }
        return .object(members)
    }
}

extension TokenTotals {
    var jsonValue: JSONValue {
        .object(["input": .number(Double(input)), "uncached_input": .number(Double(uncachedInput)),
                 "cached_input": .number(Double(cachedInput)), "cache_write": .number(Double(cacheWrite)),
                 "output": .number(Double(output)), "reasoning": .number(Double(reasoning))])
    }
}

extension CallPricing {
    var jsonValue: JSONValue {
        switch self {
        case .priced(let cost):
            .object(["priced_as": .string(cost.modelID), "effective": cost.effective.map(JSONValue.string) ?? .null,
                     "input_usd": .string(cost.input.description),
                     "cached_input_usd": .string(cost.cachedInput.description),
                     "cache_write_usd": .string(cost.cacheWrite.description),
                     "output_usd": .string(cost.output.description), "total_usd": .string(cost.total.description)])
        case .unpriced(let reason):
            .object(["unpriced": .string(reason)])
        }
    }
}

extension CostedCall {
    var jsonValue: JSONValue {
        let record = record
        func optional(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        var members: [String: JSONValue] = [
            "run": record.runID.map(JSONValue.string) ?? .null, "task": record.taskID.map(JSONValue.string) ?? .null,
            "phase": record.phase.map { .string($0.rawValue) } ?? .null, "try": optional(record.tryNumber),
            "key": .string(record.key), "source": .string(record.source.rawValue),
            "provider": .string(record.provider), "model": .string(record.model),
            "recorded_at": .string(record.recordedAt),
            "usage": .object(["input": optional(record.usage.input), "cached_input": optional(record.usage.cachedInput),
                              "cache_write": optional(record.usage.cacheWrite),
                              "output": optional(record.usage.output), "reasoning": optional(record.usage.reasoning)]),
            "cost": pricing.jsonValue,
        ]
        if let repricing { members["repriced"] = repricing.jsonValue }
        return .object(members)
    }
}
