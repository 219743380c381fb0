package mail_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// testServer is a real SMTP server on a loopback port, in the test process.
type testServer struct {
	addr  string
	roots *x509.CertPool

	mu       sync.Mutex
	received []delivery
}

// delivery is one message the server accepted.
type delivery struct {
	from     string
	to       []string
	data     []byte
	tls      bool
	authUser string
}

type serverOptions struct {
	// tls is "starttls" (offered), "implicit" or "" (none).
	tls string
	// mechs are the AUTH mechanisms offered ("PLAIN", "LOGIN"); the one
	// account is user ana, password secret.
	mechs []string
	// refuse, when set, is the answer to RCPT TO.
	refuse *smtp.SMTPError
}

func startServer(t *testing.T, o serverOptions) *testServer {
	t.Helper()
	cert, roots := selfSigned(t)
	ts := &testServer{roots: roots}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{ts: ts, o: o, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.AllowInsecureAuth = o.tls == ""
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}}
	switch o.tls {
	case "starttls":
		srv.TLSConfig = tlsConfig
	case "implicit":
		ln = tls.NewListener(ln, tlsConfig)
	}
	ts.addr = ln.Addr().String()
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return ts
}

func (ts *testServer) deliveries() []delivery {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]delivery(nil), ts.received...)
}

type session struct {
	ts       *testServer
	o        serverOptions
	conn     *smtp.Conn
	authUser string
	cur      delivery
}

func (s *session) AuthMechanisms() []string { return s.o.mechs }

func (s *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if user != "ana" || pass != "secret" {
			return smtp.ErrAuthFailed
		}
		s.authUser = user
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if len(s.o.mechs) > 0 && s.authUser == "" {
		return smtp.ErrAuthRequired
	}
	s.cur = delivery{from: from}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.o.refuse != nil {
		return s.o.refuse
	}
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	_, s.cur.tls = s.conn.TLSConnectionState()
	s.cur.authUser = s.authUser
	s.ts.mu.Lock()
	s.ts.received = append(s.ts.received, s.cur)
	s.ts.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.cur = delivery{} }
func (s *session) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN, which go-sasl lacks.
type loginServer struct {
	check func(user, pass string) error
	user  string
	step  int
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if len(response) > 0 {
			l.user, l.step = string(response), 2
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 2:
		l.user = string(response)
		return []byte("Password:"), false, nil
	}
	return nil, true, l.check(l.user, string(response))
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "masahe test"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// lines splits a raw message at CRLF; ok is false if it holds a bare LF or CR.
func lines(raw []byte) (ls [][]byte, ok bool) {
	ls = bytes.Split(raw, []byte("\r\n"))
	for _, l := range ls {
		if bytes.ContainsAny(l, "\r\n") {
			return ls, false
		}
	}
	return ls, true
}
