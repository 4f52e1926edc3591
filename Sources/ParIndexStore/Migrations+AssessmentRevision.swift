import GRDB

extension Migrations {
    /// A counter on each assessment that moves whenever the assessment or any of its items, evidence
    /// or thread messages change (decision 0009). Triggers keep it, not the services: a stored
    /// rendering of an assessment is served only while the counter stands, so a write path that
    /// forgot to bump it would serve stale scores; the database cannot forget.
    ///
    /// The counter is never written by the repository's own statements (an UPDATE that set it from
    /// a record read earlier would move it backwards), and ids are AUTOINCREMENT, so an (id, counter)
    /// pair never comes back once it has moved on.
    static func assessmentRevision(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE assessment ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

                CREATE TRIGGER assessment_revision AFTER UPDATE OF cycleCode, unitCode, status, submittedAt, submittedBy, late,
                    manifest, receiptSha256, extensionUntil, extensionReason ON assessment
                BEGIN UPDATE assessment SET revision = revision + 1 WHERE id = NEW.id; END;

                CREATE TRIGGER item_insert_revision AFTER INSERT ON item
                BEGIN UPDATE assessment SET revision = revision + 1 WHERE id = NEW.assessmentId; END;
                CREATE TRIGGER item_update_revision AFTER UPDATE ON item
                BEGIN UPDATE assessment SET revision = revision + 1 WHERE id IN (NEW.assessmentId, OLD.assessmentId); END;
                CREATE TRIGGER item_delete_revision AFTER DELETE ON item
                BEGIN UPDATE assessment SET revision = revision + 1 WHERE id = OLD.assessmentId; END;

                CREATE TRIGGER evidence_insert_revision AFTER INSERT ON evidence
                BEGIN UPDATE assessment SET revision = revision + 1 WHERE id = (SELECT assessmentId FROM item WHERE id = NEW.itemId); END;
                CREATE TRIGGER evidence_update_revision AFTER UPDATE ON evidence
                BEGIN UPDATE assessment SET revision = revision + 1
                    WHERE id IN (SELECT assessmentId FROM item WHERE id IN (NEW.itemId, OLD.itemId)); END;
                CREATE TRIGGER evidence_delete_revision AFTER DELETE ON evidence
                BEGIN UPDATE assessment SET revision = revision + 1 WHERE id = (SELECT assessmentId FROM item WHERE id = OLD.itemId); END;

                CREATE TRIGGER message_insert_revision AFTER INSERT ON message
                BEGIN UPDATE assessment SET revision = revision + 1 WHERE id = (SELECT assessmentId FROM item WHERE id = NEW.itemId); END;
                CREATE TRIGGER message_update_revision AFTER UPDATE ON message
                BEGIN UPDATE assessment SET revision = revision + 1
                    WHERE id IN (SELECT assessmentId FROM item WHERE id IN (NEW.itemId, OLD.itemId)); END;
                CREATE TRIGGER message_delete_revision AFTER DELETE ON message
                BEGIN UPDATE assessment SET revision = revision + 1 WHERE id = (SELECT assessmentId FROM item WHERE id = OLD.itemId); END;
                """
        )
    }
}
