import Testing

@testable import ParIndexWeb

/// The page words: both languages say everything, and templates can reach every key.
@Suite struct CatalogueTests {
    @Test("Vietnamese and English catalogues have the same keys")
    func sameKeys() {
        #expect(Set(Catalogue.vi.keys).subtracting(Catalogue.en.keys).sorted() == [])
        #expect(Set(Catalogue.en.keys).subtracting(Catalogue.vi.keys).sorted() == [])
    }

    @Test("no key is a prefix of another, so templates can reach each one as t.a.b")
    func noPrefixKeys() {
        let keys = Catalogue.vi.keys.sorted()
        let clashes = keys.filter { key in keys.contains { $0.hasPrefix(key + ".") } }
        #expect(clashes == [])
    }

    @Test("no section repeats a key another section already defines")
    func sectionsDoNotOverlap() {
        var seen: [String: Int] = [:]
        for part in [Catalogue.commonVi] + Catalogue.sections.map(\.vi) {
            for key in part.keys { seen[key, default: 0] += 1 }
        }
        #expect(seen.filter { $0.value > 1 }.keys.sorted() == [])
    }
}
