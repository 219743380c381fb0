// Package data holds the bundled starter catalog (data/catalog/*.json),
// embedded in the binary and loaded into a new database on first run.
package data

import (
	"embed"
	"fmt"
	"io/fs"

	"masahe/internal/catalog"
)

//go:embed catalog/*.json
var files embed.FS

// Starter returns the bundled catalog, all files merged into one document.
func Starter() (*catalog.Document, error) {
	names, err := fs.Glob(files, "catalog/*.json")
	if err != nil {
		return nil, err
	}
	doc := &catalog.Document{}
	for _, name := range names {
		f, err := files.Open(name)
		if err != nil {
			return nil, err
		}
		part, err := catalog.ParseDocument("data/"+name, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("starter data: %w", err)
		}
		doc.Merge(part)
	}
	return doc, nil
}
