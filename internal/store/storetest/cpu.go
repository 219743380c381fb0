package storetest

import (
	"syscall"
	"testing"
	"time"
)

// CPU is the CPU time the process has used so far, user and system.
func CPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// ReportCPU reports the process's CPU time per iteration since start (a
// CPU reading) as cpu-ns/op, beside the wall time: on a shared machine it
// moves less with the neighbours' load. It counts every goroutine of the
// process, SQLite's work included; a PostgreSQL server's work is not in it.
func ReportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(CPU()-start)/float64(b.N), "cpu-ns/op")
}
