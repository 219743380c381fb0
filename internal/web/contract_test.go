package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// openAPIFile is the API description the tests hold the server to.
const openAPIFile = "../../docs/openapi.yaml"

// apiContract is docs/openapi.yaml, parsed, with an OpenAPI 3.1 validator
// (libopenapi-validator: JSON Schema 2020-12) built from it.
type apiContract struct {
	model     *v3.Document
	validator validator.Validator
	errorBody *base.Schema
}

// loadContract parses docs/openapi.yaml once for the whole test binary:
// every fixture's server is checked against it, and building the
// validator is the slow part.
var loadContract = sync.OnceValues(func() (*apiContract, error) {
	spec, err := os.ReadFile(openAPIFile)
	if err != nil {
		return nil, err
	}
	return parseContract(spec)
})

func parseContract(spec []byte) (*apiContract, error) {
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		return nil, err
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		return nil, err
	}
	c := &apiContract{model: &m.Model, validator: v}
	if m.Model.Components != nil {
		if p := m.Model.Components.Schemas.GetOrZero("Error"); p != nil {
			c.errorBody = p.Schema()
		}
	}
	if c.errorBody == nil {
		return nil, fmt.Errorf("%s: no Error schema under components.schemas", openAPIFile)
	}
	return c, nil
}

