import ParIndexCore

/// `PUT …/items/{criterion}`: an entry (`points`, `choice` or `inputs`) or `notApplicable`,
/// with `note` and the `version` the unit last saw.
struct SelfEntryBody: Decodable {
    var notApplicable: NotApplicable?
    var entry: Entry?
    var note: String?
    var version: Int?

    enum CodingKeys: String, RequestKey { case points, choice, inputs, notApplicable, note, version }

    /// `{reason}`; no reason is an empty one.
    struct NotApplicable: Decodable {
        var reason: String?

        enum CodingKeys: String, RequestKey {
            case reason
            var maxLength: Int { 1000 }
        }
    }

    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self)
        notApplicable = try body.decodeIfPresent(NotApplicable.self, forKey: .notApplicable)
        entry = try body.entry(points: .points, choice: .choice, inputs: .inputs)
        note = try body.decodeIfPresent(String.self, forKey: .note)
        version = try body.decodeIfPresent(Int.self, forKey: .version)
    }
}

/// `PUT …/items/{criterion}/appraisal`: an entry, `note`, `version`.
struct AppraisalBody: Decodable {
    var entry: Entry
    var note: String?
    var version: Int?

    enum CodingKeys: String, RequestKey { case points, choice, inputs, note, version }

    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self)
        guard let entry = try body.entry(points: .points, choice: .choice, inputs: .inputs) else {
            throw DomainError.invalid("entry_shape", "Cần gửi một trong \"points\", \"choice\", \"inputs\".")
        }
        self.entry = entry
        note = try body.decodeIfPresent(String.self, forKey: .note)
        version = try body.decodeIfPresent(Int.self, forKey: .version)
    }
}

/// `POST …/items/{criterion}/settle`: `{disposition, points?, note?}`.
struct SettlementBody: Decodable {
    var disposition: Disposition
    var points: Points?
    var note: String?

    enum CodingKeys: String, RequestKey {
        case points, note, disposition
        var maxLength: Int { self == .disposition ? 32 : 4000 }
    }

    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self)
        disposition = try body.decode(
            Disposition.self,
            forKey: .disposition,
            otherwise: .invalid(
                "invalid_disposition",
                "\"disposition\" phải là accepted, partly_accepted hoặc rejected.",
                details: ["field": .string("disposition")]
            )
        )
        points = try body.decodeIfPresent(Points.self, forKey: .points)
        note = try body.decodeIfPresent(String.self, forKey: .note)
    }
}

/// `POST …/questions` and `…/answers`: `{message}`.
struct MessageBody: Decodable {
    var message: String

    enum CodingKeys: String, RequestKey { case message }
}

/// `POST …/submit`, optional: `{reason}`, which an admin submitting for a unit gives.
struct SubmitBody: Decodable {
    var reason: String?

    enum CodingKeys: String, RequestKey {
        case reason
        var maxLength: Int { 1000 }
    }
}

/// `POST …/items/{criterion}/evidence` as JSON: a document reference.
struct ReferenceBody: Decodable {
    var title: String
    var documentNumber: String?
    var issuedOn: String?
    var url: String?

    enum CodingKeys: String, RequestKey {
        case title, documentNumber, issuedOn, url
        var maxLength: Int {
            switch self {
            case .title: 500
            case .documentNumber: 100
            case .issuedOn: 10
            case .url: 2000
            }
        }
    }
}

/// A ratio entry's `{numerator, denominator}`; both are needed.
struct RatioInputs: Decodable {
    var numerator: Int
    var denominator: Int

    enum CodingKeys: String, RequestKey { case numerator, denominator }

    init(from decoder: any Decoder) throws {
        let inputs = try decoder.container(keyedBy: CodingKeys.self)
        guard let numerator = try inputs.decodeIfPresent(Int.self, forKey: .numerator),
            let denominator = try inputs.decodeIfPresent(Int.self, forKey: .denominator)
        else {
            throw DomainError.invalid("entry_shape", "\"inputs\" cần \"numerator\" và \"denominator\".", details: ["field": .string("inputs")])
        }
        self.numerator = numerator
        self.denominator = denominator
    }
}

extension KeyedDecodingContainer {
    /// The entry for a leaf: at most one of `points`, `choice`, `inputs`.
    func entry(points: Key, choice: Key, inputs: Key) throws -> Entry? {
        var entries: [Entry] = []
        if let value = try decodeIfPresent(Points.self, forKey: points) { entries.append(.points(value)) }
        if let value = try decodeIfPresent(Int.self, forKey: choice) { entries.append(.choice(value)) }
        if let value = try decodeIfPresent(RatioInputs.self, forKey: inputs) {
            entries.append(.ratio(numerator: value.numerator, denominator: value.denominator))
        }
        guard entries.count <= 1 else { throw DomainError.invalid("entry_shape", "Chỉ gửi một trong \"points\", \"choice\", \"inputs\".") }
        return entries.first
    }

    /// One of `Choice`'s names (`role`, `phase`, `disposition`), or `refusal`.
    func decode<Choice: RawRepresentable<String>>(_ type: Choice.Type, forKey key: Key, otherwise refusal: DomainError) throws -> Choice {
        guard let choice = Choice(rawValue: try decode(String.self, forKey: key)) else { throw refusal }
        return choice
    }
}

/// `POST /api/v1/cycles/{cycle}/survey` as JSON: `{rows: [{unit, criterion, points}]}`, points a
/// number or a text (`"1,5"`), read as the CSV's are.
struct SurveyBody: Decodable {
    var rows: [Row]

    enum CodingKeys: String, RequestKey { case rows }

    struct Row: Decodable {
        var unit: String?
        var criterion: String?
        var points: DocumentValue?

        enum CodingKeys: String, RequestKey {
            case unit, criterion, points
            var maxLength: Int { 64 }
        }

        /// The points as sent, for the survey's own check; anything but a number or text is no points.
        var pointsText: String {
            switch points {
            case .number(let text)?, .string(let text)?: text
            default: ""
            }
        }
    }

    static let maxRows = 500_000

    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self)
        guard case .array(let items)? = try body.decodeIfPresent(DocumentValue.self, forKey: .rows), items.count <= Self.maxRows else {
            throw DomainError.invalid("required", "Cần \"rows\": danh sách {unit, criterion, points}.", details: ["field": .string("rows")])
        }
        rows = try body.decode([Row].self, forKey: .rows)
    }
}
