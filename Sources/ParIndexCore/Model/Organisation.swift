/// A ranking group of units (khối): departments, districts, communes…
public struct Block: Sendable, Equatable {
    public var code: String
    public var name: String
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// Who is assessed (đơn vị).
public struct Unit: Sendable, Equatable {
    public var code: String
    public var name: String
    public var blockCode: String
    public init(code: String, name: String, blockCode: String) {
        self.code = code
        self.name = name
        self.blockCode = blockCode
    }
}
