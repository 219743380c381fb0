package locale

import (
	"slices"
	"strings"
	"testing"
)

func TestSynonymList(t *testing.T) {
	t.Parallel()
	s := newTestBundle(t).Synonyms()
	if s.Len() < 60 {
		t.Errorf("%d synonym keys; the list should have at least 60", s.Len())
	}
	for _, w := range []string{"ang", "ng", "na", "sa", "para", "mga", "ko", "po", "yung"} {
		if !s.ignore[w] {
			t.Errorf("the particle %q is not ignored", w)
		}
	}
}

// TestExpand: Filipino and Taglish queries bring in the English words the
// chairs and articles are written in, and keep the words as typed.
func TestExpand(t *testing.T) {
	t.Parallel()
	s := newTestBundle(t).Synonyms()
	for _, tt := range []struct {
		query   string
		want    []string // all of these among the search words
		notWant []string // none of these
	}{
		{"upuan para sa masakit na likod", []string{"upuan", "chair", "masakit", "pain", "likod", "back"}, []string{"para", "sa", "na"}},
		{"Masakit ang likod ko po", []string{"pain", "back"}, []string{"ang", "ko", "po"}},
		{"pang lola", []string{"lola", "elderly", "seniors"}, []string{"pang"}},
		{"pang-matanda", []string{"elderly"}, nil},
		{"pangmatanda", []string{"elderly"}, nil},
		{"masahe sa paa", []string{"masahe", "massage", "paa", "feet", "foot"}, []string{"sa"}},
		{"upuwan", []string{"upuwan", "chair"}, nil}, // one typo, 6 letters
		{"massage chair na mura", []string{"massage", "chair", "cheap", "price"}, nil},
		{"sakit sa leeg at balikat", []string{"pain", "neck", "shoulder"}, []string{"at"}},
		{"maliit na kwarto", []string{"small", "room", "space", "saving"}, nil},
		{"kuryente 220v", []string{"power", "220v"}, nil},
		{"mainit sa baywang", []string{"heat", "lower", "back"}, nil},
		{"pananakitt ng binti", []string{"pain", "legs"}, nil}, // one typo in a long word
		{"pinakamahall", []string{"expensive"}, nil},           // typo, 12 letters
		{"zero gravity 4d", []string{"zero", "gravity", "4d"}, nil},
	} {
		got := s.SearchWords(tt.query)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: %q is not among %v", tt.query, w, got)
			}
		}
		for _, w := range tt.notWant {
			if slices.Contains(got, w) {
				t.Errorf("%q: %q should be dropped, got %v", tt.query, w, got)
			}
		}
		seen := map[string]bool{}
		for _, w := range got {
			if seen[w] {
				t.Errorf("%q: %q twice in %v", tt.query, w, got)
			}
			seen[w] = true
		}
	}
}

// TestExpandTypoLimits: short words are never corrected, 4–7 letters
// within one edit, 8 and more within two, and English words of the list
// never.
func TestExpandTypoLimits(t *testing.T) {
	t.Parallel()
	s := newTestBundle(t).Synonyms()
	for _, tt := range []struct {
		word, key string
	}{
		{"upuwan", "upuan"},         // 6 letters, 1 edit
		{"lkiod", "likod"},          // swapped neighbours count one
		{"upuam", "upuan"},          // 5 letters, 1 edit
		{"upwann", ""},              // 6 letters, 2 edits: too far
		{"pa", ""},                  // too short to correct
		{"paaa", "paa"},             // 4 letters, 1 edit
		{"balikatt", "balikat"},     // 8 letters, 1 edit
		{"pananakiit", "pananakit"}, // 10 letters
		{"pinakamahall", "pinakamahal"},
		{"back", ""},  // an English word of the list stays as it is
		{"chair", ""}, // likewise
		{"osaki", ""}, // a brand is not a Filipino word
	} {
		e := s.Expand(tt.word)
		if len(e) != 1 {
			t.Fatalf("Expand(%q) = %v, want one term", tt.word, e)
		}
		if tt.key == "" && e[0].Key != "" && e[0].Key != tt.word {
			t.Errorf("Expand(%q) read it as %q, want no correction", tt.word, e[0].Key)
		}
		if tt.key != "" && e[0].Key != tt.key {
			t.Errorf("Expand(%q) key %q, want %q", tt.word, e[0].Key, tt.key)
		}
	}
	if e := s.Expand("upuan sa maliit na kwarto"); len(e) != 2 || e[1].Key != "maliit na kwarto" {
		t.Errorf("the longest phrase should win: %+v", e)
	}
}

func TestParseSynonymsRefuses(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"upuan = chair\nupuan = seat",              // key twice
		"pang-lola = elderly\npang lola = seniors", // a hyphen is a space
		"upuan chair",         // no =
		"upuan = ",            // no English
		" = chair",            // no key
		"ignore: ang, ano ba", // a particle is one word
	} {
		if _, err := ParseSynonyms("t.txt", src); err == nil {
			t.Errorf("ParseSynonyms accepted %q", src)
		}
	}
	s, err := ParseSynonyms("t.txt", "# comment\nignore: sa\nupuan, silya = chair, seat\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.SearchWords("silya sa sala"), " "); got != "silya chair seat sala" {
		t.Errorf("SearchWords = %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"upuan", "upuan", 0}, {"upuan", "upuwan", 1}, {"osim", "osmi", 1},
		{"likod", "lkiod", 1}, {"paa", "", 3}, {"niño", "nino", 1}, {"kitten", "sitting", 3},
	} {
		if got := EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
