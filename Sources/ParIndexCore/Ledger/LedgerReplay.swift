/// The state of items, evidence and thread messages that the ledger's events imply, built event by
/// event and then compared with the stored rows. Stored rows are streamed past it one at a time, so
/// only the replayed state is held in memory.
public struct LedgerReplay: Sendable {
    var items: [ItemKey: AuditedItem] = [:]
    var evidence: [String: AuditedEvidence] = [:]
    var messages: [ItemKey: [AuditedMessage]] = [:]
    public private(set) var mismatches: [AuditMismatch] = []
    var itemsSeen: Set<ItemKey> = []
    var evidenceSeen: Set<String> = []
    var messagesSeen: [ItemKey: Int] = [:]

    public init() {}

    // MARK: events

    public mutating func apply(_ event: LedgerEvent) throws {
        switch event.action {
        case "item.self", "item.appraise", "item.question", "item.answer", "item.settle", "evidence.add", "evidence.delete",
            "survey.import", "generate.assessment":
            break
        default:
            return  // Users, cycles, phases and publications leave no item, evidence or message row.
        }
        let payload = try DocumentValue.parseJSON(event.payload)
        switch event.action {
        case "survey.import":
            guard let cycle = event.subject.split(separator: ":", maxSplits: 1).last.map(String.init) else { return }
            for row in payload["rows"]?.arrayValue ?? [] {
                guard let cells = row.arrayValue, cells.count == 3, let unit = cells[0].stringValue, let criterion = cells[1].stringValue
                else { continue }
                update(ItemKey(cycle: cycle, unit: unit, criterion: criterion)) { item in
                    item.finalPoints = AuditedItem.points(cells[2])
                    item.finalNote = .null
                    item.finalDisposition = .null
                    item.state = .string(ItemState.settled.rawValue)
                    item.version = .int((item.version.scalarText.flatMap { Int($0) } ?? 0) + 1)
                }
            }
        case "generate.assessment":
            applyGenerated(event, payload)
        default:
            guard let key = ItemKey(subject: event.subject) else { return }
            applyItemEvent(event, payload, key)
        }
    }

    mutating func applyItemEvent(_ event: LedgerEvent, _ payload: DocumentValue, _ key: ItemKey) {
        let version = payload["version"]
        switch event.action {
        case "item.self":
            update(key) { item in
                item.applicable = payload["applicable"] ?? .bool(true)
                item.naReason = payload["naReason"] ?? .null
                item.selfEntry = AuditedItem.entry(payload["entry"])
                item.selfPoints = AuditedItem.points(payload["points"])
                item.selfNote = payload["note"] ?? .null
            }
        case "item.appraise":
            update(key) { item in
                item.appraisedEntry = AuditedItem.entry(payload["entry"])
                item.appraisedPoints = AuditedItem.points(payload["points"])
                item.appraisedNote = payload["note"] ?? .null
                item.state = payload["state"] ?? .null
            }
        case "item.question", "item.answer":
            let kind: ThreadMessage.Kind = event.action == "item.question" ? .question : .answer
            messages[key, default: []].append(
                AuditedMessage(item: key, kind: kind.rawValue, body: payload["message"]?.stringValue ?? "", author: event.actor)
            )
            update(key) { item in item.state = .string((kind == .question ? ItemState.questionOpen : .answered).rawValue) }
        case "item.settle":
            update(key) { item in
                item.finalPoints = AuditedItem.points(payload["points"])
                item.finalNote = payload["note"] ?? .null
                item.finalDisposition = payload["disposition"] ?? .null
                item.state = .string(ItemState.settled.rawValue)
            }
        case "evidence.add":
            // Attaching evidence to an item not yet written creates the item, at version 0.
            update(key) { _ in }
            if let id = payload["id"]?.stringValue {
                evidence[id] = AuditedEvidence(id: id, item: key, document: payload, actor: event.actor)
            }
        case "evidence.delete":
            if let id = payload["id"]?.stringValue { evidence[id]?.deleted = .bool(true) }
        default:
            return
        }
        if let version { items[key]?.version = version }
    }

