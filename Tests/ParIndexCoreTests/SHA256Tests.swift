import Foundation
import ParIndexCore
import Testing

/// The hex form of SHA-256 that ledger hashes, receipts and snapshot hashes are compared in: it must
/// equal what `sha256sum` prints, since people check published hashes with it.
@Suite("SHA-256 hex digests")
struct SHA256Tests {
    @Test("NIST vectors, as text and as bytes")
    func nist() {
        let vectors = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ]
        for (text, expected) in vectors {
            #expect(Digests.sha256Hex(text) == expected)
            #expect(Digests.sha256Hex(Data(text.utf8)) == expected)
        }
        let million = Data(repeating: 0x61, count: 1_000_000)
        #expect(Digests.sha256Hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("Vietnamese UTF-8 text matches sha256sum")
    func vietnamese() {
        let text = "Chỉ số cải cách hành chính"
        #expect(text.utf8.count == 35)  // precomposed (NFC) form, as typed into the shell
        // printf '%s' 'Chỉ số cải cách hành chính' | sha256sum
        let expected = "b5dabdba1217cfe15eafb35e6e936b3ccd9cb5e88ba8b030e01c5186294f9e15"
        #expect(Digests.sha256Hex(text) == expected)
        #expect(Digests.sha256Hex(Data(text.utf8)) == expected)
    }

    @Test("hexEncoded is lowercase")
    func hex() {
        #expect(hexEncoded([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(hexEncoded([UInt8]()) == "")
    }

    @Test("constant-time comparison: equal, different, different length")
    func constantTime() {
        #expect(Digests.constantTimeEqual("abc", "abc"))
        #expect(!Digests.constantTimeEqual("abc", "abd"))
        #expect(!Digests.constantTimeEqual("abc", "abcd"))
        #expect(Digests.constantTimeEqual("", ""))
    }
}
