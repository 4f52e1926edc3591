import Foundation
import ParIndexCore
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test("NIST: empty string")
    func empty() {
        #expect(SHA256Hasher.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Hasher.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("NIST: abc")
    func abc() {
        #expect(SHA256Hasher.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hasher.hash(Data("abc".utf8)).count == 32)
    }

    @Test("NIST: 448-bit message")
    func twoBlock() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256Hasher.hex(message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("NIST: one million 'a'")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256Hasher.hex(Data(repeating: 0x61, count: 1_000_000)) == expected)

        // Same input fed incrementally in uneven pieces.
        var hasher = SHA256Hasher()
        let piece = [UInt8](repeating: 0x61, count: 999)
        var remaining = 1_000_000
        while remaining > 0 {
            let n = min(piece.count, remaining)
            hasher.update(piece[0..<n])
            remaining -= n
        }
        #expect(hexEncoded(hasher.finalize()) == expected)
    }

    @Test("Split updates equal one-shot at every offset")
    func splitAtEveryOffset() {
        let input = (0..<131).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let oneShot = SHA256Hasher.hash(Data(input))
        #expect(oneShot.count == 32)
        for split in 0...130 {
            var hasher = SHA256Hasher()
            hasher.update(input[..<split])
            hasher.update(Data(input[split...]))
            #expect(hasher.finalize() == oneShot, "split at \(split)")
        }
    }

    @Test("Non-contiguous collection input")
    func nonContiguous() {
        let input = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        var hasher = SHA256Hasher()
        hasher.update(input.lazy.map { $0 })
        #expect(hasher.finalize() == SHA256Hasher.hash(Data(input)))
    }

    @Test("Vietnamese UTF-8 text matches sha256sum")
    func vietnamese() {
        let text = "Chỉ số cải cách hành chính"
        #expect(text.utf8.count == 35)  // precomposed (NFC) form, as typed into the shell
        // printf '%s' 'Chỉ số cải cách hành chính' | sha256sum
        let expected = "b5dabdba1217cfe15eafb35e6e936b3ccd9cb5e88ba8b030e01c5186294f9e15"
        #expect(SHA256Hasher.hex(text) == expected)
        #expect(SHA256Hasher.hex(Data(text.utf8)) == expected)
    }

    @Test("hexEncoded is lowercase")
    func hex() {
        #expect(hexEncoded([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(hexEncoded([UInt8]()) == "")
    }
}
