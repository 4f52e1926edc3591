import Foundation

/// Writes notifications, and their e-mails when mail is configured, inside the transaction of the
/// change they report: a use case that notifies builds one from its own `write` and calls it there,
/// so the change, its ledger event and its notices commit together or not at all.
struct Notifier {
    let db: any RepositoryWriter
    let settings: NotificationSettings
    let now: Date

    /// One notice for one person, and its e-mail when mail is on and they have an address.
    /// Disabled accounts get nothing: nobody reads them.
    func notify(_ user: User, _ kind: NotificationKind, _ target: NotificationTarget, subject: String, body: String) throws {
        guard !user.disabled else { return }
        try db.insert(UserNotification(username: user.username, kind: kind, target: target, subject: subject, body: body, createdAt: now))
        guard settings.mail, let address = user.email else { return }
        let text = NotificationWords.mailBody(name: user.name, body: body, link: settings.link(target))
        try db.insert(OutboxMail(recipient: address, subject: NotificationWords.mailSubject(subject), body: text, nextAttemptAt: now, createdAt: now))
    }

    /// Everyone who takes part in a cycle but `actor`, each with the page that is theirs: a unit
    /// its self-assessment, a reviewer and an observer the council's list, an admin the cycle.
    func participants(_ cycle: Cycle, except actor: String) throws -> [(User, NotificationTarget)] {
        let units = Set(try db.cycleUnits(cycle.code))
        let reviewers = Set(try db.assignments(cycle: cycle.code).map(\.username))
        return try db.users().compactMap { user in
            guard user.username != actor else { return nil }
            switch user.role {
            case .unit:
                guard let unit = user.unitCode, units.contains(unit) else { return nil }
                return (user, .assessment(cycle: cycle.code, unit: unit, criterion: nil))
            case .reviewer:
                return reviewers.contains(user.username) ? (user, .worklist(cycle: cycle.code)) : nil
            case .observer: return (user, .worklist(cycle: cycle.code))
            case .admin: return (user, .cycle(cycle.code))
            }
        }
    }

    /// The officials of a unit (its reviewers are not: they may not see their own unit's review).
    func unitOfficials(_ unitCode: String) throws -> [User] {
        try db.users(unit: unitCode).filter { $0.role == .unit }
    }

    /// The reviewers assigned to a unit in a cycle.
    func assignedReviewers(cycle: String, unit: String) throws -> [User] {
        try db.reviewers(cycle: cycle, unit: unit).compactMap { try db.user($0) }
    }

    func unitName(_ code: String) throws -> String { try db.unit(code)?.name ?? code }

    // MARK: - Events

    func phaseMoved(_ cycle: Cycle, from: Phase, by actor: String) throws {
        let subject = "Kỳ \"\(cycle.name)\" chuyển sang giai đoạn \"\(cycle.phase.vietnamese)\""
        var body = "Kỳ đánh giá \"\(cycle.name)\" đã chuyển từ giai đoạn \"\(from.vietnamese)\" sang \"\(cycle.phase.vietnamese)\"."
        if let who = NotificationWords.whoActs(cycle.phase) { body += " " + who }
        if let deadline = cycle.deadlines.deadline(for: cycle.phase) {
            body += " Hạn của giai đoạn này: \(NotificationWords.time(deadline))."
        }
        for (user, target) in try participants(cycle, except: actor) {
            try notify(user, .phase, target, subject: subject, body: body)
        }
    }

    func published(_ cycle: Cycle, by actor: String) throws {
        let subject = "Đã công bố kết quả kỳ \"\(cycle.name)\""
        let body =
            "Kết quả Chỉ số cải cách hành chính của kỳ \"\(cycle.name)\" đã được công bố lúc \(NotificationWords.time(now)). "
            + "Bảng xếp hạng theo khối và phiếu điểm của từng đơn vị xem được trên trang kết quả công khai."
        for (user, _) in try participants(cycle, except: actor) {
            try notify(user, .publication, .results(cycle.code), subject: subject, body: body)
        }
    }

