import Foundation
import Mustache
import ParIndexCore

@testable import ParIndexWeb

/// Renders a page model the way the server does, but through values that record every name the
/// template asks them for, to find names that resolve nowhere.
///
/// Mustache looks a name up frame by frame down the context stack (`{{#page}}`, a row, …, the
/// layout's values at the bottom): a miss in a frame is normal while a lower frame may still have
/// the name. A miss is *terminal* when nothing is asked for that name afterwards: it fell through
/// the bottom frame, or it was the second part of a dotted name (`cycle.nmae`), which Mustache asks
/// of one value only. A terminal miss is fine only for a name the model does have somewhere but
/// left empty in this sample (a nil optional such as `error`); anything else is a misspelling.
enum StrictRendering {
    /// One question a template asked of a recorded value.
    struct Lookup {
        var name: String
        var found: Bool
    }

    final class Log: @unchecked Sendable {
        var lookups: [Lookup] = []
    }

    /// A struct of the model, answering by reflection (as Mustache does for any value) and recording.
    struct Node: MustacheParent {
        let value: Any
        let log: Log

        func child(named name: String) -> Any? {
            let match = Mirror(reflecting: value).children.first { $0.label == name }.flatMap { unwrap($0.value) }
            log.lookups.append(Lookup(name: name, found: match != nil))
            return match.map { wrap($0, log) }
        }
    }

    /// The bottom frame: the layout's values.
    struct Root: MustacheParent {
        let values: [String: Any]
        let log: Log

        func child(named name: String) -> Any? {
            let match = values[name]
            log.lookups.append(Lookup(name: name, found: match != nil))
            return match
        }
    }

    /// `value` with every struct inside it recording (scalars, strings and dictionaries as they are).
    static func wrap(_ value: Any, _ log: Log) -> Any {
        switch value {
        case is String, is Bool, is Int, is Double: return value
        case let array as [Any]: return array.map { wrap($0, log) }
        default:
            let style = Mirror(reflecting: value).displayStyle
            if style == .struct || style == .class { return Node(value: value, log: log) }
            return value
        }
    }

    /// The value an optional holds, nil for `.none`; anything else as it is.
    static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { $0.value }
    }

    /// Every property name anywhere in `value`: the names a template may read from it. Dictionaries
    /// give their keys (the layout's `user`); the catalogue `t` is checked on its own.
    static func labels(_ value: Any, into names: inout Set<String>) {
        if let dictionary = value as? [String: Any] {
            for (key, child) in dictionary where key != "t" {
                names.insert(key)
                labels(child, into: &names)
            }
            return
        }
        let mirror = Mirror(reflecting: value)
        for child in mirror.children {
            if let label = child.label, mirror.displayStyle != .optional { names.insert(label) }
            labels(child.value, into: &names)
        }
    }

    /// The layout's values around `page`, as the server renders it for a signed-in admin.
    static func root(page: [String: Any]) -> [String: Any] {
        PageRenderer.layoutValues(
            page,
            title: "Trang mẫu",
            language: .vi,
            caller: Caller(username: "admin", role: .admin, unitCode: nil),
            csrf: "token",
            name: nil
        )
    }

    /// Names the template read that resolve nowhere in this sample or its model.
    static func unresolved(_ sample: PageSample, library: MustacheLibrary) -> (html: String, names: [String]) {
        let values = root(page: sample.layoutModel)
        var allowed: Set<String> = []
        labels(values, into: &allowed)
        let log = Log()
        var recorded = values
        recorded["page"] = wrap(sample.model, log)
        let html = library.render(Root(values: recorded, log: log), withTemplate: sample.template) ?? ""
        var names: Set<String> = []
        for (index, lookup) in log.lookups.enumerated() where !lookup.found {
            let next = log.lookups.indices.contains(index + 1) ? log.lookups[index + 1].name : nil
            if next != lookup.name && !allowed.contains(lookup.name) { names.insert(lookup.name) }
        }
        return (html, names.sorted())
    }

    // MARK: - Names in template text

    /// One `{{…}}` tag: its sigil (`#`, `^`, `/`, `>`, `<`, `$`, `!`, `&` or none) and its name.
    static func tags(_ text: String) -> [(sigil: String, name: String)] {
        text.matches(of: /\{\{\{?\s*([#^\/&<>$!]?)\s*([^}\s]*)\s*\}?\}\}/).map { (String($0.output.1), String($0.output.2)) }
    }

    /// Every name `template` reads, with the partials and the parent layout it includes.
    static func names(in template: String, texts: [String: String], seen: Set<String> = []) -> Set<String> {
        guard let text = texts[template], !seen.contains(template) else { return [] }
        var names: Set<String> = []
        for tag in tags(text) {
            switch tag.sigil {
            case ">", "<": names.formUnion(Self.names(in: tag.name, texts: texts, seen: seen.union([template])))
            case "/", "$", "!": continue
            default: if tag.name != "." { names.insert(tag.name) }
            }
        }
        return names
    }

    /// The parts of names read by a template (sections no sample renders included) that no property
    /// of its samples' models and no layout value is called: a misspelling wherever it sits.
    static func unknownParts(_ template: String, samples: [PageSample], texts: [String: String]) -> [String] {
        var allowed: Set<String> = []
        for sample in samples { labels(root(page: sample.layoutModel), into: &allowed) }
        let parts = names(in: template, texts: texts).filter { !$0.hasPrefix("t.") }.flatMap { $0.split(separator: ".").map(String.init) }
        return Set(parts.filter { !allowed.contains($0) }).sorted()
    }

    /// `{{t.…}}` keys of a template text that a catalogue lacks.
    static func missingWords(_ text: String, in catalogue: [String: String]) -> [String] {
        tags(text).map(\.name).filter { $0.hasPrefix("t.") }.map { String($0.dropFirst(2)) }.filter { catalogue[$0] == nil }
    }
}

/// A page model with the template it is rendered by: a `PageModel`, or a page still built another way.
struct PageSample {
    var label: String
    var template: String
    var model: Any
    var layoutModel: [String: Any]

    init<Model: PageModel>(_ label: String, _ model: Model) {
        self.label = label
        template = Model.template
        self.model = model
        layoutModel = model.layoutModel
    }

    init(_ label: String, template: String, model: Any) {
        self.label = label
        self.template = template
        self.model = model
        layoutModel = ["page": model]
    }
}
