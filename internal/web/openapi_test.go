package web

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// openAPIFile is the API description checked against routes.go.
const openAPIFile = "../../docs/openapi.yaml"

// TestOpenAPIMatchesRoutes fails when an /api/ route in routes.go is not in
// docs/openapi.yaml (path or method), or when the file documents an /api/
// path or method that is not routed.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	routes, err := apiRoutes("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) == 0 {
		t.Fatal("found no /api/ routes in routes.go: has the route list moved?")
	}
	f, err := os.Open(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	documented, err := openAPIPaths(f)
	if err != nil {
		t.Fatalf("%s: %v", openAPIFile, err)
	}
	for _, p := range routeMismatches(routes, documented) {
		t.Errorf("%s: %s", openAPIFile, p)
	}
}

// TestOpenAPICheckCatchesMissingPath runs the check on scratch copies of
// docs/openapi.yaml with one path or one method removed, so that a check
// that silently passes everything is caught.
func TestOpenAPICheckCatchesMissingPath(t *testing.T) {
	routes, err := apiRoutes("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	for path := range routes {
		t.Run(path, func(t *testing.T) {
			edited, ok := deleteYAMLBlock(string(orig), "  "+path+":")
			if !ok {
				t.Fatalf("%s is not a key under paths: in %s", path, openAPIFile)
			}
			scratch := filepath.Join(t.TempDir(), "openapi.yaml")
			if err := os.WriteFile(scratch, []byte(edited), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(scratch)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			documented, err := openAPIPaths(f)
			if err != nil {
				t.Fatal(err)
			}
			problems := routeMismatches(routes, documented)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, path) }) {
				t.Errorf("with %s deleted, the check reported %q", path, problems)
			}
		})
	}
	t.Run("method", func(t *testing.T) {
		// Documenting get as post must report both directions.
		edited := strings.Replace(string(orig), "  /api/v1/brands:\n    get:", "  /api/v1/brands:\n    post:", 1)
		if edited == string(orig) {
			t.Fatal("could not find the get of /api/v1/brands to rename")
		}
		documented, err := openAPIPaths(strings.NewReader(edited))
		if err != nil {
			t.Fatal(err)
		}
		problems := routeMismatches(routes, documented)
		want := []string{
			"route GET /api/v1/brands is not documented",
			"documents POST /api/v1/brands, which routes.go does not route",
		}
		for _, w := range want {
			if !slices.Contains(problems, w) {
				t.Errorf("problems %q lack %q", problems, w)
			}
		}
	})
}

func TestOpenAPIPathsParser(t *testing.T) {
	const doc = `openapi: 3.1.0
info:
  title: x
paths:
  /api/v1/a:
    get:
      summary: "a"
    parameters: []
    post:
      responses: {}
  "/api/v1/b/{slug}":
    delete:
      x: y
  /healthz:
    get: {}
components:
  schemas:
    /api/v1/not-a-path:
      get: {}
`
	got, err := openAPIPaths(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"/api/v1/a":        {"GET", "POST"},
		"/api/v1/b/{slug}": {"DELETE"},
		"/healthz":         {"GET"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("openAPIPaths = %v, want %v", got, want)
	}
}

// apiRoutes parses a Go file and returns the /api/ routes registered in it
// with mux.HandleFunc or mux.Handle, as path → sorted methods. Patterns are
// "METHOD /path"; a pattern without a method is reported as method "".
func apiRoutes(file string) (map[string][]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		return nil, err
	}
	routes := map[string][]string{}
	var bad error
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || bad != nil {
			return bad == nil
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "mux" {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			bad = fmt.Errorf("%s: route pattern is not a string literal", fset.Position(call.Pos()))
			return false
		}
		pattern, err := strconv.Unquote(lit.Value)
		if err != nil {
			bad = fmt.Errorf("%s: %v", fset.Position(lit.Pos()), err)
			return false
		}
		method, path, found := strings.Cut(pattern, " ")
		if !found {
			method, path = "", pattern
		}
		path = strings.TrimSpace(path)
		if !strings.HasPrefix(path, "/api/") {
			return true
		}
		path = openAPIPath(path)
		if !slices.Contains(routes[path], method) {
			routes[path] = append(routes[path], method)
			slices.Sort(routes[path])
		}
		return true
	})
	return routes, bad
}

