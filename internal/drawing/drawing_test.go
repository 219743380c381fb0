package drawing

import (
	"encoding/xml"
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"

	"masahe/internal/catalog"
)

// node is a parsed SVG element.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// all lists n and its descendants.
func (n node) all() []node {
	out := []node{n}
	for _, c := range n.Children {
		out = append(out, c.all()...)
	}
	return out
}

func (n node) find(local, class string) []node {
	var out []node
	for _, e := range n.all() {
		if e.XMLName.Local == local && (class == "" || e.attr("class") == class) {
			out = append(out, e)
		}
	}
	return out
}

// parse checks the markup is well-formed XML and returns its root.
func parse(t *testing.T, h template.HTML) node {
	t.Helper()
	var root node
	d := xml.NewDecoder(strings.NewReader(string(h)))
	d.Strict = true
	if err := d.Decode(&root); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, h)
	}
	return root
}

type bbox struct{ minX, minY, maxX, maxY float64 }

func (b bbox) w() float64 { return b.maxX - b.minX }
func (b bbox) h() float64 { return b.maxY - b.minY }

func polygonBox(t *testing.T, p node) bbox {
	t.Helper()
	b := bbox{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, xy := range strings.Fields(p.attr("points")) {
		x, errX := strconv.ParseFloat(strings.Split(xy, ",")[0], 64)
		y, errY := strconv.ParseFloat(strings.Split(xy, ",")[1], 64)
		if errX != nil || errY != nil {
			t.Fatalf("bad point %q", xy)
		}
		b = bbox{min(b.minX, x), min(b.minY, y), max(b.maxX, x), max(b.maxY, y)}
	}
	return b
}

func chair(slug, name string, specs map[string]any) catalog.Chair {
	c := catalog.Chair{Slug: slug, BrandName: "Brand", Name: name, Specs: map[string]catalog.Spec{}}
	for k, v := range specs {
		c.Specs[k] = catalog.Spec{Value: v}
	}
	return c
}

func TestSideProfileToScale(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name               string
		specs              map[string]any
		upD, upH, reD, reH float64
	}{
		{"both", map[string]any{"upright_depth_cm": int64(130), "upright_height_cm": int64(118), "reclined_depth_cm": int64(175), "reclined_height_cm": int64(85)}, 130, 118, 175, 85},
		{"upright only", map[string]any{"upright_depth_cm": int64(95), "upright_height_cm": int64(110), "reclined_depth_cm": int64(160)}, 95, 110, 0, 0},
		{"reclined only", map[string]any{"reclined_depth_cm": int64(150), "reclined_height_cm": int64(70)}, 0, 0, 150, 70},
		{"taller than the person", map[string]any{"upright_depth_cm": int64(90), "upright_height_cm": int64(200)}, 90, 200, 0, 0},
	}
	for _, tc := range tests {
		for _, size := range []Size{Card, Page} {
			t.Run(tc.name+"/"+size.code(), func(t *testing.T) {
				t.Parallel()
				out := SideProfile(chair("c-"+tc.name[:2], "Model", tc.specs), size, english)
				root := parse(t, out)
				t.Logf("%d bytes", len(out))
				vb := strings.Fields(root.attr("viewBox"))
				vbW, _ := strconv.ParseFloat(vb[2], 64)
				vbH, _ := strconv.ParseFloat(vb[3], 64)
				if got := root.num(t, "width") / vbW; math.Abs(got-size.PxPerCm()) > 0.01 {
					t.Errorf("%.3f px per cm, want %.3f", got, size.PxPerCm())
				}
				if got := root.num(t, "height") / vbH; math.Abs(got-size.PxPerCm()) > 0.01 {
					t.Errorf("height at %.3f px per cm, want %.3f", got, size.PxPerCm())
				}
				floor := root.find("line", "floor")
				if len(floor) != 1 {
					t.Fatal("no floor line")
				}
				ground := floor[0].num(t, "y1")
				check := func(class string, d, h float64) {
					polys := root.find("polygon", class)
					if d == 0 {
						if len(polys) != 0 {
							t.Errorf("%s drawn without published dimensions", class)
						}
						return
					}
					if len(polys) != 1 {
						t.Fatalf("%d %s outlines", len(polys), class)
					}
					b := polygonBox(t, polys[0])
					if b.w() != d || b.h() != h || b.maxY != ground {
						t.Errorf("%s box %.1f × %.1f standing at %.1f, want %.0f × %.0f at %.0f", class, b.w(), b.h(), b.maxY, d, h, ground)
					}
				}
				check("upright", tc.upD, tc.upH)
				check("reclined", tc.reD, tc.reH)
				person := root.find("g", "person")
				if len(person) != 1 {
					t.Fatal("no person")
				}
				body := polygonBox(t, person[0].find("polygon", "")[0])
				head := person[0].find("circle", "")[0]
				top := head.num(t, "cy") - head.num(t, "r")
				if body.maxY != ground || ground-top != PersonCm {
					t.Errorf("person from %.1f to %.1f, want %d cm standing on %.1f", top, body.maxY, PersonCm, ground)
				}
				bar := root.find("line", "scale")
				if len(bar) != 1 || bar[0].num(t, "x2")-bar[0].num(t, "x1") != ScaleCm {
					t.Errorf("scale bar is not %d cm", ScaleCm)
				}
				if !strings.Contains(string(out), ">100 cm</text>") {
					t.Error("scale bar has no label")
				}
			})
		}
	}
}

