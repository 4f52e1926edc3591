/// The pages' words, one catalogue per language. Vietnamese first; English switchable with `?lang=en`.
public enum Language: String, Sendable, CaseIterable {
    case vi, en

    var strings: [String: String] { self == .vi ? Catalogue.vi : Catalogue.en }

    /// The catalogue as nested dictionaries, so templates write `{{t.login.title}}` for "login.title".
    var tree: [String: Any] { self == .vi ? Catalogue.viTree : Catalogue.enTree }
}

enum Catalogue {
    /// Each area of the site keeps its words in its own section file (`Catalogue+Area.swift`);
    /// together they are the one catalogue per language.
    static let vi = merged(common.vi, sections.map(\.vi))
    static let en = merged(common.en, sections.map(\.en))

    static let sections: [(vi: [String: String], en: [String: String])] = [
        unitPages, reviewPages, adminPages, publicPages, accountPages, waysPages, evidencePages, documentPages,
        notificationPages, credentialPages,
    ]

    nonisolated(unsafe) static let viTree = nest(vi)
    nonisolated(unsafe) static let enTree = nest(en)

    static func nest(_ flat: [String: String]) -> [String: Any] {
        var root: [String: Any] = [:]
        func insert(_ path: ArraySlice<Substring>, _ value: String, into node: inout [String: Any]) {
            let key = String(path.first!)
            if path.count == 1 {
                node[key] = value
            } else {
                var child = node[key] as? [String: Any] ?? [:]
                insert(path.dropFirst(), value, into: &child)
                node[key] = child
            }
        }
        for (key, value) in flat { insert(key.split(separator: ".")[...], value, into: &root) }
        return root
    }

    static func merged(_ base: [String: String], _ parts: [[String: String]]) -> [String: String] {
        parts.reduce(base) { $0.merging($1) { first, _ in first } }
    }

    static let common = (vi: commonVi, en: commonEn)

    static let commonVi: [String: String] = [
        "app.name": "ParIndex — Chỉ số cải cách hành chính",
        "app.short": "ParIndex",
        "nav.home": "Trang chủ",
        "nav.dashboard": "Việc cần làm",
        "nav.follow": "Theo dõi",
        "nav.admin": "Quản trị",
        "nav.password": "Đổi mật khẩu",
        "account.password.title": "Đổi mật khẩu",
        "account.password.current": "Mật khẩu hiện tại",
        "account.password.new": "Mật khẩu mới",
        "account.password.confirm": "Nhập lại mật khẩu mới",
        "account.password.help": "Ít nhất 8 ký tự, không quá phổ biến, khác tên đăng nhập. Có thể dùng cả câu có dấu.",
        "account.password.submit": "Đổi mật khẩu",
        "account.password.done": "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.",
        "account.password.mismatch": "Hai lần nhập mật khẩu mới không khớp.",
        "nav.login": "Đăng nhập",
        "nav.logout": "Đăng xuất",
        "nav.language": "English",
        "nav.skip": "Bỏ qua điều hướng",
        "login.title": "Đăng nhập",
        "login.username": "Tên đăng nhập",
        "login.password": "Mật khẩu",
        "login.submit": "Đăng nhập",
        "login.failed": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "login.lockHint":
            "Sau 5 lần đăng nhập không thành công trong 15 phút (trên trang này, qua API hay với mã xác thực), tài khoản bị tạm khoá 15 phút, kể cả với mật khẩu đúng. Cần mở khoá sớm hơn, hãy liên hệ quản trị viên hệ thống.",
        "login.locked":
            "Tài khoản tạm khoá đến {until} (giờ Việt Nam) sau {count} lần đăng nhập không thành công; trong thời gian này mật khẩu đúng cũng không đăng nhập được. Cần mở khoá sớm hơn, hãy liên hệ quản trị viên hệ thống (bộ phận thường trực của Sở Nội vụ).",
        "home.title": "Kết quả Chỉ số cải cách hành chính",
        "home.lead": "Kết quả đã công bố theo từng kỳ đánh giá và khối. Mọi con số đều kiểm tra lại được bằng mã băm công bố.",
        "home.none": "Chưa có kỳ đánh giá nào được công bố.",
        "home.signin": "Cán bộ đơn vị, thành viên Hội đồng thẩm định và quản trị: đăng nhập để làm việc.",
        "results.title": "Kết quả công bố",
        "results.rank": "Hạng",
        "results.unit": "Đơn vị",
        "results.index": "Chỉ số (%)",
        "results.points": "Điểm",
        "results.band": "Nhóm",
        "results.change": "Thay đổi so với năm trước",
        "results.publishedAt": "Công bố lúc",
        "results.chart": "Biểu đồ xếp hạng",
        "results.heatmap": "Chỉ số thành phần theo lĩnh vực",
        "results.heat.scale": "Màu ô càng đậm, chỉ số càng cao. Số trong ô là chỉ số thành phần (%) làm tròn đến số nguyên.",
        "results.heat.below": "dưới",
        "results.heat.none": "— không có chỉ số",
        "results.heat.fields": "Các lĩnh vực",
        "results.auditHead":
            "Sổ nhật ký lúc công bố (số sự kiện và mã đầu chuỗi): sao chép lệnh dưới đây để kiểm tra về sau rằng lịch sử không bị cắt bớt hay viết lại.",
        "results.csv": "Tải CSV",
        "results.xlsx": "Tải Excel",
        "results.json": "Dữ liệu JSON",
        "dashboard.title": "Việc cần làm",
        "dashboard.cycles": "Các kỳ đánh giá",
        "dashboard.phase": "Giai đoạn",
        "dashboard.deadline": "Hạn",
        "dashboard.remaining": "Còn lại",
        "dashboard.overdue": "Đã quá hạn",
        "dashboard.units": "Đơn vị",
        "dashboard.submitted": "Đã nộp",
        "dashboard.unsettled": "Tiêu chí chưa hoàn tất",
        "dashboard.observer.title": "Theo dõi kỳ đánh giá",
        "dashboard.unit.assessment": "Bản tự đánh giá của đơn vị",
        "dashboard.unit.submitted": "Đã nộp",
        "dashboard.unit.notSubmitted": "Chưa nộp",
        "dashboard.unit.withCouncil": "Tiêu chí chờ Hội đồng thẩm định, chốt",
        "dashboard.reviewer.withUnits": "Câu hỏi đang chờ đơn vị trả lời",
        "dashboard.open.follow": "Xem tiến độ thẩm định",
        "dashboard.none": "Bạn chưa tham gia kỳ đánh giá nào.",
        "dashboard.open.assessment": "Mở bản tự đánh giá",
        "dashboard.open.worklist": "Mở danh sách thẩm định",
        "dashboard.open.cycle": "Quản lý kỳ đánh giá",
        "error.title": "Có lỗi",
        "error.back": "Về trang chủ",
        "error.reference": "Mã tham chiếu khi báo lỗi:",
        "footer.text": "ParIndex — đánh giá khách quan, minh bạch; mọi thay đổi đều có người chịu trách nhiệm và lý do.",
    ]