var wildcard = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)

// openAPIPath turns a ServeMux path into OpenAPI path templating:
// "{$}" is dropped and "{rest...}" becomes "{rest}".
func openAPIPath(p string) string {
	p = strings.TrimSuffix(p, "{$}")
	return wildcard.ReplaceAllString(p, "{$1}")
}

var (
	yamlPathKey   = regexp.MustCompile(`^  ["']?(/[^"'\s]*)["']?:\s*(#.*)?$`)
	yamlMethodKey = regexp.MustCompile(`^    (get|post|put|delete|patch):`)
)

// openAPIPaths reads the keys of the top-level "paths:" map of an OpenAPI
// YAML file and their methods, as path → sorted upper-case methods. It
// understands only block-style YAML indented by two spaces, which is all
// docs/openapi.yaml uses; it needs no YAML library.
func openAPIPaths(r io.Reader) (map[string][]string, error) {
	paths := map[string][]string{}
	in, seen := false, false
	current := ""
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if !strings.HasPrefix(line, " ") {
			in = strings.HasPrefix(line, "paths:")
			seen = seen || in
			current = ""
			continue
		}
		if !in {
			continue
		}
		if m := yamlPathKey.FindStringSubmatch(line); m != nil {
			current = m[1]
			if _, dup := paths[current]; dup {
				return nil, fmt.Errorf("line %d: path %s is documented twice", n, current)
			}
			paths[current] = []string{}
			continue
		}
		if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") {
			return nil, fmt.Errorf("line %d: %q is not a path key under paths:", n, trimmed)
		}
		if m := yamlMethodKey.FindStringSubmatch(line); m != nil && current != "" {
			paths[current] = append(paths[current], strings.ToUpper(m[1]))
			slices.Sort(paths[current])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !seen {
		return nil, fmt.Errorf("no top-level paths: key")
	}
	return paths, nil
}

// routeMismatches compares routed and documented /api/ paths and methods
// both ways and describes each difference.
func routeMismatches(routes, documented map[string][]string) []string {
	var problems []string
	for _, path := range slices.Sorted(maps.Keys(routes)) {
		docMethods, ok := documented[path]
		if !ok {
			problems = append(problems, fmt.Sprintf("route %s is not documented under paths:", path))
			continue
		}
		for _, m := range routes[path] {
			switch {
			case m == "":
				problems = append(problems, fmt.Sprintf("route %s has no method in its pattern; API routes must name one", path))
			case !slices.Contains(docMethods, m):
				problems = append(problems, fmt.Sprintf("route %s %s is not documented", m, path))
			}
		}
	}
	for _, path := range slices.Sorted(maps.Keys(documented)) {
		if !strings.HasPrefix(path, "/api/") {
			continue
		}
		routed, ok := routes[path]
		if !ok {
			problems = append(problems, fmt.Sprintf("documents %s, which routes.go does not route", path))
			continue
		}
		if len(documented[path]) == 0 {
			problems = append(problems, fmt.Sprintf("documents %s without any method", path))
		}
		for _, m := range documented[path] {
			if !slices.Contains(routed, m) && !slices.Contains(routed, "") {
				problems = append(problems, fmt.Sprintf("documents %s %s, which routes.go does not route", m, path))
			}
		}
	}
	return problems
}

// deleteYAMLBlock removes the line equal to key and the more indented lines
// under it.
func deleteYAMLBlock(doc, key string) (string, bool) {
	lines := strings.SplitAfter(doc, "\n")
	indent := len(key) - len(strings.TrimLeft(key, " "))
	for i, l := range lines {
		if strings.TrimRight(l, "\n") != key {
			continue
		}
		j := i + 1
		for j < len(lines) {
			t := strings.TrimRight(lines[j], "\n")
			if strings.TrimSpace(t) != "" && len(t)-len(strings.TrimLeft(t, " ")) <= indent {
				break
			}
			j++
		}
		return strings.Join(slices.Concat(lines[:i], lines[j:]), ""), true
	}
	return doc, false
}