func TestSideProfileGeneric(t *testing.T) {
	t.Parallel()
	for _, specs := range []map[string]any{
		nil,
		{"upright_depth_cm": int64(120)},
		{"upright_height_cm": int64(120), "reclined_depth_cm": int64(160)},
	} {
		for _, size := range []Size{Card, Page} {
			out := SideProfile(chair("g", "Model", specs), size, english)
			root := parse(t, out)
			t.Logf("generic %s: %d bytes", size.code(), len(out))
			if len(root.find("polygon", "generic")) != 1 {
				t.Errorf("%v: no generic outline", specs)
			}
			if len(root.find("g", "person")) != 0 || len(root.find("line", "scale")) != 0 {
				t.Errorf("%v: generic outline drawn with a person or scale, as if to scale", specs)
			}
			texts := root.find("text", "")
			if len(texts) != 1 || texts[0].Text != "size not published" {
				t.Errorf("%v: texts %v", specs, texts)
			}
			if title := root.find("title", ""); len(title) != 1 || !strings.Contains(title[0].Text, "size not published") {
				t.Errorf("%v: title does not say the size is not published", specs)
			}
		}
	}
}

// accessibleName checks role="img" and that aria-labelledby names a title
// and a desc inside the drawing.
func accessibleName(t *testing.T, root node) {
	t.Helper()
	if root.attr("role") != "img" {
		t.Error("role is not img")
	}
	ids := strings.Fields(root.attr("aria-labelledby"))
	if len(ids) != 2 {
		t.Fatalf("aria-labelledby %q", root.attr("aria-labelledby"))
	}
	for i, want := range []string{"title", "desc"} {
		found := false
		for _, e := range root.find(want, "") {
			found = found || e.attr("id") == ids[i] && e.Text != ""
		}
		if !found {
			t.Errorf("no %s with id %q", want, ids[i])
		}
	}
}

func TestSideProfileEscapesText(t *testing.T) {
	t.Parallel()
	name := `<script>alert(1)</script> "Z&G" 'x'`
	for _, specs := range []map[string]any{nil, {"upright_depth_cm": int64(90), "upright_height_cm": int64(110)}} {
		c := chair(`s" onload="alert(1)`, name, specs)
		out := SideProfile(c, Page, english)
		root := parse(t, out)
		accessibleName(t, root)
		for _, e := range root.all() {
			if e.XMLName.Local == "script" {
				t.Error("a script element got through")
			}
			for _, a := range e.Attrs {
				if strings.HasPrefix(a.Name.Local, "on") {
					t.Errorf("attribute %s got through", a.Name.Local)
				}
			}
		}
		if title := root.find("title", "")[0].Text; !strings.HasPrefix(title, "Brand "+name+":") {
			t.Errorf("title %q does not keep the name as text", title)
		}
	}
}

func TestSideProfileDescribesSizes(t *testing.T) {
	t.Parallel()
	c := chair("d", "Model", map[string]any{"upright_depth_cm": int64(130), "upright_height_cm": int64(118), "reclined_depth_cm": int64(175), "reclined_height_cm": int64(85)})
	desc := parse(t, SideProfile(c, Page, english)).find("desc", "")[0].Text
	for _, want := range []string{"130 cm deep and 118 cm high", "175 cm deep and 85 cm high", "170 cm tall", "100 cm bar"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc %q lacks %q", desc, want)
		}
	}
}

func TestScoreBar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		score  float64
		width  float64
		number string
	}{{7.5, 75, "7.5"}, {0, 0, "0.0"}, {10, 100, "10.0"}, {12, 100, "12.0"}, {-1, 0, "-1.0"}, {math.NaN(), 0, "NaN"}}
	for _, tc := range tests {
		out := ScoreBar(`Neck & <shoulders>`, tc.score, english)
		root := parse(t, out)
		rects := root.find("rect", "")
		if len(rects) != 2 || rects[0].num(t, "width") != 100 || rects[1].num(t, "width") != tc.width {
			t.Errorf("score %v: bars %v", tc.score, rects)
		}
		if text := root.find("text", ""); len(text) != 1 || text[0].Text != tc.number {
			t.Errorf("score %v: number %v, want %q", tc.score, text, tc.number)
		}
		if got, want := root.attr("aria-label"), "Neck & <shoulders>: "+tc.number+" out of 10"; root.attr("role") != "img" || got != want {
			t.Errorf("aria-label %q, want %q", got, want)
		}
		if len(out) > 450 {
			t.Errorf("score bar is %d bytes", len(out))
		}
	}
}

func TestKeySpecs(t *testing.T) {
	t.Parallel()
	c := chair("k", "Model", map[string]any{"track": "sl", "rollers": "4d", "zero_gravity": true, "heat": false, "voltage": "220-240"})
	want := []struct {
		key, value string
		known      bool
	}{
		{"track", "SL-track", true}, {"rollers", "4D", true}, {"zero_gravity", "Yes", true},
		{"heat", "No", true}, {"foot_rollers", "Not published", false}, {"voltage", "220–240 V", true},
	}
	got := KeySpecs(c, english)
	if len(got) != len(want) {
		t.Fatalf("%d specs", len(got))
	}
	seen := map[string]bool{}
	for i, w := range want {
		g := got[i]
		if g.Key != w.key || g.Value != w.value || g.Known != w.known || g.Label == "" {
			t.Errorf("%d: got %+v, want %+v", i, g, w)
		}
		root := parse(t, g.Icon)
		if root.attr("aria-hidden") != "true" || len(root.Children) == 0 {
			t.Errorf("%s: icon not decorative or empty", g.Key)
		}
		if seen[string(g.Icon)] {
			t.Errorf("%s: icon repeats another", g.Key)
		}
		seen[string(g.Icon)] = true
		t.Logf("%s icon: %d bytes", g.Key, len(g.Icon))
	}
}
