package mail

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"masahe/internal/errs"
)

// Dir "sends" mail by writing each message as an .eml file into a folder,
// for installations without a mail server: an admin reads them with List
// and Read.
type Dir struct {
	dir  string
	from *netmail.Address
}

// NewDir returns a sender that writes into dir, which it creates when
// needed, with from as the sender address.
func NewDir(dir, from string) (*Dir, error) {
	a, err := parseAddress("mail-from", from)
	if err != nil {
		return nil, err
	}
	return &Dir{dir: dir, from: a}, nil
}

// Send writes m as one file, atomically: a reader sees the whole message or
// none. Sending the same message again (a retried job) rewrites the same
// file. Only an invalid message is a permanent error.
func (d *Dir) Send(ctx context.Context, m Message) error {
	raw, err := Render(d.from, m)
	if err != nil {
		return permanent(err)
	}
	if err := os.MkdirAll(d.dir, 0o750); err != nil {
		return fmt.Errorf("mail folder: %w", err)
	}
	f, err := os.CreateTemp(d.dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("mail folder: %w", err)
	}
	_, err = f.Write(raw)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(d.dir, fileName(m)))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("mail folder: %w", err)
	}
	return nil
}

// fileName is the message's date and the letters and digits of its ID, so
// that names sort by date and a message always gets the same name.
func fileName(m Message) string {
	id := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, m.ID)
	return m.Date.UTC().Format("20060102T150405Z") + "-" + id + ".eml"
}

// Stored is a message read back from a mail folder.
type Stored struct {
	// Name is the file name, the key for Read.
	Name                  string
	ID, From, To, Subject string
	Date                  time.Time
	Language, Unsubscribe string
	// Text and HTML are the decoded parts; List leaves them empty.
	Text, HTML string
}

// List returns the messages in dir, newest first, without their bodies. A
// folder that does not exist yet holds no messages.
func List(dir string) ([]Stored, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("mail folder: %w", err)
	}
	var list []Stored
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".eml") && !strings.HasPrefix(e.Name(), ".") {
			m, err := readFile(dir, e.Name(), false)
			if err != nil {
				return nil, err
			}
			list = append(list, m)
		}
	}
	slices.SortFunc(list, func(a, b Stored) int {
		return cmp.Or(b.Date.Compare(a.Date), strings.Compare(b.Name, a.Name))
	})
	return list, nil
}

// Read returns one message of dir with its decoded parts. A name that is
// not a message file of dir is not found.
func Read(dir, name string) (Stored, error) {
	if !strings.HasSuffix(name, ".eml") || strings.HasPrefix(name, ".") || filepath.Base(name) != name {
		return Stored{}, errs.NotFoundf("no message %q", name)
	}
	return readFile(dir, name, true)
}

func readFile(dir, name string, bodies bool) (Stored, error) {
	f, err := os.OpenInRoot(dir, name)
	if errors.Is(err, fs.ErrNotExist) {
		return Stored{}, errs.NotFoundf("no message %q", name)
	}
	if err != nil {
		return Stored{}, fmt.Errorf("mail folder: %w", err)
	}
	defer f.Close()
	m, err := Parse(f, bodies)
	if err != nil {
		return Stored{}, fmt.Errorf("mail folder: %s: %w", name, err)
	}
	m.Name = name
	return m, nil
}

// Parse reads a message as Render writes it: the headers and, when bodies
// is true, the decoded text/plain and text/html parts.
func Parse(r io.Reader, bodies bool) (Stored, error) {
	msg, err := netmail.ReadMessage(r)
	if err != nil {
		return Stored{}, err
	}
	h := msg.Header
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(h.Get("Subject"))
	if err != nil {
		return Stored{}, fmt.Errorf("subject: %w", err)
	}
	date, err := h.Date()
	if err != nil {
		return Stored{}, err
	}
	m := Stored{
		ID: strings.Trim(h.Get("Message-ID"), "<>"), From: h.Get("From"), To: h.Get("To"),
		Subject: subject, Date: date, Language: h.Get("Content-Language"),
		Unsubscribe: strings.Trim(h.Get("List-Unsubscribe"), "<>"),
	}
	if !bodies {
		return m, nil
	}
	kind, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || kind != "multipart/alternative" {
		return Stored{}, fmt.Errorf("content type %q is not multipart/alternative", h.Get("Content-Type"))
	}
	parts := multipart.NewReader(msg.Body, params["boundary"])
	for {
		// NextPart decodes quoted-printable.
		p, err := parts.NextPart()
		if err == io.EOF {
			return m, nil
		}
		if err != nil {
			return Stored{}, err
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return Stored{}, err
		}
		// Render sends CRLF line ends; give back the text as it was written.
		text := strings.ReplaceAll(string(b), "\r\n", "\n")
		kind, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch kind {
		case "text/plain":
			m.Text = text
		case "text/html":
			m.HTML = text
		}
	}
}