    /// To the unit's officials. The reviewer is not named: the council speaks as one to the unit.
    func questionAsked(_ cycle: Cycle, unit: String, leaf: Leaf, message: String) throws {
        let name = try unitName(unit)
        let subject = "Yêu cầu giải trình tiêu chí \(leaf.code) — \(name)"
        let body =
            "Hội đồng thẩm định yêu cầu \(name) giải trình tiêu chí \(leaf.code) \"\(leaf.title)\" (kỳ \"\(cycle.name)\"):\n\n"
            + NotificationWords.quoted(message) + "\n\nHạn giải trình: \(NotificationWords.time(cycle.deadlines.explanation))."
        for user in try unitOfficials(unit) {
            try notify(user, .question, .assessment(cycle: cycle.code, unit: unit, criterion: leaf.code), subject: subject, body: body)
        }
    }

    /// To the reviewers assigned to the unit.
    func questionAnswered(_ cycle: Cycle, unit: String, leaf: Leaf, message: String) throws {
        let name = try unitName(unit)
        let subject = "\(name) đã giải trình tiêu chí \(leaf.code)"
        let body =
            "\(name) đã trả lời yêu cầu giải trình tiêu chí \(leaf.code) \"\(leaf.title)\" (kỳ \"\(cycle.name)\"):\n\n"
            + NotificationWords.quoted(message)
            + "\n\nGiải trình được chốt điểm trong giai đoạn \"\(Phase.finalReview.vietnamese)\", hạn \(NotificationWords.time(cycle.deadlines.finalReview))."
        for user in try assignedReviewers(cycle: cycle.code, unit: unit) {
            try notify(user, .answer, .review(cycle: cycle.code, unit: unit, criterion: leaf.code), subject: subject, body: body)
        }
    }

    /// To the unit's officials: that the item is settled, not its points, which the unit reads on
    /// its own page.
    func itemSettled(_ cycle: Cycle, unit: String, leaf: Leaf) throws {
        let name = try unitName(unit)
        let subject = "Hội đồng đã chốt điểm tiêu chí \(leaf.code) — \(name)"
        let body =
            "Hội đồng thẩm định đã xem xét giải trình và chốt điểm tiêu chí \(leaf.code) \"\(leaf.title)\" của \(name) "
            + "(kỳ \"\(cycle.name)\"). Điểm cuối cùng và ghi chú của Hội đồng có trên trang tự đánh giá của đơn vị."
        for user in try unitOfficials(unit) {
            try notify(user, .settlement, .assessment(cycle: cycle.code, unit: unit, criterion: leaf.code), subject: subject, body: body)
        }
    }
}

extension Services {
    /// A notifier for a change being written now.
    func notifier(_ db: any RepositoryWriter, at now: Date) -> Notifier { Notifier(db: db, settings: notificationSettings, now: now) }
}

/// The words of notifications and their e-mails: Vietnamese, as the people who read them write.
enum NotificationWords {
    /// Who acts in a phase, said to everyone when the cycle enters it.
    static func whoActs(_ phase: Phase) -> String? {
        switch phase {
        case .selfAssessment: "Các đơn vị tự chấm điểm, đính kèm tài liệu kiểm chứng và nộp bản tự đánh giá."
        case .appraisal: "Hội đồng thẩm định thẩm định bản tự đánh giá của các đơn vị đã nộp."
        case .explanation: "Các đơn vị trả lời yêu cầu giải trình của Hội đồng thẩm định."
        case .finalReview: "Hội đồng thẩm định xem xét giải trình và chốt điểm."
        case .setup, .published: nil
        }
    }

    /// `11/03/2026 09:00 (giờ Việt Nam)`.
    static func time(_ date: Date) -> String { "\(Timestamp.vietnamese(date)) (giờ Việt Nam)" }

    /// A person's words set apart, each line behind `> ` as mail readers show a quotation.
    static func quoted(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
    }

    static func mailSubject(_ subject: String) -> String { "[ParIndex] " + subject }

    static func mailBody(name: String, body: String, link: String?) -> String {
        var text = "Kính gửi \(name),\n\n\(body)\n"
        if let link { text += "\nXem và xử lý tại: \(link)\n" }
        text += "\n-- \nParIndex — Chỉ số cải cách hành chính.\n"
        text += "Thư gửi tự động, xin đừng trả lời thư này. Thông báo này cũng có trong mục \"Thông báo\" khi bạn đăng nhập.\n"
        return text
    }
}
