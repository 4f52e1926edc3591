import Testing

@testable import ParIndexWeb

/// Header parameters of multipart parts: a Vietnamese file name with `;` or an escaped quote inside
/// its quotes is one name (it used to be cut at the `;` and refused), and a boundary parameter reads
/// the same way (UP-7: the name is only metadata; the stored path never comes from it).
@Suite struct MultipartParameterTests {
    @Test(
        "UP-7: quoted parameters keep their ; and \\\" and Vietnamese letters; unquoted ones end at ;",
        arguments: [
            (#"form-data; name="file"; filename="Báo cáo; quý 1.pdf""#, "filename", "Báo cáo; quý 1.pdf"),
            (#"form-data; name="file"; filename="a \"b\".pdf""#, "filename", #"a "b".pdf"#),
            (#"form-data; name="file"; filename="x.pdf""#, "name", "file"),
            (#"form-data;name=file;filename=plain.pdf"#, "filename", "plain.pdf"),
            ("multipart/form-data; boundary=----WebKitFormBoundaryAbc", "boundary", "----WebKitFormBoundaryAbc"),
            (#"multipart/form-data; boundary="quoted;boundary""#, "boundary", "quoted;boundary"),
        ]
    )
    func quoted(header: String, name: String, expected: String) {
        #expect(MultipartReceiver.parameter(name, in: header) == expected)
    }

    @Test("UP-7: the type itself and unknown or valueless parameters are not parameters")
    func absent() {
        #expect(MultipartReceiver.parameter("form-data", in: "form-data; name=\"file\"") == nil)
        #expect(MultipartReceiver.parameter("filename", in: "form-data; name=\"file\"; filename") == nil)
        #expect(MultipartReceiver.filename(in: "form-data; name=\"file\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf") == "Báo cáo.pdf")
    }
}
