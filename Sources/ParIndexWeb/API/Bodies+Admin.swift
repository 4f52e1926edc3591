import ParIndexCore

/// `PUT /api/v1/blocks/{code}`: `{name}`.
struct BlockBody: Decodable {
    var name: String

    enum CodingKeys: String, RequestKey {
        case name
        var maxLength: Int { 200 }
    }
}

/// `PUT /api/v1/units/{code}`: `{name, block}`.
struct UnitBody: Decodable {
    var name: String
    var block: String

    enum CodingKeys: String, RequestKey {
        case name, block
        var maxLength: Int { self == .name ? 200 : 64 }
    }
}

/// `POST /api/v1/users`: `{username, name, role, unit?, password}`.
struct NewUserBody: Decodable {
    var role: Role
    var username: String
    var name: String
    var unit: String?
    var password: String

    enum CodingKeys: String, RequestKey {
        case role, username, name, unit, password
        var maxLength: Int {
            switch self {
            case .role: 20
            case .username, .unit: 64
            case .name: 200
            case .password: 1000
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self)
        role = try body.decode(
            Role.self,
            forKey: .role,
            otherwise: .invalid("invalid_role", "Vai trò phải là admin, reviewer, unit hoặc observer.", details: ["field": .string("role")])
        )
        username = try body.decode(String.self, forKey: .username)
        name = try body.decode(String.self, forKey: .name)
        unit = try body.decodeIfPresent(String.self, forKey: .unit)
        password = try body.decode(String.self, forKey: .password)
    }
}

/// `POST /api/v1/users/{username}/disable` and `…/enable`: `{reason}`.
struct ReasonBody: Decodable {
    var reason: String

    enum CodingKeys: String, RequestKey {
        case reason
        var maxLength: Int { 1000 }
    }
}

/// `POST /api/v1/session`: `{username, password, totp?}`.
struct LoginBody: Decodable {
    var username: String
    var password: String
    var totp: String?

    enum CodingKeys: String, RequestKey {
        case username, password, totp
        var maxLength: Int {
            switch self {
            case .username: 200
            case .password: 1000
            case .totp: 16
            }
        }
    }
}
