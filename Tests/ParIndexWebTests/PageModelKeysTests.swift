import Foundation
import Mustache
import Testing

@testable import ParIndexWeb

/// A misspelt template key or word must fail here, not render as a blank: every page model's
/// sample is rendered through recording values (`StrictRendering`), every name its template reads
/// must be a property of the model or a layout value, and every `{{t.…}}` word must be in both
/// catalogues.
@Suite struct PageModelKeysTests {
    static let renderer = try! PageRenderer()
    static let texts = try! PageRenderer.templateTexts()

    @Test("every name a page's template reads resolves in its model or the layout", arguments: PageModelSamples.all.map(\.label))
    func namesResolve(_ label: String) throws {
        let sample = try #require(PageModelSamples.all.first { $0.label == label })
        let rendered = StrictRendering.unresolved(sample, library: Self.renderer.library)
        #expect(rendered.html.contains("</html>"), "\(label): the template did not render")
        #expect(rendered.names == [], "\(label) (\(sample.template)): read but resolve nowhere")
        let siblings = PageModelSamples.all.filter { $0.template == sample.template }
        #expect(
            StrictRendering.unknownParts(sample.template, samples: siblings, texts: Self.texts) == [],
            "\(sample.template): names no property of its model has"
        )
    }

    @Test("every template read under {{#page}} has a sample here, so none escapes the check above")
    func everyPageHasASample() {
        let typed = Self.texts.filter { $0.value.contains("{{#page}}") }.keys
        // The work pages are built from a real cycle in WorkPageKeysTests.
        let sampled = Set(PageModelSamples.all.map(\.template) + WorkPageKeysTests.templates)
        #expect(Set(typed).subtracting(sampled).sorted() == [], "add a sample to PageModelSamples.all")
    }

    @Test("every {{t.…}} word of every template is in the Vietnamese and the English catalogue")
    func wordsInBothCatalogues() {
        for (name, text) in Self.texts.sorted(by: { $0.key < $1.key }) {
            #expect(StrictRendering.missingWords(text, in: Catalogue.vi) == [], "\(name).mustache: missing in Vietnamese")
            #expect(StrictRendering.missingWords(text, in: Catalogue.en) == [], "\(name).mustache: missing in English")
        }
    }

    // MARK: - The checks catch what they are for

    @Test("a misspelt name in a test-only template is caught, rendered and read")
    func misspeltNameIsCaught() throws {
        var library = Self.renderer.library
        let text = "{{<layout}}{{$content}}{{#page}}<p>{{mesage}}</p>{{#refrence}}{{.}}{{/refrence}}{{/page}}{{/content}}{{/layout}}"
        try library.register(text, named: "test-misspelt")
        var texts = Self.texts
        texts["test-misspelt"] = text
        let error = try #require(PageModelSamples.all.first { $0.template == "error" })
        let sample = PageSample("misspelt", template: "test-misspelt", model: error.model)
        #expect(StrictRendering.unresolved(sample, library: library).names == ["mesage", "refrence"])
        #expect(StrictRendering.unknownParts("test-misspelt", samples: [sample], texts: texts) == ["mesage", "refrence"])
        // The same page spelt right passes.
        try library.register(
            text.replacingOccurrences(of: "mesage", with: "message").replacingOccurrences(of: "refrence", with: "reference"),
            named: "test-right"
        )
        #expect(StrictRendering.unresolved(PageSample("right", template: "test-right", model: error.model), library: library).names == [])
    }

    @Test("the second part of a dotted name is checked too: cycle.nmae is caught, cycle.name is not")
    func misspeltDottedNameIsCaught() throws {
        var library = Self.renderer.library
        try library.register("{{<layout}}{{$content}}{{#page}}{{cycle.nmae}}{{cycle.name}}{{/page}}{{/content}}{{/layout}}", named: "test-dotted")
        let phase = try #require(PageModelSamples.all.first { $0.template == "admin-phase" })
        #expect(StrictRendering.unresolved(PageSample("dotted", template: "test-dotted", model: phase.model), library: library).names == ["nmae"])
    }

    @Test("a nil optional the template asks for is not a misspelling: the model has the name")
    func emptyOptionalIsFine() throws {
        var library = Self.renderer.library
        try library.register(
            "{{<layout}}{{$content}}{{#page}}{{#failed}}{{message}}{{/failed}}{{/page}}{{/content}}{{/layout}}",
            named: "test-optional"
        )
        let sample = PageSample("optional", template: "test-optional", model: AccountPasswordPage(minLength: 8, done: false, failed: nil))
        #expect(StrictRendering.unresolved(sample, library: library).names == [])
    }

    @Test("a word missing from a catalogue is caught")
    func missingWordIsCaught() {
        let text = "<a>{{t.admin.nav.overveiw}}</a> {{t.admin.nav.overview}}"
        #expect(StrictRendering.missingWords(text, in: Catalogue.vi) == ["admin.nav.overveiw"])
        #expect(StrictRendering.missingWords(text, in: Catalogue.en) == ["admin.nav.overveiw"])
    }
}
