extension Catalogue {
    /// Words of the page that attaches one document to more criteria.
    static let evidencePages: (vi: [String: String], en: [String: String]) = (
        vi: [
            "reuse.title": "Dùng tài liệu cho các tiêu chí khác",
            "reuse.lead":
                "Chọn mọi tiêu chí mà tài liệu này chứng minh. Tài liệu được lưu một lần và hiện dưới từng tiêu chí đã chọn; xoá ở một tiêu chí không ảnh hưởng các tiêu chí khác.",
            "reuse.back": "← Quay lại bảng tự đánh giá",
            "reuse.source": "tài liệu đang ở tiêu chí này",
            "reuse.attached": "đã có tài liệu này",
            "reuse.submit": "Gắn vào các tiêu chí đã chọn",
            "reuse.cancel": "Huỷ",
            "reuse.link": "Dùng cho tiêu chí khác",
            "reuse.linkLabel": "Dùng tài liệu {name} cho các tiêu chí khác",
        ],
        en: [
            "reuse.title": "Use the document for other criteria",
            "reuse.lead":
                "Tick every criterion this document proves. It is stored once and listed under each criterion ticked; removing it from one criterion leaves the others.",
            "reuse.back": "← Back to the self-assessment grid",
            "reuse.source": "the document is on this criterion",
            "reuse.attached": "already has this document",
            "reuse.submit": "Attach to the ticked criteria",
            "reuse.cancel": "Cancel",
            "reuse.link": "Use for other criteria",
            "reuse.linkLabel": "Use the document {name} for other criteria",
        ]
    )
}
