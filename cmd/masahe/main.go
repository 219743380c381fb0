// Command masahe serves the Masahe massage-chair hub and manages its data.
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "masahe:", err)
		os.Exit(1)
	}
}
