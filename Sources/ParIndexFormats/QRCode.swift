import CQRencode
import ParIndexCore

/// A QR code's modules, encoded by libqrencode: `size` × `size` squares, row by row, `true` for
/// dark. Error correction level M, the level authenticator-app enrolment codes commonly use.
public struct QRCode: Sendable, Equatable {
    public let size: Int
    public let modules: [Bool]

    public init(_ text: String) throws(DomainError) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw DomainError.internalFailure("Không tạo được mã QR.")
        }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        // libqrencode's bit 0 of each byte is the module's colour; the other bits describe its role.
        let bytes = UnsafeBufferPointer(start: code.pointee.data, count: size * size)
        self.size = size
        self.modules = bytes.map { $0 & 1 == 1 }
    }

    /// Whether the module at `row`, `column` is dark.
    public func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }
}
