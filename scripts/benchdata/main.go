// Command benchdata makes the load test's data set with the project's own
// generators: -catalog FILE writes N generated chairs as an import file
// (catalogtest.Generate) for "masahe import"; -database DSN -reviews N then
// adds N generated owner reviews (store.GenerateOwnerReviews). Generated
// data is for load tests only and never bundled. See scripts/load.sh.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"masahe/internal/catalog/catalogtest"
	"masahe/internal/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchdata:", err)
		os.Exit(1)
	}
}

func run() error {
	file := flag.String("catalog", "", "write the generated catalog to this JSON file")
	chairs := flag.Int("chairs", 10_000, "chairs to generate")
	dsn := flag.String("database", "", "add generated owner reviews to this database")
	reviews := flag.Int("reviews", 100_000, "owner reviews to generate")
	flag.Parse()
	if *file != "" {
		b, err := json.Marshal(catalogtest.Generate(*chairs))
		if err != nil {
			return err
		}
		if err := os.WriteFile(*file, b, 0o644); err != nil {
			return err
		}
	}
	if *dsn != "" {
		ctx := context.Background()
		st, err := store.Open(ctx, *dsn, time.Now)
		if err != nil {
			return err
		}
		defer st.Close()
		return st.GenerateOwnerReviews(ctx, *reviews)
	}
	return nil
}
