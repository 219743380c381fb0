package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// encoded is a response body in every encoding the site sends: the
// identity bytes and, when compressing pays, gzip and Brotli. Each
// encoding has its own strong entity tag, derived from the identity bytes.
type encoded struct {
	identity, gzip, br []byte
	etag               string // the identity's tag, quoted
	// tags and lengths of the three codings, made once (index: codingIndex)
	// so that sending a kept answer formats nothing.
	tags, lengths [3][]string
}

// codingIndex numbers the codings for encoded's tables.
func codingIndex(coding string) int {
	switch coding {
	case codingBrotli:
		return 1
	case codingGzip:
		return 2
	}
	return 0
}

// Content codings, in the order the site prefers them.
const (
	codingBrotli   = "br"
	codingGzip     = "gzip"
	codingIdentity = "identity"
)

// minCompress is the smallest body worth compressing: below it the
// framing costs more than it saves.
const minCompress = 512

// Compression levels. Cached answers are compressed once per catalog
// change and sent to many, so they get a denser Brotli level; the gains
// above these levels are a few bytes for several times the time.
const (
	brotliCached, brotliLive = 5, 4
	brotliWindow             = 18 // 256 KiB: larger than any page
	gzipLevel                = 6
)

// compressor keeps Brotli and gzip writers for reuse: a new Brotli writer
// allocates megabytes of tables.
type compressor struct {
	brCached, brLive, gz sync.Pool
}

func newCompressor() *compressor {
	c := &compressor{}
	c.brCached.New = func() any {
		return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: brotliCached, LGWin: brotliWindow})
	}
	c.brLive.New = func() any {
		return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: brotliLive, LGWin: brotliWindow})
	}
	c.gz.New = func() any {
		w, _ := gzip.NewWriterLevel(nil, gzipLevel)
		return w
	}
	return c
}

// compress runs body through a pooled writer and returns the result when
// it is smaller than body.
func compress(pool *sync.Pool, body []byte) []byte {
	type resetWriter interface {
		Reset(io.Writer)
		Write([]byte) (int, error)
		Close() error
	}
	w := pool.Get().(resetWriter)
	defer pool.Put(w)
	var buf bytes.Buffer
	buf.Grow(len(body) / 3)
	w.Reset(&buf)
	w.Write(body)
	w.Close()
	if buf.Len() >= len(body) {
		return nil
	}
	return buf.Bytes()
}

// encode prepares body in the codings the client accepts (br before gzip),
// each only when it comes out smaller. A cached answer is prepared in every
// coding, at the denser level, since it is compressed once and sent to all.
func (c *compressor) encode(body []byte, contentType string, codings accepted, cached bool) *encoded {
	sum := sha256.Sum256(body)
	e := &encoded{identity: body, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
	if len(body) < minCompress || !compressible(contentType) {
		return e.index()
	}
	switch {
	case cached:
		e.br, e.gzip = compress(&c.brCached, body), compress(&c.gz, body)
	case codings.br:
		e.br = compress(&c.brLive, body)
	case codings.gzip:
		e.gzip = compress(&c.gz, body)
	}
	return e.index()
}

// index fills the tables of tags and lengths.
func (e *encoded) index() *encoded {
	for _, coding := range []string{codingIdentity, codingBrotli, codingGzip} {
		body := map[string][]byte{codingIdentity: e.identity, codingBrotli: e.br, codingGzip: e.gzip}[coding]
		i := codingIndex(coding)
		e.tags[i] = []string{e.tag(coding)}
		e.lengths[i] = []string{strconv.Itoa(len(body))}
	}
	return e
}

// size is the memory the encodings hold.
func (e *encoded) size() int {
	return len(e.identity) + len(e.gzip) + len(e.br)
}

// pick returns the body and coding to send for an Accept-Encoding header.
func (e *encoded) pick(acceptEncoding string) ([]byte, string) {
	accepts := acceptedCodings(acceptEncoding)
	if e.br != nil && accepts.br {
		return e.br, codingBrotli
	}
	if e.gzip != nil && accepts.gzip {
		return e.gzip, codingGzip
	}
	return e.identity, codingIdentity
}

// tag is the entity tag of one coding of the body: strong tags must differ
// between representations.
func (e *encoded) tag(coding string) string {
	if coding == codingIdentity {
		return e.etag
	}
	return strings.TrimSuffix(e.etag, `"`) + "-" + coding + `"`
}

// accepted is what an Accept-Encoding header allows of the codings the
// site sends.
type accepted struct{ br, gzip bool }

// acceptedCodings reads an Accept-Encoding header: the codings with a
// q-value above zero ("*" stands for both). It allocates nothing: it runs
// on every request.
func acceptedCodings(header string) accepted {
	var out accepted
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ",")
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f <= 0 {
				continue
			}
		}
		switch {
		case strings.EqualFold(name, codingBrotli):
			out.br = true
		case strings.EqualFold(name, codingGzip):
			out.gzip = true
		case name == "*":
			out.br, out.gzip = true, true
		}
	}
	return out
}

