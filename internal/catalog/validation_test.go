package catalog

import (
	"errors"
	"fmt"
	"testing"

	"masahe/internal/errs"
)

// A validation error is an invalid-input error wherever it surfaces, even
// wrapped, so the web layer's one mapper answers it with a 4xx.
func TestValidationErrorIsInvalid(t *testing.T) {
	t.Parallel()
	doc := &Document{Brands: []Brand{{Slug: "Not A Slug", Name: ""}}}
	verr := doc.Validate(Known{})
	if verr == nil {
		t.Fatal("Validate accepted a brand with a bad slug")
	}
	for name, err := range map[string]error{"bare": verr, "wrapped": fmt.Errorf("save: %w", verr)} {
		if code := errs.CodeOf(err); code != errs.Invalid {
			t.Errorf("%s: CodeOf = %q, want %q", name, code, errs.Invalid)
		}
		e := errs.As(err)
		var ve *ValidationError
		if !errors.As(err, &ve) || e.Message != ve.Error() || e.Field != ve.Problems[0].Field || e.Field == "" {
			t.Errorf("%s: errs.As = %+v, want the validation error's text and first field", name, e)
		}
	}
}
