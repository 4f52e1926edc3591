import Foundation
import ParIndexCore

/// `POST /api/v1/cycles`: `{code, name, year, framework: {code, version}, units?, deadlines}`.
struct NewCycleBody: Decodable {
    var code: String
    var name: String
    var year: Int
    var frameworkCode: String
    var frameworkVersion: String
    var units: [String]
    var deadlines: Deadlines

    enum CodingKeys: String, RequestKey {
        case code, name, year, framework, units, deadlines
        var maxLength: Int {
            switch self {
            case .code: 64
            case .name, .units: 200
            default: 4000
            }
        }
    }

    enum FrameworkKeys: String, RequestKey {
        case code, version
        var maxLength: Int { self == .code ? 64 : 32 }
    }

    enum DeadlineKeys: String, RequestKey { case selfAssessment, appraisal, explanation, finalReview }

    /// Both objects' shapes are checked before any field, then the fields in a fixed order, so a
    /// body with several faults is always told the same first one.
    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self)
        let framework = try body.nestedContainer(keyedBy: FrameworkKeys.self, forKey: .framework)
        let deadlines = try body.nestedContainer(keyedBy: DeadlineKeys.self, forKey: .deadlines)
        year = try body.decode(Int.self, forKey: .year)
        code = try body.decode(String.self, forKey: .code)
        name = try body.decode(String.self, forKey: .name)
        frameworkCode = try framework.decode(String.self, forKey: .code)
        frameworkVersion = try framework.decode(String.self, forKey: .version)
        units = try body.decodeIfPresent([String].self, forKey: .units) ?? []
        self.deadlines = Deadlines(
            selfAssessment: try deadlines.decode(Date.self, forKey: .selfAssessment),
            appraisal: try deadlines.decode(Date.self, forKey: .appraisal),
            explanation: try deadlines.decode(Date.self, forKey: .explanation),
            finalReview: try deadlines.decode(Date.self, forKey: .finalReview)
        )
    }
}

/// `POST /api/v1/cycles/{cycle}/phase`: `{phase}`.
struct PhaseBody: Decodable {
    var phase: Phase

    enum CodingKeys: String, RequestKey {
        case phase
        var maxLength: Int { 32 }
    }

    init(from decoder: any Decoder) throws {
        phase = try decoder.container(keyedBy: CodingKeys.self).decode(
            Phase.self,
            forKey: .phase,
            otherwise: .invalid(
                "invalid_phase",
                "Giai đoạn phải là một trong: \(Phase.allCases.map(\.rawValue).joined(separator: ", ")).",
                details: ["field": .string("phase")]
            )
        )
    }
}

/// `PUT /api/v1/cycles/{cycle}/reviewers/{username}`: `{units}`, none when absent.
struct ReviewerUnitsBody: Decodable {
    var units: [String]?

    enum CodingKeys: String, RequestKey {
        case units
        var maxLength: Int { 200 }
    }
}

/// `POST /api/v1/cycles/{cycle}/units/{unit}/extension`: `{until, reason}`.
struct ExtensionBody: Decodable {
    var until: Date
    var reason: String

    enum CodingKeys: String, RequestKey {
        case until, reason
        var maxLength: Int { 1000 }
    }
}
