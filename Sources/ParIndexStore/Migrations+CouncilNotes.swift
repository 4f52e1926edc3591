import GRDB

extension Migrations {
    /// The council's internal notes on items. Keyed by the item's cycle, unit and criterion rather
    /// than the item row, which is only created when someone first writes on the leaf; a table of
    /// its own so that no query that feeds a unit's pages, answers or exports can reach it.
    static func councilNotes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE councilNote (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    cycleCode TEXT NOT NULL REFERENCES cycle(code),
                    unitCode TEXT NOT NULL REFERENCES unit(code),
                    criterion TEXT NOT NULL,
                    body TEXT NOT NULL,
                    author TEXT NOT NULL,
                    createdAt TEXT NOT NULL
                ) STRICT;
                -- A unit's review page, and one criterion across units.
                CREATE INDEX councilNote_unit ON councilNote(cycleCode, unitCode, id);
                CREATE INDEX councilNote_criterion ON councilNote(cycleCode, criterion, id);
                """
        )
    }
}