    static let commonEn: [String: String] = [
        "app.name": "ParIndex — Administrative Reform Index",
        "app.short": "ParIndex",
        "nav.home": "Home",
        "nav.dashboard": "To do",
        "nav.follow": "Follow",
        "nav.admin": "Administration",
        "nav.password": "Change password",
        "account.password.title": "Change password",
        "account.password.current": "Current password",
        "account.password.new": "New password",
        "account.password.confirm": "New password again",
        "account.password.help": "At least 8 characters, not a common one, not your username. A whole sentence works.",
        "account.password.submit": "Change password",
        "account.password.done": "Password changed. Your other sessions have ended.",
        "account.password.mismatch": "The two new passwords differ.",
        "nav.login": "Sign in",
        "nav.logout": "Sign out",
        "nav.language": "Tiếng Việt",
        "nav.skip": "Skip navigation",
        "login.title": "Sign in",
        "login.username": "Username",
        "login.password": "Password",
        "login.submit": "Sign in",
        "login.failed": "Wrong username or password.",
        "login.lockHint":
            "After 5 failed sign-ins within 15 minutes (on this page, through the API or with an authentication code) the account is locked for 15 minutes, even to the right password. To have it unlocked sooner, contact the system administrator.",
        "login.locked":
            "The account is locked until {until} (Vietnam time) after {count} unsuccessful sign-ins; until then even the right password cannot sign in. To have it unlocked sooner, contact the system administrators (the Department of Home Affairs secretariat).",
        "home.title": "Administrative Reform Index results",
        "home.lead": "Published results by cycle and block. Every number can be checked against the published hash.",
        "home.none": "No cycle has been published yet.",
        "home.signin": "Unit officials, council reviewers and administrators: sign in to work.",
        "results.title": "Published results",
        "results.rank": "Rank",
        "results.unit": "Unit",
        "results.index": "Index (%)",
        "results.points": "Points",
        "results.band": "Group",
        "results.change": "Change since last year",
        "results.publishedAt": "Published at",
        "results.chart": "Ranking chart",
        "results.heatmap": "Field sub-indices",
        "results.heat.scale": "The darker the cell, the higher the index. Cells show the field's sub-index (%) rounded to a whole number.",
        "results.heat.below": "below",
        "results.heat.none": "— no index",
        "results.heat.fields": "Fields",
        "results.auditHead":
            "The audit ledger when published (event count and head hash): copy the command below to check later that the history was not cut back or rewritten.",
        "results.csv": "Download CSV",
        "results.xlsx": "Download Excel",
        "results.json": "JSON data",
        "dashboard.title": "To do",
        "dashboard.cycles": "Cycles",
        "dashboard.phase": "Phase",
        "dashboard.deadline": "Deadline",
        "dashboard.remaining": "Remaining",
        "dashboard.overdue": "Overdue",
        "dashboard.units": "Units",
        "dashboard.submitted": "Submitted",
        "dashboard.unsettled": "Items not settled",
        "dashboard.observer.title": "Following the cycles",
        "dashboard.unit.assessment": "Your unit's self-assessment",
        "dashboard.unit.submitted": "Submitted",
        "dashboard.unit.notSubmitted": "Not submitted",
        "dashboard.unit.withCouncil": "Items waiting for the council",
        "dashboard.reviewer.withUnits": "Questions waiting for the units' answers",
        "dashboard.open.follow": "Follow the review",
        "dashboard.none": "You take part in no cycle yet.",
        "dashboard.open.assessment": "Open the self-assessment",
        "dashboard.open.worklist": "Open the review worklist",
        "dashboard.open.cycle": "Manage the cycle",
        "error.title": "Something went wrong",
        "error.back": "Back to the home page",
        "error.reference": "Reference to quote when reporting this:",
        "footer.text": "ParIndex — objective and transparent assessment; every change has a name and a reason.",
    ]
}
