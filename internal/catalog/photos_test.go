package catalog

import "testing"

// TestValidatePhotos: a photo must name a known chair, carry alt text and
// a credit, a size, and files in a stored format with bytes; a chair has
// one main photo at most. Each problem is reported at its line and field.
func TestValidatePhotos(t *testing.T) {
	t.Parallel()
	bad := `{
  "photos": [
    {"chair": "nochair", "alt": "", "credit": "", "width": 0, "height": 300, "files": []},
    {"chair": "c1", "alt": "Front", "credit": "Masahe", "main": true, "width": 400, "height": 300, "files": [{"width": 320, "height": 240, "format": "png", "data": ""}]},
    {"chair": "c1", "alt": "Side", "credit": "Masahe", "main": true, "width": 400, "height": 300, "files": [{"width": 320, "height": 240, "format": "webp", "data": "AAAA"}]}
  ]
}`
	checkProblems(t, bad, Known{Chairs: map[string]bool{"c1": true}}, []lineField{
		{3, "chair"}, {3, "alt"}, {3, "credit"}, {3, "width"}, {3, "files"},
		{4, "files[0].format"}, {4, "files[0].data"},
		{5, "main"},
	})
}
