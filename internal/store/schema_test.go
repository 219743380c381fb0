package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"masahe/internal/store/storetest"
)

// allowedDifferences are the only parts of the schema that may exist in one
// dialect and not the other: full-text search, which each database does its
// own way. object names a table (with its columns, keys and indexes), an
// index or a trigger; it is left out of that dialect's side only, so the
// same object appearing in the other dialect still shows as a difference.
// An entry that no longer matches anything fails the test.
var allowedDifferences = []struct{ dialect, object, reason string }{
	{"sqlite", "chairs_fts", "SQLite's chair search: an FTS5 virtual table indexing chairs.search_text (PostgreSQL uses the chairs_search index instead)"},
	{"sqlite", "chairs_fts_config", "a shadow table FTS5 keeps for chairs_fts"},
	{"sqlite", "chairs_fts_data", "a shadow table FTS5 keeps for chairs_fts"},
	{"sqlite", "chairs_fts_docsize", "a shadow table FTS5 keeps for chairs_fts"},
	{"sqlite", "chairs_fts_idx", "a shadow table FTS5 keeps for chairs_fts"},
	{"sqlite", "chairs_fts_insert", "keeps chairs_fts in step with chairs (PostgreSQL's expression index needs no trigger)"},
	{"sqlite", "chairs_fts_update", "keeps chairs_fts in step with chairs"},
	{"sqlite", "chairs_fts_delete", "keeps chairs_fts in step with chairs"},
	{"postgres", "chairs_search", "PostgreSQL's chair search: a GIN index on to_tsvector('simple', search_text), the counterpart of chairs_fts"},
}

// fact is one statement about a schema, e.g. "column chairs.slug: text not
// null". Two dialects have the same schema when they have the same facts.
// table is the table the fact is about; subject is the object it describes
// (the table, a column as table.column, an index or a trigger).
type fact struct{ table, subject, text string }

// TestSchemasMatch migrates a fresh database of each dialect and fails on
// any difference between them outside allowedDifferences: tables and views,
// columns (type family, nullability, default, numbering), primary keys,
// unique, foreign-key and check constraints, indexes and triggers.
func TestSchemasMatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	facts := map[string][]string{}
	for name, dsn := range storetest.DSNs() {
		s, err := Open(ctx, dsn(t), testNow)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Cleanup(func() { s.Close() })
		var all []fact
		if s.dialect == Postgres {
			all, err = postgresSchema(ctx, s.read.DB)
		} else {
			all, err = sqliteSchema(ctx, s.read.DB)
		}
		if err != nil {
			t.Fatalf("%s: read schema: %v", name, err)
		}
		facts[name] = allowed(t, name, all)
	}
	if diff := diffFacts(facts["sqlite"], facts["postgres"]); diff != "" {
		t.Errorf("the SQLite and PostgreSQL migrations describe different schemas:\n%s", diff)
	}
	if len(facts["sqlite"]) < 100 {
		t.Errorf("read only %d facts from the SQLite schema; the reader is broken", len(facts["sqlite"]))
	}
}

