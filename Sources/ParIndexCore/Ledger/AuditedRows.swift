/// Which item a row belongs to: the names a mismatch is reported by.
public struct ItemKey: Hashable, Sendable {
    public var cycle: String
    public var unit: String
    public var criterion: String

    public init(cycle: String, unit: String, criterion: String) {
        self.cycle = cycle
        self.unit = unit
        self.criterion = criterion
    }

    /// Parses `cycle:C/unit:U/item:K`, the subject of every item event.
    init?(subject: String) {
        var parts: [Substring: Substring] = [:]
        for part in subject.split(separator: "/") {
            guard let colon = part.firstIndex(of: ":") else { return nil }
            parts[part[..<colon]] = part[part.index(after: colon)...]
        }
        guard let cycle = parts["cycle"], let unit = parts["unit"], let criterion = parts["item"] else { return nil }
        self.init(cycle: String(cycle), unit: String(unit), criterion: String(criterion))
    }

    var text: String { "\(cycle)/\(unit)/\(criterion)" }
}

/// A stored item as the replay compares it, each column as a `DocumentValue` written the same way
/// on both sides: points as decimal numbers, entries as their canonical JSON text, enums as text.
public struct AuditedItem: Sendable, Equatable {
    public var applicable: DocumentValue = .bool(true)
    public var naReason: DocumentValue = .null
    public var selfEntry: DocumentValue = .null
    public var selfPoints: DocumentValue = .null
    public var selfNote: DocumentValue = .null
    public var appraisedEntry: DocumentValue = .null
    public var appraisedPoints: DocumentValue = .null
    public var appraisedNote: DocumentValue = .null
    public var finalPoints: DocumentValue = .null
    public var finalNote: DocumentValue = .null
    public var finalDisposition: DocumentValue = .null
    public var state: DocumentValue = .string(ItemState.unreviewed.rawValue)
    public var version: DocumentValue = .int(0)

    public init() {}

    /// The columns in the order they are compared and written; the names are the mismatch's `field`.
    static let columns: [(name: String, path: WritableKeyPath<AuditedItem, DocumentValue> & Sendable)] = [
        ("applicable", \.applicable), ("naReason", \.naReason), ("selfEntry", \.selfEntry), ("selfPoints", \.selfPoints),
        ("selfNote", \.selfNote), ("appraisedEntry", \.appraisedEntry), ("appraisedPoints", \.appraisedPoints),
        ("appraisedNote", \.appraisedNote), ("finalPoints", \.finalPoints), ("finalNote", \.finalNote),
        ("finalDisposition", \.finalDisposition), ("state", \.state), ("version", \.version),
    ]

    /// From the stored columns (points in hundredths, entries as stored text).
    public init(
        applicable: Bool,
        naReason: String?,
        selfEntry: String?,
        selfPoints: Int?,
        selfNote: String?,
        appraisedEntry: String?,
        appraisedPoints: Int?,
        appraisedNote: String?,
        finalPoints: Int?,
        finalNote: String?,
        finalDisposition: String?,
        state: String,
        version: Int
    ) {
        self.applicable = .bool(applicable)
        self.naReason = .optional(naReason)
        self.selfEntry = .optional(selfEntry)
        self.selfPoints = Self.points(selfPoints)
        self.selfNote = .optional(selfNote)
        self.appraisedEntry = .optional(appraisedEntry)
        self.appraisedPoints = Self.points(appraisedPoints)
        self.appraisedNote = .optional(appraisedNote)
        self.finalPoints = Self.points(finalPoints)
        self.finalNote = .optional(finalNote)
        self.finalDisposition = .optional(finalDisposition)
        self.state = .string(state)
        self.version = .int(version)
    }

    /// From a domain item, as a bulk writer records it.
    public init(_ item: Item) {
        self.init(
            applicable: item.applicable,
            naReason: item.notApplicableReason,
            selfEntry: item.selfValue?.entry?.document.canonicalJSON,
            selfPoints: item.selfValue?.points?.hundredths,
            selfNote: item.selfValue?.note,
            appraisedEntry: item.appraised?.entry.document.canonicalJSON,
            appraisedPoints: item.appraised?.points.hundredths,
            appraisedNote: item.appraised?.note,
            finalPoints: item.final?.points.hundredths,
            finalNote: item.final?.note,
            finalDisposition: item.final?.disposition?.rawValue,
            state: item.state.rawValue,
            version: item.version
        )
    }

    static func points(_ hundredths: Int?) -> DocumentValue { hundredths.map { .points(Points(hundredths: $0)) } ?? .null }

    /// A points value from an event, written as the stored side writes it.
    static func points(_ value: DocumentValue?) -> DocumentValue {
        value?.scalarText.flatMap(Points.init(parsing:)).map { .points($0) } ?? .null
    }

    /// An entry from an event, as its canonical JSON text.
    static func entry(_ value: DocumentValue?) -> DocumentValue {
        guard let value, value != .null else { return .null }
        return .string(value.canonicalJSON)
    }

    /// Every column, for a bulk event.
    public var document: [(String, DocumentValue)] { Self.columns.map { ($0.name, self[keyPath: $0.path]) } }

