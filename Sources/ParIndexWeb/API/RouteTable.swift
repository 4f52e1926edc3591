import HTTPTypes
import Hummingbird
import ParIndexCore

/// Who may call a route at all. Object-level rules (another unit's objects are 404) live in the
/// domain's access policy; this is the first, coarse gate, and every route must declare one.
public enum Access: Sendable, Equatable {
    case anyone
    case signedIn
    case roles(Set<Role>)

    func check(_ context: AppRequestContext) throws {
        switch self {
        case .anyone: return
        case .signedIn: _ = try context.requireCaller()
        case .roles(let roles):
            let caller = try context.requireCaller()
            guard roles.contains(caller.role) else { throw DomainError.forbidden() }
        }
    }
}

/// One registered route, kept so tests can enumerate every route with its declared access and
/// compare them with the OpenAPI document.
public struct RouteSpec: Sendable, Equatable {
    public var method: HTTPRequest.Method
    /// Hummingbird path syntax: `/api/v1/cycles/:cycle`.
    public var path: String
    public var access: Access

    /// The OpenAPI form of the path: `/api/v1/cycles/{cycle}`.
    public var openAPIPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }
}

/// Registers routes on the router, each behind its access gate, and records them.
final class RouteTable: @unchecked Sendable {
    let router: Router<AppRequestContext>
    let services: Services
    private(set) var specs: [RouteSpec] = []

    init(router: Router<AppRequestContext>, services: Services) {
        self.router = router
        self.services = services
    }

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    func on(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ handler: @escaping Handler) {
        specs.append(RouteSpec(method: method, path: path, access: access))
        let unitScoped = path.contains(":unit")
        let services = self.services
        router.on(RouterPath(path), method: method) { request, context in
            try access.check(context)
            // Another unit's objects are 404 before anything else is looked at, body included.
            if unitScoped, let caller = context.caller {
                try await services.assessments.requireVisible(
                    cycle: try context.parameter("cycle"),
                    unit: try context.parameter("unit"),
                    by: caller
                )
            }
            return try await handler(request, context)
        }
    }
}

extension AppRequestContext {
    /// A path parameter, bounded so a hostile URL cannot carry megabytes into the domain.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name), !value.isEmpty, value.count <= 128 else {
            throw DomainError.badRequest("bad_parameter", "Tham số \"\(name)\" không hợp lệ.")
        }
        return value
    }
}