// TestSchemaReader checks that the schema readers see each kind of
// difference, and read the same schema written in each dialect alike.
func TestSchemaReader(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pg, err := sql.Open("pgx", storetest.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	lite, err := sql.Open("sqlite", sqliteDSN(filepath.Join(t.TempDir(), "reader.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	// Each case's tables are named r_ and the case's name; %s stands for that.
	const (
		liteBase = `CREATE TABLE %[1]s_p (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
			CREATE TABLE %[1]s (id INTEGER PRIMARY KEY, p INTEGER REFERENCES %[1]s_p (id) ON DELETE CASCADE,
				n INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0 AND n <= 10), s TEXT NOT NULL DEFAULT '', x REAL,
				b BOOLEAN NOT NULL DEFAULT FALSE, UNIQUE (p, s));
			CREATE INDEX %[1]s_n ON %[1]s (n, s) WHERE b = FALSE AND s <> '';`
		pgBase = `CREATE TABLE %[1]s_p (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code TEXT NOT NULL UNIQUE);
			CREATE TABLE %[1]s (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, p BIGINT REFERENCES %[1]s_p (id) ON DELETE CASCADE,
				n BIGINT NOT NULL DEFAULT 0 CHECK (n >= 0 AND n <= 10), s TEXT NOT NULL DEFAULT '', x DOUBLE PRECISION,
				b BOOLEAN NOT NULL DEFAULT FALSE, UNIQUE (p, s));
			CREATE INDEX %[1]s_n ON %[1]s (n, s) WHERE b = FALSE AND s <> '';`
	)
	tests := []struct {
		name       string
		pgFrom     string // replaced in pgBase
		pgTo       string
		difference string // a fact the reader must see differ; "" for none
	}{
		{"same", "", "", ""},
		{"int32", "n BIGINT", "n INTEGER", "column r_int32.n: integer not null default 0"},
		{"ondelete", "ON DELETE CASCADE", "", "on delete cascade"},
		{"predicate", "b = FALSE", "b = TRUE", "index r_predicate_n on r_predicate (n, s) where b = false"},
		{"nullable", "s TEXT NOT NULL", "s TEXT", "column r_nullable.s: text not null"},
		{"unique", ", UNIQUE (p, s)", "", "unique r_unique (p, s)"},
		{"default", "DEFAULT 0", "DEFAULT 1", "column r_default.n: integer not null default 0"},
		{"check", "n <= 10", "n < 10", "check r_check n >= 0 and n <= 10"},
		{"real", "x DOUBLE PRECISION", "x NUMERIC", "column r_real.x: real"},
		{"numbered", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, p", "BIGINT PRIMARY KEY, p", "numbered r_numbered.id"},
		{"index", "CREATE INDEX", "CREATE UNIQUE INDEX", "index r_index_n on r_index (n, s)"},
	}
	for _, tt := range tests {
		pgDDL := fmt.Sprintf(pgBase, "r_"+tt.name)
		if tt.pgFrom != "" {
			if !strings.Contains(pgDDL, tt.pgFrom) {
				t.Fatalf("%s: %q is not in the base schema", tt.name, tt.pgFrom)
			}
			pgDDL = strings.Replace(pgDDL, tt.pgFrom, tt.pgTo, 1)
		}
		if _, err := lite.ExecContext(ctx, fmt.Sprintf(liteBase, "r_"+tt.name)); err != nil {
			t.Fatalf("%s: sqlite: %v", tt.name, err)
		}
		if _, err := pg.ExecContext(ctx, pgDDL); err != nil {
			t.Fatalf("%s: postgres: %v", tt.name, err)
		}
	}
	liteFacts, err := sqliteSchema(ctx, lite)
	if err != nil {
		t.Fatal(err)
	}
	pgFacts, err := postgresSchema(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		of := func(facts []fact) []string {
			var out []string
			for _, f := range facts {
				if f.table == "r_"+tt.name || f.table == "r_"+tt.name+"_p" {
					out = append(out, f.text)
				}
			}
			slices.Sort(out)
			return out
		}
		lf, pf := of(liteFacts), of(pgFacts)
		if len(lf) < 12 {
			t.Errorf("%s: read only %d facts from SQLite:\n%s", tt.name, len(lf), strings.Join(lf, "\n"))
		}
		diff := diffFacts(lf, pf)
		switch {
		case tt.difference == "" && diff != "":
			t.Errorf("%s: the same schema reads differently:\n%s", tt.name, diff)
		case tt.difference != "" && !strings.Contains(diff, tt.difference):
			t.Errorf("%s: want a difference in %q, got:\n%s", tt.name, tt.difference, diff)
		}
	}
}

// diffFacts lists, one a line and sorted, the facts in only one of a
// (SQLite's) and b (PostgreSQL's); "" when they agree.
func diffFacts(a, b []string) string {
	var diff []string
	for _, f := range a {
		if !slices.Contains(b, f) {
			diff = append(diff, "  only in sqlite:   "+f)
		}
	}
	for _, f := range b {
		if !slices.Contains(a, f) {
			diff = append(diff, "  only in postgres: "+f)
		}
	}
	const label = len("  only in postgres: ")
	slices.SortFunc(diff, func(x, y string) int { return strings.Compare(x[label:], y[label:]) })
	return strings.Join(diff, "\n")
}

// allowed returns the text of the facts outside allowedDifferences, sorted,
// and fails the test for an allowance that matches nothing.
func allowed(t *testing.T, dialect string, facts []fact) []string {
	used := map[string]bool{}
	var out []string
	for _, f := range facts {
		skip := false
		for _, a := range allowedDifferences {
			if a.dialect == dialect && (a.object == f.table || a.object == f.subject) {
				used[a.object], skip = true, true
			}
		}
		if !skip {
			out = append(out, f.text)
		}
	}
	for _, a := range allowedDifferences {
		if a.dialect == dialect && !used[a.object] {
			t.Errorf("allowed difference %s (%s) is not in the %s schema: remove it", a.object, a.reason, dialect)
		}
	}
	slices.Sort(out)
	return out
}

// sqliteSchema reads the schema of a SQLite database.
func sqliteSchema(ctx context.Context, db *sql.DB) ([]fact, error) {
	var facts []fact
	type object struct{ kind, name, table, sql string }
	var objects []object
	err := eachRow(ctx, db, `SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master
		WHERE name NOT LIKE 'sqlite_%' ORDER BY name`, func(r *sql.Rows) error {
		var o object
		err := r.Scan(&o.kind, &o.name, &o.table, &o.sql)
		objects = append(objects, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, o := range objects {
		switch o.kind {
		case "table", "view":
			facts = append(facts, fact{o.name, o.name, o.kind + " " + o.name})
			if o.kind == "table" {
				tf, err := sqliteTable(ctx, db, o.name, o.sql)
				if err != nil {
					return nil, fmt.Errorf("table %s: %w", o.name, err)
				}
				facts = append(facts, tf...)
			}
		case "trigger":
			facts = append(facts, fact{o.table, o.name, fmt.Sprintf("trigger %s on %s", o.name, o.table)})
		}
	}
	return facts, nil
}

func sqliteTable(ctx context.Context, db *sql.DB, table, ddl string) ([]fact, error) {
	var facts []fact
	var pk []string
	var pkType string
	err := eachRow(ctx, db, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY pk, cid`, func(r *sql.Rows) error {
		var name, typ string
		var notNull bool
		var dflt sql.NullString
		var pkPos int
		if err := r.Scan(&name, &typ, &notNull, &dflt, &pkPos); err != nil {
			return err
		}
		if pkPos > 0 {
			pk, pkType = append(pk, name), typ
		}
		facts = append(facts, columnFact(table, name, typeFamily(SQLite, typ), notNull, dflt.String))
		return nil
	}, table)
	if err != nil {
		return nil, err
	}
	// A lone INTEGER PRIMARY KEY is the rowid: SQLite numbers it when an
	// insert leaves it out, and it can never be NULL.
	rowid := len(pk) == 1 && strings.EqualFold(pkType, "INTEGER") && !regexp.MustCompile(`(?i)without\s+rowid\s*$`).MatchString(ddl)
	if rowid {
		facts = append(facts, fact{table, table + "." + pk[0] + " numbered", fmt.Sprintf("numbered %s.%s", table, pk[0])})
		for i, f := range facts {
			if f.subject == table+"."+pk[0] {
				facts[i] = columnFact(table, pk[0], typeFamily(SQLite, pkType), true, "")
			}
		}
	}
	if len(pk) > 0 {
		facts = append(facts, fact{table, table, fmt.Sprintf("primary key %s (%s)", table, strings.Join(pk, ", "))})
	}

	type index struct {
		name, origin string
		unique       bool
	}
	var indexes []index
	err = eachRow(ctx, db, `SELECT name, "unique", origin FROM pragma_index_list(?)`, func(r *sql.Rows) error {
		var ix index
		err := r.Scan(&ix.name, &ix.unique, &ix.origin)
		indexes = append(indexes, ix)
		return err
	}, table)
	if err != nil {
		return nil, err
	}
	for _, ix := range indexes {
		var cols []string
		err := eachRow(ctx, db, `SELECT COALESCE(name, '(expression)') FROM pragma_index_info(?) ORDER BY seqno`, func(r *sql.Rows) error {
			var c string
			err := r.Scan(&c)
			cols = append(cols, c)
			return err
		}, ix.name)
		if err != nil {
			return nil, err
		}
		switch ix.origin {
		case "u":
			facts = append(facts, fact{table, table, fmt.Sprintf("unique %s (%s)", table, strings.Join(cols, ", "))})
		case "c":
			var ddl string
			if err := db.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", ix.name).Scan(&ddl); err != nil {
				return nil, err
			}
			where := ""
			if m := regexp.MustCompile(`(?is)\)\s*WHERE\s+(.*)$`).FindStringSubmatch(ddl); m != nil {
				where = m[1]
			}
			facts = append(facts, indexFact(table, ix.name, cols, ix.unique, "btree", where))
		}
	}

	type fk struct {
		parent, onUpdate, onDelete string
		from, to                   []string
	}
	fks := map[int]*fk{}
	err = eachRow(ctx, db, `SELECT id, "table", "from", COALESCE("to", ''), on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`, func(r *sql.Rows) error {
		var id int
		var parent, from, to, onUpdate, onDelete string
		if err := r.Scan(&id, &parent, &from, &to, &onUpdate, &onDelete); err != nil {
			return err
		}
		if fks[id] == nil {
			fks[id] = &fk{parent: parent, onUpdate: onUpdate, onDelete: onDelete}
		}
		fks[id].from, fks[id].to = append(fks[id].from, from), append(fks[id].to, to)
		return nil
	}, table)
	if err != nil {
		return nil, err
	}
	for _, k := range fks {
		if slices.Contains(k.to, "") { // REFERENCES parent with no columns: its primary key
			k.to = nil
			err := eachRow(ctx, db, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, func(r *sql.Rows) error {
				var c string
				err := r.Scan(&c)
				k.to = append(k.to, c)
				return err
			}, k.parent)
			if err != nil {
				return nil, err
			}
		}
		facts = append(facts, foreignKeyFact(table, k.from, k.parent, k.to, k.onUpdate, k.onDelete))
	}
	for _, c := range sqliteChecks(ddl) {
		facts = append(facts, fact{table, table, fmt.Sprintf("check %s %s", table, normalSQL(c))})
	}
	return facts, nil
}

// sqliteChecks returns the expressions of the CHECK constraints in a CREATE
// TABLE statement (SQLite keeps no catalogue of them).
func sqliteChecks(ddl string) []string {
	ddl = regexp.MustCompile(`--[^\n]*`).ReplaceAllString(ddl, "")
	var out []string
	for _, loc := range regexp.MustCompile(`(?i)\bcheck\s*\(`).FindAllStringIndex(ddl, -1) {
		depth, start := 0, loc[1]-1
		for i := start; i < len(ddl); i++ {
			switch ddl[i] {
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 {
				out = append(out, ddl[start+1:i])
				break
			}
		}
	}
	return out
}

// postgresSchema reads the schema of the public namespace of a PostgreSQL
// database.
func postgresSchema(ctx context.Context, db *sql.DB) ([]fact, error) {
	var facts []fact
	err := eachRow(ctx, db, `SELECT c.relname, CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v')`, func(r *sql.Rows) error {
		var name, kind string
		err := r.Scan(&name, &kind)
		facts = append(facts, fact{name, name, kind + " " + name})
		return err
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, db, `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
			COALESCE(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%'
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`, func(r *sql.Rows) error {
		var table, name, typ, dflt string
		var notNull, numbered bool
		if err := r.Scan(&table, &name, &typ, &notNull, &dflt, &numbered); err != nil {
			return err
		}
		if numbered {
			dflt = ""
			facts = append(facts, fact{table, table + "." + name + " numbered", fmt.Sprintf("numbered %s.%s", table, name)})
		}
		facts = append(facts, columnFact(table, name, typeFamily(Postgres, typ), notNull, dflt))
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Column lists in key order, as "a, b".
	const keyColumns = `array_to_string(ARRAY(SELECT a.attname FROM unnest(%[1]s) WITH ORDINALITY k(num, pos)
		JOIN pg_attribute a ON a.attrelid = %[2]s AND a.attnum = k.num ORDER BY k.pos), ', ')`
	err = eachRow(ctx, db, `SELECT c.relname, con.contype, `+fmt.Sprintf(keyColumns, "con.conkey", "con.conrelid")+`,
			COALESCE(p.relname, ''), `+fmt.Sprintf(keyColumns, "con.confkey", "con.confrelid")+`,
			con.confupdtype, con.confdeltype, pg_get_constraintdef(con.oid)
		FROM pg_constraint con
		JOIN pg_class c ON c.oid = con.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_class p ON p.oid = con.confrelid
		WHERE n.nspname = 'public'`, func(r *sql.Rows) error {
		var table, kind, cols, parent, parentCols, onUpdate, onDelete, def string
		if err := r.Scan(&table, &kind, &cols, &parent, &parentCols, &onUpdate, &onDelete, &def); err != nil {
			return err
		}
		switch kind {
		case "p":
			facts = append(facts, fact{table, table, fmt.Sprintf("primary key %s (%s)", table, cols)})
		case "u":
			facts = append(facts, fact{table, table, fmt.Sprintf("unique %s (%s)", table, cols)})
		case "f":
			actions := map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
			facts = append(facts, foreignKeyFact(table, strings.Split(cols, ", "), parent, strings.Split(parentCols, ", "),
				actions[onUpdate], actions[onDelete]))
		case "c":
			expr := strings.TrimPrefix(def, "CHECK ")
			facts = append(facts, fact{table, table, fmt.Sprintf("check %s %s", table, normalSQL(expr))})
		default:
			facts = append(facts, fact{table, table, fmt.Sprintf("constraint %s of kind %s", def, kind)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Indexes other than those behind a primary key or unique constraint.
	err = eachRow(ctx, db, `SELECT t.relname, ic.relname, i.indisunique, am.amname,
			array_to_string(ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN '(expression)' ELSE pg_get_indexdef(i.indexrelid, k, true) END
				FROM generate_series(1, i.indnkeyatts) k ORDER BY k), ','),
			COALESCE(pg_get_expr(i.indpred, i.indrelid), '')
		FROM pg_index i
		JOIN pg_class ic ON ic.oid = i.indexrelid
		JOIN pg_class t ON t.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		JOIN pg_am am ON am.oid = ic.relam
		WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)`, func(r *sql.Rows) error {
		var table, name, method, cols, where string
		var unique bool
		if err := r.Scan(&table, &name, &unique, &method, &cols, &where); err != nil {
			return err
		}
		facts = append(facts, indexFact(table, name, strings.Split(cols, ","), unique, method, where))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, db, `SELECT c.relname, t.tgname FROM pg_trigger t
		JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND NOT t.tgisinternal`, func(r *sql.Rows) error {
		var table, name string
		err := r.Scan(&table, &name)
		facts = append(facts, fact{table, name, fmt.Sprintf("trigger %s on %s", name, table)})
		return err
	})
	return facts, err
}

func columnFact(table, name, family string, notNull bool, dflt string) fact {
	text := fmt.Sprintf("column %s.%s: %s", table, name, family)
	if notNull {
		text += " not null"
	}
	if dflt != "" {
		text += " default " + normalSQL(dflt)
	}
	return fact{table, table + "." + name, text}
}

func indexFact(table, name string, cols []string, unique bool, method, where string) fact {
	text := fmt.Sprintf("index %s on %s (%s)", name, table, strings.Join(cols, ", "))
	if unique {
		text = "unique " + text
	}
	if method != "btree" {
		text += " using " + method
	}
	if where != "" {
		text += " where " + normalSQL(where)
	}
	return fact{table, name, text}
}

func foreignKeyFact(table string, from []string, parent string, to []string, onUpdate, onDelete string) fact {
	return fact{table, table, fmt.Sprintf("foreign key %s (%s) references %s (%s) on update %s on delete %s",
		table, strings.Join(from, ", "), parent, strings.Join(to, ", "), strings.ToLower(onUpdate), strings.ToLower(onDelete))}
}

// typeFamilies name the kind of value each dialect's declared column types
// hold, alike in both. SQLite's integers are 64-bit, so PostgreSQL's
// counterpart is bigint alone; its integer and smallint are narrower.
var typeFamilies = map[Dialect]map[string]string{
	SQLite: {
		"integer": "integer", "text": "text", "real": "real", "boolean": "bool", "blob": "blob",
		"": "untyped", // FTS5 columns
	},
	Postgres: {
		"bigint": "integer", "integer": "32-bit integer", "smallint": "16-bit integer", "text": "text",
		"double precision": "real", "boolean": "bool", "bytea": "blob", "timestamp with time zone": "timestamp",
	},
}

func typeFamily(d Dialect, declared string) string {
	t := strings.ToLower(strings.TrimSpace(declared))
	if f, ok := typeFamilies[d][t]; ok {
		return f
	}
	return fmt.Sprintf("%s type %s", d, t)
}

// normalSQL reads a default, predicate or check expression the same way
// whichever dialect printed it: PostgreSQL adds casts to its own types and
// parentheses around every comparison, so both are dropped, with case and
// spacing. (Two expressions differing only in grouping would therefore read
// alike; none of the migrations write one.)
func normalSQL(expr string) string {
	e := strings.ToLower(expr)
	e = regexp.MustCompile(`::(text|bigint|integer|boolean|double precision|character varying|regclass|timestamp with time zone)\b`).ReplaceAllString(e, "")
	e = strings.Join(strings.FieldsFunc(e, func(r rune) bool { return r == '(' || r == ')' || r == ' ' || r == '\t' || r == '\n' }), " ")
	return regexp.MustCompile(` ?([=<>!]+|,) ?`).ReplaceAllString(e, " $1 ")
}

// eachRow runs query and calls fn for every row.
func eachRow(ctx context.Context, db *sql.DB, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
