/// `/admin/cycles/:cycle/phase?to=…`: what moving to the next phase leaves behind and the ways
/// through, then the confirmation (the move cannot be taken back).
struct AdminPhasePage: PageModel {
    static let template = "admin-phase"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct Target {
        var value: String
        var name: String
        var question: String
        var consequence: String
        var leftBehind: LeftBehindView
    }

    var cycle: AdminCycleHeader
    var error: FormMessage?
    var target: Target?
}
