import Foundation
import HTTP

/// What a user hears when a provider does not know the model asked for: which model, why
/// (retired, with the date, where the catalog knows it), and which current models to use.
public enum ModelAvailability {
    /// How many days ahead a coming retirement is worth a warning.
    public static let warningDays = 30

    /// A warning for a model that has retired, or retires within `warningDays`; nil
    /// otherwise, or when the catalog does not know the model.
    public static func retirementNotice(model: String, today: String = ModelCatalog.day(Date())) -> String? {
        guard let entry = ModelCatalog.entry(for: model), let retires = entry.retires,
            let days = entry.daysUntilRetirement(from: today), days <= warningDays
        else { return nil }
        let when = days <= 0 ? "retired on \(retires)" : "retires on \(retires), in \(days) day\(days == 1 ? "" : "s")"
        return "the model '\(model)' \(when)" + suggestion(provider: entry.provider, today: today)
    }

    /// "; use a current model such as A, B, C (...)", or "" when the catalog has none.
    private static func suggestion(provider: Provider, today: String) -> String {
        let current = ModelCatalog.current(provider: provider, on: today).prefix(3).map(\.id)
        guard !current.isEmpty else { return "" }
        return "; use a current model such as \(current.joined(separator: ", ")) (--model or `model` in config.toml)"
    }

    /// One line for a 404 from a model call.
    static func notFound(
        model: String, provider: Provider, baseURL: String, error: HTTPStatusError, today: String = ModelCatalog.day(Date())
    ) -> String {
        let entry = ModelCatalog.entry(for: model).flatMap { $0.provider == provider ? $0 : nil }
        // A compatible server (Ollama, vLLM) serves models the catalog does not describe.
        guard entry != nil || provider == .anthropic || baseURL.contains("api.openai.com") else {
            return "\(error) — check the model name and the base URL"
        }
        var line = "the model '\(model)' is not available (HTTP \(error.status) from the API)"
        if let entry, let retires = entry.retires {
            line += entry.hasRetired(on: today) ? ": it retired on \(retires)" : ": it is announced to retire on \(retires)"
        }
        return line + suggestion(provider: provider, today: today)
    }
}
