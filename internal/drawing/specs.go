package drawing

import (
	"html/template"

	"masahe/internal/catalog"
)

// KeySpec is one entry of a chair's key-spec row: an icon and its text.
// The icon is decorative (aria-hidden); Label and Value carry the meaning.
type KeySpec struct {
	Key   string
	Label string
	// Value is the published value as shown ("SL-track", "Yes", "220–240 V")
	// or "Not published", in the words' language.
	Value string
	// Known is false when the chair does not publish the spec.
	Known bool
	Icon  template.HTML
}

// keySpecKeys are the specs of the icon row, in order.
var keySpecKeys = []string{"track", "rollers", "zero_gravity", "heat", "foot_rollers", "voltage"}

// icons are 24 × 24 line drawings, one per key spec.
var icons = map[string]string{
	// a track running down the back and under the seat
	"track": `<path d="M7 3v11a6 6 0 0 0 6 6h7"/><circle cx="7" cy="8" r="2"/>`,
	// two rollers on a rail
	"rollers": `<path d="M12 2v20"/><circle cx="12" cy="8" r="3.5"/><circle cx="12" cy="16" r="3.5"/>`,
	// a body lying back with the knees above the heart
	"zero_gravity": `<circle cx="4.5" cy="9" r="2"/><path d="M7 11l7 4 4-6 4 2"/><path d="M3 21h18"/>`,
	// rising heat
	"heat": `<path d="M7 20c-2-3 2-5 0-8s2-5 0-8M12 20c-2-3 2-5 0-8s2-5 0-8M17 20c-2-3 2-5 0-8s2-5 0-8"/>`,
	// a sole over two rollers
	"foot_rollers": `<path d="M8 3c4 0 6 3 6 7s-2 5-6 5-4-3-4-6 1-6 4-6z"/><circle cx="7" cy="19" r="2.5"/><circle cx="15" cy="19" r="2.5"/>`,
	// a plug's lightning bolt
	"voltage": `<path d="M13 2L5 14h6l-2 8 10-13h-6z"/>`,
}

func icon(key string) template.HTML {
	return template.HTML(`<svg xmlns="http://www.w3.org/2000/svg" class="spec-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">` + icons[key] + `</svg>`)
}

// KeySpecs is the chair's key-spec row: track, rollers, zero gravity,
// heat, foot rollers and voltage, each with its icon and its value or
// "Not published".
func KeySpecs(c catalog.Chair, w Words) []KeySpec {
	out := make([]KeySpec, 0, len(keySpecKeys))
	for _, key := range keySpecKeys {
		f, _ := catalog.FieldByKey(key)
		ks := KeySpec{Key: key, Label: w.SpecLabel(f), Value: w.T("drawing.not_published"), Icon: icon(key)}
		if s := c.Specs[key]; s.Value != nil {
			ks.Value, ks.Known = w.SpecValue(f, s), true
		}
		out = append(out, ks)
	}
	return out
}