// checkContract wraps a test server so that every request to a path under
// /api/ or documented in docs/openapi.yaml, and the answer to it, is
// checked against the file; each mismatch fails t. An answer must have a
// documented status and match its schema, error bodies included; a request
// the file rules out must get a 4xx; an unknown path must be a 404 and an
// unknown method a 405 with an Allow header, both with an Error body.
func checkContract(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	c, err := loadContract()
	if err != nil {
		t.Fatalf("%s: %v", openAPIFile, err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pathItem, _, _ := paths.FindPath(r, c.model, nil)
		if pathItem == nil && !isAPI(r) {
			h.ServeHTTP(w, r)
			return
		}
		var body []byte
		if r.Body != nil {
			var err error
			if body, err = io.ReadAll(r.Body); err != nil {
				t.Fatalf("reading the request body: %v", err)
			}
		}
		replay := func() *http.Request {
			c := r.Clone(r.Context())
			c.Body = io.NopCloser(bytes.NewReader(body))
			return c
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, replay())
		for _, p := range c.check(replay(), pathItem, decoded(t, rec.Result())) {
			t.Errorf("%s %s (body %.200q) answered %d %.300s\ndoes not keep to %s: %s", r.Method, r.URL, body, rec.Code, rec.Body, openAPIFile, p)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// refusedPath reports whether resp is an Error naming the path, and leaves
// its body readable again.
func refusedPath(resp *http.Response) bool {
	b, err := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	var e struct {
		Error struct{ Field string } `json:"error"`
	}
	return err == nil && json.Unmarshal(b, &e) == nil && e.Error.Field == "path"
}

// decoded returns resp with its body decoded from its Content-Encoding, so
// that the schema sees the JSON the client would.
func decoded(t testing.TB, resp *http.Response) *http.Response {
	t.Helper()
	coding := resp.Header.Get("Content-Encoding")
	if coding == "" {
		return resp
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader = bytes.NewReader(b)
	switch coding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		if r, err = gzip.NewReader(r); err != nil {
			t.Fatalf("gzip body: %v", err)
		}
	default:
		t.Fatalf("unknown Content-Encoding %q", coding)
	}
	if b, err = io.ReadAll(r); err != nil {
		t.Fatalf("%s body: %v", coding, err)
	}
	resp.Header.Del("Content-Encoding")
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp
}

// check returns every way the answer resp to r breaks the contract.
func (c *apiContract) check(r *http.Request, pathItem *v3.PathItem, resp *http.Response) []string {
	var op *v3.Operation
	if pathItem != nil {
		op = pathItem.GetOperations().GetOrZero(strings.ToLower(r.Method))
	}
	switch {
	case resp.StatusCode == http.StatusBadRequest && refusedPath(resp):
		// An address the edge check refuses (not plain text, or not in
		// its clean form) is a 400 naming the path, before any route.
		return c.checkError(resp, http.StatusBadRequest)
	case pathItem == nil:
		return c.checkError(resp, http.StatusNotFound)
	case r.Method == http.MethodHead && pathItem.Get != nil:
		// HEAD answers as GET does, without the body.
		if pathItem.Get.Responses.Codes.GetOrZero(strconv.Itoa(resp.StatusCode)) == nil {
			return []string{fmt.Sprintf("status %d is not documented for GET", resp.StatusCode)}
		}
		return nil
	case op == nil:
		var problems []string
		if isAPI(r) {
			problems = c.checkError(resp, http.StatusMethodNotAllowed)
		} else if resp.StatusCode != http.StatusMethodNotAllowed {
			problems = append(problems, fmt.Sprintf("status %d, want 405", resp.StatusCode))
		}
		if resp.Header.Get("Allow") == "" {
			problems = append(problems, "a 405 must have an Allow header")
		}
		return problems
	}
	var problems []string
	_, reqErrs := c.validator.ValidateHttpRequestSync(r)
	if len(reqErrs) > 0 && (resp.StatusCode < 400 || resp.StatusCode >= 500) {
		problems = append(problems, fmt.Sprintf("the request breaks the contract (%s) but was answered %d, not a 4xx", describe(reqErrs), resp.StatusCode))
	}
	if _, respErrs := c.validator.ValidateHttpResponse(r, resp); len(respErrs) > 0 {
		problems = append(problems, "the answer: "+describe(respErrs))
	}
	return problems
}

// checkError checks an answer that no operation documents: its status and
// its Error body.
func (c *apiContract) checkError(resp *http.Response, status int) []string {
	var problems []string
	if resp.StatusCode != status {
		problems = append(problems, fmt.Sprintf("status %d, want %d", resp.StatusCode, status))
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return append(problems, err.Error())
	}
	if ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaBytes(c.errorBody, b); !ok {
		problems = append(problems, "the body is not an Error: "+describe(errs))
	}
	return problems
}

func describe(errs []*liberrors.ValidationError) string {
	var out []string
	for _, e := range errs {
		s := e.Message
		for _, f := range e.SchemaValidationErrors {
			s += fmt.Sprintf(" [%s at %s]", f.Reason, f.FieldPath)
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

// recordingTB keeps the failures reported to it instead of failing.
type recordingTB struct {
	testing.TB
	problems []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

// TestContractCatchesMismatches puts checkContract in front of handlers
// that break the contract in each way it checks, and one that keeps it, so
// that a checker that passes everything (or nothing) is caught.
func TestContractCatchesMismatches(t *testing.T) {
	const triage = `{"level":"self_care","reasons":[{"code":"normal_soreness","message":"m","source":{"title":"t","url":"https://example.org/"}}],"advice":["a"],"recheck_in_hours":48}`
	for _, tc := range []struct {
		name, method, target, body string
		status                     int
		allow, answer              string
		want                       string // in the one problem reported; "" for none
	}{
		{"kept", "GET", "/api/v1/brands", "", 200, "", `{"items":[]}`, ""},
		{"kept error", "GET", "/api/v1/chairs/nope", "", 404, "", `{"error":{"code":"not_found","message":"no chair"}}`, ""},
		{"kept outside /api/", "POST", "/healthz", "", 405, "GET, HEAD", "<!doctype html>", ""},
		{"kept page", "GET", "/chairs", "", 200, "", "<!doctype html>", ""},
		{"undocumented status", "GET", "/api/v1/brands", "", 418, "", `{"items":[]}`, "418"},
		{"missing key", "GET", "/api/v1/brands", "", 200, "", `{"items":[{"slug":"a","name":"A","country":null,"website":null,"chairs":1}]}`, "ph_presence"},
		{"wrong type", "GET", "/api/v1/brands", "", 200, "", `{"items":[{"slug":"a","name":"A","country":null,"website":null,"ph_presence":null,"chairs":"1"}]}`, "chairs"},
		{"error without message", "GET", "/api/v1/chairs/nope", "", 404, "", `{"error":{"code":"not_found"}}`, "message"},
		{"unknown error code", "GET", "/api/v1/chairs/nope", "", 404, "", `{"error":{"code":"gone","message":"x"}}`, "code"},
		{"bad request answered 200", "POST", "/api/v1/triage", `{"pain":"severe"}`, 200, "", triage, "not a 4xx"},
		{"unknown path answered 200", "GET", "/api/v1/nope", "", 200, "", `{"error":{"code":"not_found","message":"x"}}`, "want 404"},
		{"405 without Allow", "DELETE", "/api/v1/brands", "", 405, "", `{"error":{"code":"method_not_allowed","message":"x"}}`, "Allow"},
		{"405 with a page body", "DELETE", "/api/v1/brands", "", 405, "GET, HEAD", "<!doctype html>", "not an Error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recordingTB{TB: t}
			h := checkContract(rec, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if b, _ := io.ReadAll(r.Body); string(b) != tc.body {
					t.Errorf("the handler read body %q, want %q", b, tc.body)
				}
				if tc.allow != "" {
					w.Header().Set("Allow", tc.allow)
				}
				if strings.HasPrefix(tc.answer, "<") {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
				} else {
					w.Header().Set("Content-Type", "application/json; charset=utf-8")
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.answer)
			}))
			r := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.status || w.Body.String() != tc.answer {
				t.Errorf("the wrapper passed on %d %q, want %d %q", w.Code, w.Body, tc.status, tc.answer)
			}
			switch {
			case tc.want == "" && len(rec.problems) > 0:
				t.Errorf("reported %q for an answer that keeps the contract", rec.problems)
			case tc.want != "" && (len(rec.problems) != 1 || !strings.Contains(rec.problems[0], tc.want)):
				t.Errorf("reported %q, want one problem mentioning %q", rec.problems, tc.want)
			}
		})
	}
}
