import Hummingbird

/// One page's data: a struct per page, shown by the template it names. Templates read it inside
/// `{{#page}}…{{/page}}`, beside the layout's values (`t`, `user`, `csrf`, `title`).
///
/// A struct rather than a dictionary so that a misspelt or forgotten field is a compile error in the
/// controller rather than a blank on the page.
protocol PageModel {
    /// The template under `Templates/` that shows this model, without `.mustache`.
    static var template: String { get }
    /// Stylesheets under `Public/css/` the page adds to `app.css`, without `.css`.
    static var styles: [String] { get }
}

extension PageModel {
    static var styles: [String] { [] }
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
        page(Model.template, title: title, model: Self.values(model), context: context, request: request, status: status)
    }

    /// `model` as the page's HTML alone, for a controller that keeps renderings.
    func html<Model: PageModel>(_ model: Model, title: String, context: AppRequestContext, request: Request) -> ByteBuffer {
        html(Model.template, title: title, model: Self.values(model), context: context, request: request)
    }

    /// What the layout reads: the model under `page`, and its stylesheets.
    static func values<Model: PageModel>(_ model: Model) -> [String: Any] {
        Model.styles.isEmpty ? ["page": model] : ["page": model, "styles": Model.styles]
    }
}
