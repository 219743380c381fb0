-- Nothing to change: SQLite's 0007 makes its keys NOT NULL and stops it
-- numbering keys copied from a parent row, as PostgreSQL's already are.
SELECT 1;
