import GRDB

extension Migrations {
    /// Two costs that every score write paid inside the writer (decision 0011):
    /// - `item_update_revision` matched `id IN (NEW.assessmentId, OLD.assessmentId)`, and SQLite
    ///   builds a temporary table for an `IN` list on every run. An item never moves to another
    ///   assessment, but the trigger still covers it, with two plain equalities.
    /// - The answer to a write lists the item's evidence `ORDER BY uploadedAt, id`, which sorted in a
    ///   temporary b-tree each time; the index on `itemId` now carries that order.
    static func writePath(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP TRIGGER item_update_revision;
                CREATE TRIGGER item_update_revision AFTER UPDATE ON item
                BEGIN
                    UPDATE assessment SET revision = revision + 1 WHERE id = NEW.assessmentId;
                    UPDATE assessment SET revision = revision + 1 WHERE id = OLD.assessmentId AND OLD.assessmentId <> NEW.assessmentId;
                END;

                CREATE INDEX evidence_item_uploaded ON evidence(itemId, uploadedAt, id);
                DROP INDEX evidence_item;
                """
        )
    }
}
