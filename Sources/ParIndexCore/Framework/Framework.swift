/// A versioned tree of criteria (bộ tiêu chí) with maximum points and scoring rules. Data, not
/// code: it is read from a YAML or JSON document and pinned to a cycle by its content hash.
public struct Framework: Sendable, Equatable {
    public var code: String
    public var version: String
    public var title: String
    public var source: String?
    public var capAt100: Bool
    public var bands: [Band]
    /// The tree. Fixed at creation: `leaves` and the leaf index are derived from it once.
    public let nodes: [Criterion]
    /// Every leaf in document order, each with the field (top-level node) it belongs to. Kept, not
    /// walked per call: every score write looks its leaf up.
    public let leaves: [Leaf]
    private let leafPositions: [String: Int]

    public init(
        code: String,
        version: String,
        title: String,
        source: String?,
        capAt100: Bool,
        bands: [Band],
        nodes: [Criterion]
    ) {
        self.code = code
        self.version = version
        self.title = title
        self.source = source
        self.capAt100 = capAt100
        self.bands = bands
        self.nodes = nodes
        var leaves: [Leaf] = []
        func walk(_ node: Criterion, field: Criterion) {
            if let spec = node.spec {
                leaves.append(Leaf(code: node.code, title: node.title, guidance: node.guidance, fieldCode: field.code, spec: spec))
            }
            for child in node.children { walk(child, field: field) }
        }
        for field in nodes { walk(field, field: field) }
        self.leaves = leaves
        // The first leaf of a code wins, as the linear search did; the reader refuses duplicates anyway.
        self.leafPositions = Dictionary(leaves.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func leaf(_ code: String) -> Leaf? { leafPositions[code].map { leaves[$0] } }

    /// The maximum the index is computed against when every leaf applies: bonus and deduction
    /// leaves are excluded.
    public var maxPoints: Points {
        leaves.filter { $0.spec.rule.countsTowardMax }.reduce(.zero) { $0 + $1.spec.max }
    }

    /// The band (result group) for an index, first match from the top.
    public func band(for indexHundredths: Int) -> Band? {
        bands.first { indexHundredths >= $0.atLeast.hundredths }
    }
}

/// A result group shown beside the index (e.g. "Nhóm A" from 90).
public struct Band: Sendable, Equatable {
    public var label: String
    public var atLeast: Points
    public init(label: String, atLeast: Points) {
        self.label = label
        self.atLeast = atLeast
    }
}

/// A node of the tree (tiêu chí). Parents have children; leaves have a `spec` and are scored.
public struct Criterion: Sendable, Equatable {
    public var code: String
    public var title: String
    public var guidance: String?
    public var children: [Criterion]
    public var spec: LeafSpec?

    public init(code: String, title: String, guidance: String? = nil, children: [Criterion] = [], spec: LeafSpec? = nil) {
        self.code = code
        self.title = title
        self.guidance = guidance
        self.children = children
        self.spec = spec
    }

    /// A parent's max is the sum of its children's (bonus and deduction leaves excluded).
    public var max: Points {
        if let spec { return spec.rule.countsTowardMax ? spec.max : .zero }
        return children.reduce(.zero) { $0 + $1.max }
    }
}

/// What makes a leaf scorable.
public struct LeafSpec: Sendable, Equatable {
    public var max: Points
    public var evidence: EvidenceRequirement
    public var applicability: Applicability
    public var source: LeafSource
    public var rule: Rule

    public init(
        max: Points,
        evidence: EvidenceRequirement = .optional,
        applicability: Applicability = .always,
        source: LeafSource = .selfAssessed,
        rule: Rule
    ) {
        self.max = max
        self.evidence = evidence
        self.applicability = applicability
        self.source = source
        self.rule = rule
    }
}

/// A scored leaf with its place in the tree.
public struct Leaf: Sendable, Equatable {
    public var code: String
    public var title: String
    public var guidance: String?
    public var fieldCode: String
    public var spec: LeafSpec
}

public enum EvidenceRequirement: String, Sendable, CaseIterable {
    case required, optional, none
}

public enum Applicability: String, Sendable, CaseIterable {
    case always
    case mayBeNA = "may_be_na"
}

public enum LeafSource: String, Sendable, CaseIterable {
    case selfAssessed = "self"
    case survey
}
