// Command breachedlist turns a gzipped list of passwords, one a line, into
// the list the account package embeds: each entry in the form the password
// rules compare, kept only if the rules would otherwise accept it, sorted,
// without repeats, gzipped. It reads standard input and writes standard
// output; scripts/breached-passwords.sh runs it.
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"slices"

	"masahe/internal/account"
)

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "breachedlist:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	zr, err := gzip.NewReader(in)
	if err != nil {
		return err
	}
	var list []string
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if pw, ok := account.ListForm(sc.Text()); ok {
			list = append(list, pw)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	slices.Sort(list)
	list = slices.Compact(list)
	zw, err := gzip.NewWriterLevel(out, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(zw)
	for _, pw := range list {
		w.WriteString(pw)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return zw.Close()
}