    /// A generated assessment: one event carries every row it wrote, each item with its evidence
    /// and thread. Events of the older shape (a summary of points per item) imply no rows.
    mutating func applyGenerated(_ event: LedgerEvent, _ payload: DocumentValue) {
        guard let rows = payload["rows"]?.arrayValue else { return }
        let parts = event.subject.split(separator: "/").map { $0.split(separator: ":", maxSplits: 1).last.map(String.init) ?? "" }
        guard parts.count == 2 else { return }
        for row in rows {
            guard let criterion = row["criterion"]?.stringValue else { continue }
            let key = ItemKey(cycle: parts[0], unit: parts[1], criterion: criterion)
            items[key] = AuditedItem(document: row)
            for document in row["evidence"]?.arrayValue ?? [] {
                guard let id = document["id"]?.stringValue else { continue }
                evidence[id] = AuditedEvidence(id: id, item: key, document: document, actor: event.actor)
            }
            for document in row["thread"]?.arrayValue ?? [] {
                messages[key, default: []].append(
                    AuditedMessage(
                        item: key,
                        kind: document["kind"]?.stringValue ?? "",
                        body: document["body"]?.stringValue ?? "",
                        author: document["author"]?.stringValue ?? event.actor
                    )
                )
            }
        }
    }

    mutating func update(_ key: ItemKey, _ change: (inout AuditedItem) -> Void) {
        change(&items[key, default: AuditedItem()])
    }

    // MARK: comparison

    /// Compares one stored item with the replayed one; a row no event wrote is a mismatch.
    public mutating func compare(_ key: ItemKey, _ stored: AuditedItem) {
        itemsSeen.insert(key)
        guard let replayed = items[key] else {
            mismatches.append(AuditMismatch(table: "item", item: key, field: "row", ledger: .null, stored: .string("present")))
            return
        }
        for (name, path) in AuditedItem.columns where replayed[keyPath: path] != stored[keyPath: path] {
            mismatches.append(AuditMismatch(table: "item", item: key, field: name, ledger: replayed[keyPath: path], stored: stored[keyPath: path]))
        }
    }

    public mutating func compare(_ stored: AuditedEvidence) {
        evidenceSeen.insert(stored.id)
        guard let replayed = evidence[stored.id] else {
            mismatches.append(AuditMismatch(table: "evidence", item: stored.item, field: "row", ledger: .null, stored: .string(stored.id)))
            return
        }
        if replayed.item != stored.item {
            mismatches.append(
                AuditMismatch(
                    table: "evidence",
                    item: stored.item,
                    field: "item",
                    ledger: .string(replayed.item.text),
                    stored: .string(stored.item.text)
                )
            )
        }
        for (name, path) in AuditedEvidence.columns {
            guard let expected = replayed[keyPath: path], let actual = stored[keyPath: path], expected != actual else { continue }
            mismatches.append(AuditMismatch(table: "evidence", item: stored.item, field: name, ledger: expected, stored: actual))
        }
    }

    /// Messages arrive in stored order (by item, then id); the n-th stored message of an item is
    /// compared with the n-th the ledger recorded for it.
    public mutating func compare(_ stored: AuditedMessage) {
        let index = messagesSeen[stored.item, default: 0]
        messagesSeen[stored.item] = index + 1
        guard let thread = messages[stored.item], index < thread.count else {
            mismatches.append(AuditMismatch(table: "message", item: stored.item, field: "row", ledger: .null, stored: stored.body))
            return
        }
        let replayed = thread[index]
        for (name, path) in AuditedMessage.columns where replayed[keyPath: path] != stored[keyPath: path] {
            mismatches.append(
                AuditMismatch(table: "message", item: stored.item, field: name, ledger: replayed[keyPath: path], stored: stored[keyPath: path])
            )
        }
    }

    /// After every stored row went past: rows the ledger implies that are not stored.
    public mutating func finish() {
        for key in items.keys.sorted(by: { $0.text < $1.text }) where !itemsSeen.contains(key) {
            mismatches.append(AuditMismatch(table: "item", item: key, field: "row", ledger: .string("present"), stored: .null))
        }
        for (id, replayed) in evidence.sorted(by: { $0.key < $1.key }) where !evidenceSeen.contains(id) {
            mismatches.append(AuditMismatch(table: "evidence", item: replayed.item, field: "row", ledger: .string(id), stored: .null))
        }
        for (key, thread) in messages.sorted(by: { $0.key.text < $1.key.text }) {
            for message in thread.dropFirst(messagesSeen[key, default: 0]) {
                mismatches.append(AuditMismatch(table: "message", item: key, field: "row", ledger: message.body, stored: .null))
            }
        }
    }
}
