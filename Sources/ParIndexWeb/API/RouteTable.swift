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
    /// Which body limit applies (`BodyLimits`); decided from the method and path at registration.
    public var body: BodyClass = .none
    /// The largest body accepted, in bytes; more gets 413 and nothing is stored.
    public var maxBodyBytes: Int = 0

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
    let limits: BodyLimits
    private(set) var specs: [RouteSpec] = []

    init(router: Router<AppRequestContext>, services: Services, limits: BodyLimits) {
        self.router = router
        self.services = services
        self.limits = limits
    }

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    /// `handlerChecksVisibility`: the handler's first domain step answers 404 for another unit
    /// itself, inside its own transaction, so the gate's read would read the same rows a second
    /// time on the hottest routes (decision 0011). A bodiless GET then skips the gate. A route with a
    /// body skips it only for a unit's own account on its own unit: there the caller's role has
    /// already settled whose unit it is, so another unit's request still meets the gate's 404
    /// before its body is read.
    func on(
        _ method: HTTPRequest.Method,
        _ path: String,
        _ access: Access,
        handlerChecksVisibility: Bool = false,
        _ handler: @escaping Handler
    ) {
        let body = BodyLimits.class(for: method, path)
        let maxBody = limits.bytes(body)
        specs.append(RouteSpec(method: method, path: path, access: access, body: body, maxBodyBytes: maxBody))
        // A bodiless GET that checks visibility itself skips the gate outright; a route with a body
        // skips only its read, and only for a unit's own account.
        let unitScoped = path.contains(":unit") && !(handlerChecksVisibility && method == .get)
        let services = self.services
        router.on(RouterPath(path), method: method) { request, context in
            // The body limit comes first: an oversized body is refused before anything is read or checked.
            var request = request
            try BodyLimits.enforce(maxBody, on: &request)
            try access.check(context)
            // Another unit's objects are 404 before anything else is looked at, body included.
            if unitScoped, let caller = context.caller {
                let unit = try context.parameter("unit")
                if !(handlerChecksVisibility && AccessPolicy.isOwnUnit(unit, of: caller)) {
                    try await services.assessments.requireVisible(cycle: try context.parameter("cycle"), unit: unit, by: caller)
                }
            }
            return try await handler(request, context)
        }
    }

    /// The methods a wrong-method request can name; others (rare, custom ones) meet the router's 404.
    static let refusedMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace]

    /// Called once every route is registered: each path answers the methods it lacks with 405 and
    /// `Allow` (RFC 9110 §15.5.6) instead of Hummingbird's 404, which cannot tell a wrong method from
    /// a wrong path. The refusals sit on the router's own paths, so a path resolves exactly as its
    /// routes do, and they meet the same middleware (error shape, security headers) as every answer.
    /// They name no object, so another unit's objects stay 404 for the methods that exist.
    func refuseOtherMethods() {
        var served: [String: Set<HTTPRequest.Method>] = [:]
        for spec in specs { served[spec.path, default: []].insert(spec.method) }
        for (path, methods) in served {
            let allowed = Self.refusedMethods.filter(methods.contains).map(\.rawValue)
            for method in Self.refusedMethods where !methods.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in throw DomainError.methodNotAllowed(allowed) }
            }
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
