import Hummingbird

/// One page's data: a struct per page, shown by the template it names. Templates read it inside
/// `{{#page}}…{{/page}}`, beside the layout's values (`t`, `user`, `csrf`, `title`).
///
/// A struct rather than a dictionary so that a misspelt or forgotten field is a compile error in the
/// controller rather than a blank on the page.
protocol PageModel {
    /// The template under `Templates/` that shows this model, without `.mustache`.
    static var template: String { get }
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
        page(Model.template, title: title, model: ["page": model], context: context, request: request, status: status)
    }
}
