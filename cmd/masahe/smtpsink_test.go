package main

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// smtpSink is a real SMTP server on a loopback port that keeps every
// message it accepted. While hold is set, a message's DATA is read and
// then left unanswered until the connection drops, so that a test can
// kill the sender in the middle of sending; a message never answered is
// not kept.
type smtpSink struct {
	addr string

	mu       sync.Mutex
	received [][]byte
	hold     bool
	inData   chan struct{}
	release  chan struct{}
}

func startSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	sink := &smtpSink{inData: make(chan struct{}, 16), release: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: sink}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sink.addr = ln.Addr().String()
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(ln) }()
	t.Cleanup(func() { close(sink.release); srv.Close(); <-done })
	return sink
}

func (s *smtpSink) messages() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.received...)
}

func (s *smtpSink) setHold(h bool) {
	s.mu.Lock()
	s.hold = h
	s.mu.Unlock()
}

type sinkSession struct{ sink *smtpSink }

func (*sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (*sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (*sinkSession) Reset()                               {}
func (*sinkSession) Logout() error                        { return nil }

func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.sink.mu.Lock()
	hold := s.sink.hold
	s.sink.mu.Unlock()
	if hold {
		s.sink.inData <- struct{}{}
		<-s.sink.release // never answer: the sender dies first
		return io.ErrUnexpectedEOF
	}
	s.sink.mu.Lock()
	s.sink.received = append(s.sink.received, b)
	s.sink.mu.Unlock()
	return nil
}
