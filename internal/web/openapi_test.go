package web

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes fails when an /api/ route in routes.go is not in
// docs/openapi.yaml (path or method), or when the file documents an /api/
// path or method that is not routed.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	routes, documented := routesAndOperations(t)
	for _, p := range routeMismatches(routes, documented) {
		t.Errorf("%s: %s", openAPIFile, p)
	}
}

// TestOpenAPICheckCatchesMissingPath runs the check with one documented
// path or method taken away, so that a check that silently passes
// everything is caught.
func TestOpenAPICheckCatchesMissingPath(t *testing.T) {
	routes, documented := routesAndOperations(t)
	for path := range routes {
		t.Run(path, func(t *testing.T) {
			if _, ok := documented[path]; !ok {
				t.Fatalf("%s is not documented in %s", path, openAPIFile)
			}
			edited := maps.Clone(documented)
			delete(edited, path)
			problems := routeMismatches(routes, edited)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, path) }) {
				t.Errorf("with %s deleted, the check reported %q", path, problems)
			}
		})
	}
	t.Run("method", func(t *testing.T) {
		// Documenting get as post must report both directions.
		edited := maps.Clone(documented)
		if !slices.Equal(edited["/api/v1/brands"], []string{"GET"}) {
			t.Fatalf("/api/v1/brands documents %v, want [GET]", edited["/api/v1/brands"])
		}
		edited["/api/v1/brands"] = []string{"POST"}
		problems := routeMismatches(routes, edited)
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

// TestOpenAPIDocumentIsValid checks docs/openapi.yaml against the OpenAPI
// 3.1 schema itself.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	c, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	if ok, errs := c.validator.ValidateDocument(); !ok {
		t.Errorf("%s is not a valid OpenAPI document: %s", openAPIFile, describe(errs))
	}
}

// routesAndOperations returns the /api/ routes of routes.go and the
// operations docs/openapi.yaml documents.
func routesAndOperations(t *testing.T) (routes, documented map[string][]string) {
	t.Helper()
	routes, err := apiRoutes("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) == 0 {
		t.Fatal("found no /api/ routes in routes.go: has the route list moved?")
	}
	c, err := loadContract()
	if err != nil {
		t.Fatalf("%s: %v", openAPIFile, err)
	}
	documented = map[string][]string{}
	for path, item := range c.model.Paths.PathItems.FromOldest() {
		documented[path] = []string{}
		for method := range item.GetOperations().KeysFromOldest() {
			documented[path] = append(documented[path], strings.ToUpper(method))
		}
		slices.Sort(documented[path])
	}
	return routes, documented
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
