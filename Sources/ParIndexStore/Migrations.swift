import GRDB

/// Numbered migrations. A migration that has landed is never edited: add a new one instead.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001_CreateSchema") { db in
            try db.execute(sql: schema0001)
        }
        // "5 failures in 15 minutes" needs to know when the run of failures began.
        migrator.registerMigration("0002_LoginFailureWindow") { db in
            try db.execute(sql: "ALTER TABLE user ADD COLUMN failureWindowStart TEXT")
        }
        migrator.registerMigration("0003_AccountSecurity", migrate: accountSecurity)
        migrator.registerMigration("0004_AssessmentRevision", migrate: assessmentRevision)
        migrator.registerMigration("0005_PublicationHeader", migrate: publicationHeader)
        migrator.registerMigration("0006_WritePath", migrate: writePath)
        migrator.registerMigration("0007_SubmissionHistory", migrate: submissionHistory)
        migrator.registerMigration("0008_Notifications", migrate: notifications)
        migrator.registerMigration("0009_CouncilNotes", migrate: councilNotes)
        migrator.registerMigration("0010_LedgerReplay", migrate: ledgerReplay)
        migrator.registerMigration("0011_CredentialsLifecycle", migrate: credentialsLifecycle)
        return migrator
    }

    // Points are INTEGER hundredths; times are RFC 3339 text written by `Timestamp`; enums are text.
    static let schema0001 = """
        CREATE TABLE block (
            code TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL
        ) STRICT;

        CREATE TABLE unit (
            code TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            blockCode TEXT NOT NULL REFERENCES block(code)
        ) STRICT;

        CREATE TABLE user (
            username TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'unit', 'observer')),
            unitCode TEXT REFERENCES unit(code),
            passwordHash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            failedLogins INTEGER NOT NULL DEFAULT 0,
            lockedUntil TEXT,
            lastLoginAt TEXT,
            createdAt TEXT NOT NULL
        ) STRICT;

        CREATE TABLE apiToken (
            tokenSha256 TEXT PRIMARY KEY NOT NULL,
            username TEXT NOT NULL REFERENCES user(username) ON DELETE CASCADE,
            createdAt TEXT NOT NULL
        ) STRICT;

        CREATE TABLE session (
            idSha256 TEXT PRIMARY KEY NOT NULL,
            username TEXT NOT NULL REFERENCES user(username) ON DELETE CASCADE,
            csrfToken TEXT NOT NULL,
            createdAt TEXT NOT NULL,
            lastSeenAt TEXT NOT NULL
        ) STRICT;
        CREATE INDEX session_username ON session(username);

        CREATE TABLE framework (
            code TEXT NOT NULL,
            version TEXT NOT NULL,
            contentSha256 TEXT NOT NULL,
            document TEXT NOT NULL,
            importedAt TEXT NOT NULL,
            PRIMARY KEY (code, version)
        ) STRICT;

        CREATE TABLE cycle (
            code TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            year INTEGER NOT NULL,
            frameworkCode TEXT NOT NULL,
            frameworkVersion TEXT NOT NULL,
            frameworkSha256 TEXT NOT NULL,
            phase TEXT NOT NULL,
            selfAssessmentDeadline TEXT NOT NULL,
            appraisalDeadline TEXT NOT NULL,
            explanationDeadline TEXT NOT NULL,
            finalReviewDeadline TEXT NOT NULL,
            createdAt TEXT NOT NULL,
            FOREIGN KEY (frameworkCode, frameworkVersion) REFERENCES framework(code, version)
        ) STRICT;

        CREATE TABLE cycleUnit (
            cycleCode TEXT NOT NULL REFERENCES cycle(code),
            unitCode TEXT NOT NULL REFERENCES unit(code),
            PRIMARY KEY (cycleCode, unitCode)
        ) STRICT;

        CREATE TABLE reviewerAssignment (
            cycleCode TEXT NOT NULL REFERENCES cycle(code),
            username TEXT NOT NULL REFERENCES user(username),
            unitCode TEXT NOT NULL REFERENCES unit(code),
            PRIMARY KEY (cycleCode, username, unitCode)
        ) STRICT;

        CREATE TABLE assessment (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            cycleCode TEXT NOT NULL REFERENCES cycle(code),
            unitCode TEXT NOT NULL REFERENCES unit(code),
            status TEXT NOT NULL,
            submittedAt TEXT,
            submittedBy TEXT,
            late INTEGER NOT NULL DEFAULT 0,
            manifest TEXT,
            receiptSha256 TEXT,
            extensionUntil TEXT,
            extensionReason TEXT,
            UNIQUE (cycleCode, unitCode)
        ) STRICT;

        CREATE TABLE item (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            assessmentId INTEGER NOT NULL REFERENCES assessment(id),
            criterion TEXT NOT NULL,
            applicable INTEGER NOT NULL DEFAULT 1,
            naReason TEXT,
            selfEntry TEXT,
            selfPoints INTEGER,
            selfNote TEXT,
            selfBy TEXT,
            selfAt TEXT,
            appraisedEntry TEXT,
            appraisedPoints INTEGER,
            appraisedNote TEXT,
            appraisedBy TEXT,
            appraisedAt TEXT,
            finalPoints INTEGER,
            finalNote TEXT,
            finalDisposition TEXT,
            finalBy TEXT,
            finalAt TEXT,
            state TEXT NOT NULL,
            version INTEGER NOT NULL,
            UNIQUE (assessmentId, criterion)
        ) STRICT;

        CREATE TABLE evidence (
            id TEXT PRIMARY KEY NOT NULL,
            itemId INTEGER NOT NULL REFERENCES item(id),
            kind TEXT NOT NULL CHECK (kind IN ('file', 'reference')),
            filename TEXT,
            size INTEGER,
            sha256 TEXT,
            contentType TEXT,
            title TEXT,
            documentNumber TEXT,
            issuedOn TEXT,
            url TEXT,
            uploadedBy TEXT NOT NULL,
            uploadedAt TEXT NOT NULL,
            supplementary INTEGER NOT NULL DEFAULT 0,
            deletedBy TEXT,
            deletedAt TEXT
        ) STRICT;
        CREATE INDEX evidence_item ON evidence(itemId);
        CREATE INDEX evidence_sha256 ON evidence(sha256);

        CREATE TABLE message (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            itemId INTEGER NOT NULL REFERENCES item(id),
            kind TEXT NOT NULL CHECK (kind IN ('question', 'answer')),
            body TEXT NOT NULL,
            author TEXT NOT NULL,
            createdAt TEXT NOT NULL
        ) STRICT;
        CREATE INDEX message_item ON message(itemId);

        CREATE TABLE publication (
            cycleCode TEXT PRIMARY KEY NOT NULL REFERENCES cycle(code),
            publishedAt TEXT NOT NULL,
            publishedBy TEXT NOT NULL,
            snapshot TEXT NOT NULL,
            snapshotSha256 TEXT NOT NULL,
            auditHead TEXT NOT NULL
        ) STRICT;

        -- The append-only audit ledger; triggers refuse updates and deletes through the application's
        -- connection, and the hash chain exposes any change made behind its back.
        CREATE TABLE ledger (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            payload TEXT NOT NULL,
            previousHash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
        CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
        """
}
