extension Catalogue {
    /// Words of account disabling and enabling, API tokens on the users page, and the sign-in
    /// answer to a disabled account (SECURITY.md CR-1…CR-3).
    static let credentialPages: (vi: [String: String], en: [String: String]) = (
        vi: [
            "login.disabled":
                "Tài khoản của bạn đã bị vô hiệu hoá nên không đăng nhập được. Hãy liên hệ quản trị viên hệ thống (bộ phận thường trực của Sở Nội vụ) để được bật lại.",
            "admin.users.disable": "Vô hiệu hoá tài khoản…",
            "admin.users.disableSubmit": "Vô hiệu hoá",
            "admin.users.disableHint":
                "Mọi phiên đăng nhập và mã truy cập API của tài khoản chấm dứt ngay từ yêu cầu tiếp theo; bật lại tài khoản không khôi phục mã API.",
            "admin.users.enableOpen": "Bật lại tài khoản…",
            "admin.users.enableSubmit": "Bật lại",
            "admin.users.reason": "Lý do (bắt buộc)",
            "admin.users.disabledNotice":
                "Đã vô hiệu hoá tài khoản {username}; mọi phiên đăng nhập và mã truy cập API của tài khoản đã chấm dứt.",
            "admin.users.disabledBecause": "Đã vô hiệu hoá: {reason} ({by}, {at})",
            "admin.users.bySystem": "hệ thống tự động",
            "admin.users.byCommandLine": "dòng lệnh, {name}",
            "admin.tokens.title": "Mã truy cập API",
            "admin.tokens.lead":
                "Mã truy cập cho các chương trình kết nối (tạo bằng lệnh parindex token create). Mã chỉ hiện một lần khi tạo; ở đây chỉ có tên gợi nhớ và các mốc thời gian. Mỗi mã hết hạn sau {days} ngày.",
            "admin.tokens.caption": "Mã truy cập API của các tài khoản đang hiển thị",
            "admin.tokens.id": "Số",
            "admin.tokens.user": "Tài khoản",
            "admin.tokens.label": "Tên gợi nhớ",
            "admin.tokens.created": "Tạo lúc",
            "admin.tokens.lastUsed": "Dùng gần nhất",
            "admin.tokens.expires": "Hết hạn",
            "admin.tokens.expired": "đã hết hạn lúc {at}",
            "admin.tokens.never": "chưa dùng",
            "admin.tokens.revoke": "Thu hồi",
            "admin.tokens.revokeLabel": "Thu hồi mã số {id} của {username}",
            "admin.tokens.none": "Các tài khoản đang hiển thị không có mã truy cập API nào.",
            "admin.tokens.revoked": "Đã thu hồi mã truy cập số {id} của {username}; chương trình dùng mã này bị từ chối từ yêu cầu tiếp theo.",
        ],
        en: [
            "login.disabled": "Your account is disabled, so you cannot sign in. Ask the system administrator to enable it again.",
            "admin.users.disable": "Disable the account…",
            "admin.users.disableSubmit": "Disable",
            "admin.users.disableHint":
                "Every session and API token of the account ends from its next request; enabling the account again does not bring API tokens back.",
            "admin.users.enableOpen": "Enable the account…",
            "admin.users.enableSubmit": "Enable",
            "admin.users.reason": "Reason (required)",
            "admin.users.disabledNotice": "Account {username} disabled; every session and API token of it has ended.",
            "admin.users.disabledBecause": "Disabled: {reason} ({by}, {at})",
            "admin.users.bySystem": "automatically",
            "admin.users.byCommandLine": "command line, {name}",
            "admin.tokens.title": "API tokens",
            "admin.tokens.lead":
                "Tokens for connected programs (made with parindex token create). A token is shown once, when it is made; here are only its label and dates. Each expires after {days} days.",
            "admin.tokens.caption": "API tokens of the accounts shown",
            "admin.tokens.id": "No.",
            "admin.tokens.user": "Account",
            "admin.tokens.label": "Label",
            "admin.tokens.created": "Created",
            "admin.tokens.lastUsed": "Last used",
            "admin.tokens.expires": "Expires",
            "admin.tokens.expired": "expired {at}",
            "admin.tokens.never": "never",
            "admin.tokens.revoke": "Revoke",
            "admin.tokens.revokeLabel": "Revoke token {id} of {username}",
            "admin.tokens.none": "The accounts shown have no API token.",
            "admin.tokens.revoked": "Token {id} of {username} revoked; the program that uses it is refused from its next request.",
        ]
    )
}