// compressible reports whether a content type is text that compresses.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "+xml"), strings.HasSuffix(mt, "+json"):
		return true
	}
	switch mt {
	case "application/json", "application/xml", "application/javascript", "application/yaml":
		return true
	}
	return false
}

// matchesETag reports whether an If-None-Match header names tag, by the
// weak comparison RFC 9110 asks for.
func matchesETag(ifNoneMatch, tag string) bool {
	if ifNoneMatch == "" {
		return false
	}
	for part := range strings.SplitSeq(ifNoneMatch, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == "*" || part == tag {
			return true
		}
	}
	return false
}

var (
	codingValues = [3][]string{{codingIdentity}, {codingBrotli}, {codingGzip}}
)

// writeEncoded sends a complete answer: the coding the client accepts, its
// length and tag, or 304 Not Modified when the client already has it.
// Headers already set on w (the page's own) are kept.
func writeEncoded(w http.ResponseWriter, r *http.Request, status int, e *encoded) {
	body, coding := e.pick(r.Header.Get("Accept-Encoding"))
	i := codingIndex(coding)
	h := w.Header()
	// The header values are shared slices that nothing appends to.
	if e.br != nil || e.gzip != nil {
		h.Add("Vary", "Accept-Encoding")
	}
	if coding != codingIdentity {
		h["Content-Encoding"] = codingValues[i]
	}
	cacheable := status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead)
	if cacheable {
		h["Etag"] = e.tags[i]
		if matchesETag(r.Header.Get("If-None-Match"), e.tags[i][0]) {
			h.Del("Content-Length")
			h.Del("Content-Encoding")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h["Content-Length"] = e.lengths[i]
	w.WriteHeader(status)
	w.Write(body)
}

// encodeResponses buffers each answer that is not already encoded, then
// sends it compressed when the client accepts it, with Content-Length and,
// for successful GETs, an ETag that turns a repeat into 304 Not Modified.
func (s *Server) encodeResponses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bw := &bufferedWriter{w: w, status: http.StatusOK}
		next.ServeHTTP(bw, r)
		if bw.passthrough {
			return
		}
		accepts := acceptedCodings(r.Header.Get("Accept-Encoding"))
		writeEncoded(w, r, bw.status, s.compressor.encode(bw.body.Bytes(), w.Header().Get("Content-Type"), accepts, false))
	})
}

// bufferedWriter keeps a whole answer until the handler returns, unless the
// handler has already encoded it with writeEncoded (the page cache does),
// in which case it writes straight through.
type bufferedWriter struct {
	w           http.ResponseWriter
	status      int
	wrote       bool
	passthrough bool
	body        bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.w.Header() }

func (b *bufferedWriter) WriteHeader(status int) {
	if b.wrote {
		return
	}
	b.wrote, b.status = true, status
	// writeEncoded always sets Content-Length: an answer that has one is
	// complete already.
	if h := b.w.Header(); h.Get("Content-Length") != "" || status == http.StatusNotModified || status < 200 {
		b.passthrough = true
		b.w.WriteHeader(status)
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if !b.wrote {
		b.WriteHeader(http.StatusOK)
	}
	if b.passthrough {
		return b.w.Write(p)
	}
	return b.body.Write(p)
}
