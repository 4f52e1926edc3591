import Hummingbird

/// One page's data: a struct per page, shown by the template it names. Templates read it inside
/// `{{#page}}…{{/page}}`, beside the layout's values (`t`, `user`, `csrf`, `title`).
///
/// A struct rather than a dictionary so that a misspelt or forgotten field is a compile error in the
/// controller rather than a blank on the page.
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

    /// The layout's values for this model.
    var layoutValues: [String: Any] { ["page": self, "styles": Self.styles, "scripts": Self.scripts] }
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
        page(Model.template, title: title, model: model.layoutValues, context: context, request: request, status: status)
    }

    /// `model` kept with holes for the caller's form token and name (decision 0010).
    func slotted<Model: PageModel>(_ model: Model, title: String, context: AppRequestContext, request: Request) -> SlottedPage {
        slotted(Model.template, title: title, model: model.layoutValues, context: context, request: request)
    }
}
