import Foundation
import Hummingbird
import ParIndexCore
import Testing

@testable import ParIndexWeb

@Suite("Page forms through URLEncodedFormDecoder")
struct FormDecodingTests {
    func decode<T: SignedForm>(_ type: T.Type, _ text: String) throws -> T {
        try URLEncodedFormDecoder().decode(T.self, from: Form.listing(T.repeated, in: text))
    }

    @Test("ticked boxes sent as criteria=a&criteria=b decode as a list; criteria[] too; none ticked is no list")
    func repeatedWithoutBrackets() throws {
        let form = try decode(AcceptanceForm.self, "_csrf=t&scope=selected&criteria=1.2&criteria=1.3&filter=open")
        #expect(form.criteria == ["1.2", "1.3"])
        #expect(form.scope == "selected" && form.filter == "open" && form.csrf == "t")
        #expect(try decode(AcceptanceForm.self, "_csrf=t&criteria%5B%5D=2.1&crit%65ria=2.2").criteria == ["2.1", "2.2"])
        #expect(try decode(AcceptanceForm.self, "_csrf=t&scope=unreviewed").criteria == nil)
        #expect(try decode(AssignmentForm.self, "_csrf=t&units=A1").units == ["A1"])
    }

    @Test("only the names a form declares repeated are listed: any other name sent twice is refused")
    func otherNamesStaySingle() throws {
        #expect(Form.listing(["units"], in: "code=units&units=A&unitsX=B") == "code=units&units[]=A&unitsX=B")
        #expect(throws: (any Error).self) { try decode(FormFields<RowField>.self, "_csrf=t&note=a&note=b") }
        #expect(throws: (any Error).self) { try decode(AcceptanceForm.self, "_csrf=t&scope=a&scope=b") }
    }

    @Test("a row's fields keep their names, come back as sent for the form shown again, and a missing token does not decode")
    func rowFields() throws {
        let form = try decode(FormFields<RowField>.self, "_csrf=t&points=+0%2C25+&na=&note=Ghi+ch%C3%BA&other=x")
        #expect(form.values == ["points": " 0,25 ", "na": "", "note": "Ghi chú"])
        #expect(form.trimmed(.points) == "0,25" && form[.na] == "" && form[.version] == nil)
        #expect(throws: (any Error).self) { try decode(FormFields<RowField>.self, "points=1") }
    }

    @Test("a multipart import form's text parts and files: a chosen file is kept, an empty file input is not")
    func multipartParts() throws {
        let body = [
            "--b", "Content-Disposition: form-data; name=\"_csrf\"", "", "t",
            "--b", "Content-Disposition: form-data; name=\"csv\"", "", "code,name,block",
            "--b", "Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"", "Content-Type: text/csv", "", "x,y,z",
            "--b", "Content-Disposition: form-data; name=\"other\"; filename=\"\"", "", "",
            "--b--", "",
        ].joined(separator: "\r\n")
        let (pairs, files) = try Form.multipart(Data(body.utf8), boundary: "b")
        #expect(pairs.map(\.0) == ["_csrf", "csv"] && pairs.map(\.1) == ["t", "code,name,block"])
        #expect(files == ["file": Data("x,y,z".utf8)])
        let fields = try UploadForm<FormFields<CSVField>>.decode(pairs)
        #expect(fields.csrf == "t" && fields[.csv] == "code,name,block")
        #expect(throws: DomainError.self) { try UploadForm<FormFields<CSVField>>.decode(pairs + [("csv", "again")]) }
        #expect(throws: DomainError.self) { try UploadForm<FormFields<CSVField>>.decode([("csv", "no token")]) }
    }
}
