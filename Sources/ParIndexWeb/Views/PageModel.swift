import Hummingbird
import Mustache

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
protocol PageModel {
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
