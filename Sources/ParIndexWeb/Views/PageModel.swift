import Hummingbird
import Mustache
import Synchronization

/// One page's data: a struct per page, shown by the template it names. Templates read it inside
/// `{{#page}}…{{/page}}`, beside the layout's values (`t`, `user`, `csrf`, `title`).
///
/// A struct rather than a dictionary so that a misspelt or forgotten field is a compile error in the
/// controller rather than a blank on the page. Mustache reads stored properties only (by
/// reflection): a computed property is invisible to a template. `PageModelKeysTests` renders every
/// page model's sample and fails on a name its template reads that the model does not have.
///
/// Mustache looks a name up in each enclosing value, innermost first, and an optional that is nil
/// reads as absent: a nested struct's optional must not share its name with a field further out,
/// or the outer value shows through.
protocol PageModel: TemplateFields {
    /// The template under `Templates/` that shows this model, without `.mustache`.
    static var template: String { get }
    /// Stylesheets under `Public/css` the layout links, besides `app`.
    static var styles: [String] { get }
    /// Scripts under `Public/js` the layout loads as modules, besides `app`.
    static var scripts: [String] { get }
}

extension PageModel {
    static var styles: [String] { [] }
    static var scripts: [String] { [] }

    /// What the layout receives for this page: the model under `page`, and the area's files.
    var layoutModel: [String: Any] { ["page": self, "styles": Self.styles, "scripts": Self.scripts] }
}

extension PageRenderer {
    /// `model` as a whole page inside the layout.
    func page<Model: PageModel>(
        _ model: Model,
        title: String,
        context: AppRequestContext,
        request: Request,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        page(Model.template, title: title, model: model.layoutModel, context: context, request: request, status: status)
    }

    /// `model`'s page as HTML alone, for a controller that keeps renderings.
    func html<Model: PageModel>(_ model: Model, title: String, context: AppRequestContext, request: Request) -> ByteBuffer {
        html(Model.template, title: title, model: model.layoutModel, context: context, request: request)
    }

    /// `model` kept with holes for the caller's form token and name (decision 0010).
    func slotted<Model: PageModel>(_ model: Model, title: String, context: AppRequestContext, request: Request) -> SlottedPage {
        slotted(Model.template, title: title, model: model.layoutModel, context: context, request: request)
    }
}

/// A page model's value that Mustache reads by field name. Mustache's own lookup walks every field
/// of a struct on each name it looks up (and on each level it climbs); this finds a field by its
/// position, kept per type, and materialises only that one. Lookups of names a type lacks, the
/// most common ones as Mustache climbs towards the layout's values, end at once.
protocol TemplateFields: MustacheParent {}

extension TemplateFields {
    func child(named name: String) -> Any? {
        let children = Mirror(reflecting: self).children
        guard let offset = FieldOffsets.offset(of: name, in: Self.self, children) else { return nil }
        let value = children[children.index(children.startIndex, offsetBy: offset)].value
        // A nil optional reads as absent, as Mustache's own lookup reads it.
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// The position of each field of each `TemplateFields` type, learnt on first use.
enum FieldOffsets {
    private static let known = Mutex<[ObjectIdentifier: [String: Int]]>([:])

    static func offset(of name: String, in type: Any.Type, _ children: Mirror.Children) -> Int? {
        let key = ObjectIdentifier(type)
        if let offsets = known.withLock({ $0[key] }) { return offsets[name] }
        var offsets: [String: Int] = [:]
        for (position, child) in children.enumerated() { if let label = child.label { offsets[label] = position } }
        known.withLock { $0[key] = offsets }
        return offsets[name]
    }
}