    /// Reads the columns a bulk event carries; a column it lacks keeps its default.
    init(document: DocumentValue) {
        for (name, path) in Self.columns {
            if let value = document[name] { self[keyPath: path] = value }
        }
    }
}

/// A stored evidence row as the replay compares it. A nil field is one the events written before
/// it was recorded do not carry, so it is not compared.
public struct AuditedEvidence: Sendable, Equatable {
    public var id: String
    public var item: ItemKey
    public var kind: DocumentValue? = nil
    public var filename: DocumentValue? = nil
    public var size: DocumentValue? = nil
    public var sha256: DocumentValue? = nil
    public var contentType: DocumentValue? = nil
    public var title: DocumentValue? = nil
    public var documentNumber: DocumentValue? = nil
    public var issuedOn: DocumentValue? = nil
    public var url: DocumentValue? = nil
    public var uploadedBy: DocumentValue? = nil
    public var supplementary: DocumentValue? = nil
    public var deleted: DocumentValue? = nil

    static let columns: [(name: String, path: WritableKeyPath<AuditedEvidence, DocumentValue?> & Sendable)] = [
        ("kind", \.kind), ("filename", \.filename), ("size", \.size), ("sha256", \.sha256), ("contentType", \.contentType),
        ("title", \.title), ("documentNumber", \.documentNumber), ("issuedOn", \.issuedOn), ("url", \.url),
        ("uploadedBy", \.uploadedBy), ("supplementary", \.supplementary), ("deleted", \.deleted),
    ]

    public init(id: String, item: ItemKey) {
        self.id = id
        self.item = item
    }

    /// From the stored columns.
    public init(
        id: String,
        item: ItemKey,
        kind: String,
        filename: String?,
        size: Int64?,
        sha256: String?,
        contentType: String?,
        title: String?,
        documentNumber: String?,
        issuedOn: String?,
        url: String?,
        uploadedBy: String,
        supplementary: Bool,
        deleted: Bool
    ) {
        self.init(id: id, item: item)
        self.kind = .string(kind)
        self.filename = .optional(filename)
        self.size = size.map { .number(String($0)) } ?? .null
        self.sha256 = .optional(sha256)
        self.contentType = .optional(contentType)
        self.title = .optional(title)
        self.documentNumber = .optional(documentNumber)
        self.issuedOn = .optional(issuedOn)
        self.url = .optional(url)
        self.uploadedBy = .string(uploadedBy)
        self.supplementary = .bool(supplementary)
        self.deleted = .bool(deleted)
    }

    /// The fields an evidence event records: every column but the item and the deletion.
    public static func payload(_ evidence: Evidence) -> [(String, DocumentValue)] {
        [
            ("id", .string(evidence.id)), ("kind", .string(evidence.kind.rawValue)), ("filename", .optional(evidence.filename)),
            ("size", evidence.size.map { .number(String($0)) } ?? .null), ("sha256", .optional(evidence.sha256)),
            ("contentType", .optional(evidence.contentType)), ("title", .optional(evidence.title)),
            ("documentNumber", .optional(evidence.documentNumber)), ("issuedOn", .optional(evidence.issuedOn)),
            ("url", .optional(evidence.url)), ("uploadedBy", .string(evidence.uploaded.by)), ("supplementary", .bool(evidence.supplementary)),
        ]
    }

    /// Reads what an event carries; absent fields stay uncompared, but a missing size is a null size
    /// (events have always left it out for references).
    init(id: String, item: ItemKey, document: DocumentValue, actor: String) {
        self.init(id: id, item: item)
        for (name, path) in Self.columns {
            if let value = document[name] { self[keyPath: path] = value }
        }
        if size == nil { size = .null }
        if uploadedBy == nil { uploadedBy = .string(actor) }
        deleted = .bool(false)
    }
}

/// A stored thread message as the replay compares it; messages of an item are compared in order.
public struct AuditedMessage: Sendable, Equatable {
    public var item: ItemKey
    public var kind: DocumentValue
    public var body: DocumentValue
    public var author: DocumentValue

    public init(item: ItemKey, kind: String, body: String, author: String) {
        self.item = item
        self.kind = .string(kind)
        self.body = .string(body)
        self.author = .string(author)
    }

    static let columns: [(name: String, path: KeyPath<AuditedMessage, DocumentValue> & Sendable)] = [
        ("kind", \.kind), ("body", \.body), ("author", \.author),
    ]
}

/// One difference between the state the ledger implies and a stored row.
public struct AuditMismatch: Sendable, Equatable {
    public var table: String
    public var cycle: String?
    public var unit: String?
    public var criterion: String?
    public var field: String
    public var ledger: DocumentValue
    public var stored: DocumentValue

    public init(table: String, item: ItemKey?, field: String, ledger: DocumentValue, stored: DocumentValue) {
        self.table = table
        self.cycle = item?.cycle
        self.unit = item?.unit
        self.criterion = item?.criterion
        self.field = field
        self.ledger = ledger
        self.stored = stored
    }

    public init(table: String, cycle: String?, field: String, ledger: DocumentValue, stored: DocumentValue) {
        self.init(table: table, item: nil, field: field, ledger: ledger, stored: stored)
        self.cycle = cycle
    }
}
