/// `/admin/units`: blocks (add, rename), units (add, edit, filter) and the CSV import.
struct AdminUnitsPage: PageModel {
    static let template = "admin-units"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct RowError {
        var message: String
        var id: String
    }

    struct BlockRow {
        var code: String
        var name: String
        var units: Int
        var renameId: String
        var nameValue: String
        var error: RowError?
    }

    struct UnitRow {
        var code: String
        var name: String
        var block: String
        var editHref: String
    }

    let nav = AdminNav()
    var notice: FormMessage?
    var blocks: [BlockRow]
    var hasBlocks: Bool
    var blockAction = SiteURL.saveBlock.path
    var blockCode: String
    var blockName: String
    var blockError: FormMessage?
    var units: [UnitRow]
    var hasUnits: Bool
    var unitAction = SiteURL.saveUnit.path
    var editing: Bool
    var cancelEditHref = SiteURL.unitForm.path
    var unitCode: String
    var unitName: String
    var blockOptions: [SelectOption]
    var unitError: FormMessage?
    var importAction = SiteURL.importUnits.path
    var csv: String
    var importError: AdminImportError?
}
