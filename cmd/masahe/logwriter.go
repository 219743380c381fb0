package main

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// logBuffer collects log lines in memory and writes them out in batches:
// every flushEvery, when the buffer is full, and on Close. A request log
// line then costs a copy into memory instead of a write system call each.
// A crash loses at most the last flushEvery of lines; a clean shutdown
// loses none.
type logBuffer struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

const (
	logFlushEvery = time.Second
	logBufferSize = 64 << 10
)

func newLogBuffer(w io.Writer) *logBuffer {
	b := &logBuffer{w: bufio.NewWriterSize(w, logBufferSize), stop: make(chan struct{}), done: make(chan struct{})}
	go b.flushLoop()
	return b
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

// Flush writes out what is buffered.
func (b *logBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Flush()
}

func (b *logBuffer) flushLoop() {
	defer close(b.done)
	t := time.NewTicker(logFlushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.Flush()
		case <-b.stop:
			return
		}
	}
}

// Close stops the periodic flush and writes out the rest.
func (b *logBuffer) Close() error {
	close(b.stop)
	<-b.done
	return b.Flush()
}
