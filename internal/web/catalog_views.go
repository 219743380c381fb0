package web

import (
	"context"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"masahe/internal/catalog"
	"masahe/internal/drawing"
	"masahe/internal/fit"
	"masahe/internal/locale"
)

// cardView is a chair in a list.
type cardView struct {
	Chair catalog.Chair
	URL   string
	// Photo is the chair's main photo; without one, Drawing is its
	// side profile.
	Photo   *pictureView
	Drawing template.HTML
	// Specs are the key specs the chair publishes, as short chips;
	// Unpublished counts the others.
	Specs       []specChip
	Unpublished int
	ZeroGravity string
	Price       *priceView
	ShowCompare bool
	Selected    bool
	Fit         *fitBadge
	Rating      *ratingLine
}

// fitBadge sums up a chair's fit checks for the visitor.
type fitBadge struct {
	Verdict fit.Verdict
	Checks  []checkView
}

// newFitBadge checks the chair for the profile; nil when the checks have
// nothing to say.
func newFitBadge(p *locale.Printer, checks []fit.Check) *fitBadge {
	if len(checks) == 0 {
		return nil
	}
	return &fitBadge{Verdict: fit.Worst(checks), Checks: checkViews(p, checks)}
}

// newCard shows a chair in a list; siteMean is the mean owner rating
// that its rating is shrunk toward.
func newCard(c catalog.Chair, selected []string, siteMean float64, st catalogText) cardView {
	v := cardView{Chair: c, URL: "/chairs/" + c.Slug, ZeroGravity: "unknown", Selected: slices.Contains(selected, c.Slug), Rating: newRatingLine(c, siteMean)}
	if zg, ok := c.Bool("zero_gravity"); ok {
		v.ZeroGravity = strconv.FormatBool(zg)
	}
	for _, ks := range drawing.KeySpecs(c, st) {
		if !ks.Known {
			v.Unpublished++
			continue
		}
		v.Specs = append(v.Specs, newSpecChip(c, ks, st))
	}
	v.Price = newPriceView(c)
	return v
}

// specChip is a key spec on a card: its icon and a few words that name it
// ("SL-track", "4D rollers", "No heat").
type specChip struct {
	Icon template.HTML
	Text string
	No   bool
}

func newSpecChip(c catalog.Chair, ks drawing.KeySpec, st catalogText) specChip {
	if ks.Key == "rollers" {
		return specChip{Icon: ks.Icon, Text: st.T("spec.chip.rollers", ks.Value)}
	}
	if has, ok := c.Bool(ks.Key); ok && has {
		return specChip{Icon: ks.Icon, Text: ks.Label}
	} else if ok {
		return specChip{Icon: ks.Icon, Text: st.T("spec.chip.no", strings.ToLower(ks.Label)), No: true}
	}
	return specChip{Icon: ks.Icon, Text: ks.Value}
}

// cards shows chairs in a list, each with its main photo or, without one,
// its drawing, in the language of the context's page. The first card's
// photo loads at once: it is often the largest thing on the screen.
func (s *Server) cards(ctx context.Context, chairs []catalog.Chair, selected []string, siteMean float64) ([]cardView, error) {
	st := s.catalogText(contextLang(ctx))
	slugs := make([]string, len(chairs))
	for i, c := range chairs {
		slugs[i] = c.Slug
	}
	photos, err := s.stores.Media.MainPhotos(ctx, slugs)
	if err != nil {
		return nil, err
	}
	out := make([]cardView, len(chairs))
	for i, c := range chairs {
		out[i] = newCard(c, selected, siteMean, st)
		if p, ok := photos[c.Slug]; ok {
			pic := newPicture(p, sizesCard)
			pic.Eager = i == 0
			out[i].Photo = &pic
		} else {
			out[i].Drawing = drawing.SideProfile(c, drawing.Card, st)
		}
	}
	return out, nil
}

// specRow is one spec on the chair page.
type specRow struct {
	Label    string
	Value    string
	Missing  bool
	Sample   bool
	SourceN  int
	SourceID string
	// Note is the source's kind and market: "official distributor, US".
	Note string
}

type specGroup struct {
	Name string
	Rows []specRow
}

// numberedSource is a cited source with its kind and market (Note) and
// the day it was read (Read) in the page's language.
type numberedSource struct {
	N int
	catalog.Source
	Note, Read string
}

// sourceNumbers numbers a chair's sources in order of first citation.
type sourceNumbers struct {
	chair catalog.Chair
	ids   []string
}

func (n *sourceNumbers) number(id string) int {
	if _, ok := n.chair.Sources[id]; !ok || id == "" {
		return 0
	}
	if i := slices.Index(n.ids, id); i >= 0 {
		return i + 1
	}
	n.ids = append(n.ids, id)
	return len(n.ids)
}

func (n *sourceNumbers) list(st catalogText) []numberedSource {
	out := make([]numberedSource, len(n.ids))
	for i, id := range n.ids {
		src := n.chair.Sources[id]
		out[i] = numberedSource{N: i + 1, Source: src, Note: st.SourceNote(src), Read: st.Day(src.Accessed)}
	}
	return out
}

// specGroups lays out every spec of the chair by group, with numbered
// sources, in st's language.
func specGroups(c catalog.Chair, st catalogText) ([]specGroup, []numberedSource) {
	nums := &sourceNumbers{chair: c}
	nums.number(c.Source)
	var groups []specGroup
	group := ""
	for _, f := range catalog.Fields {
		spec, ok := c.Specs[f.Key]
		row := specRow{Label: st.SpecLabel(f), Value: st.ChairValue(c, f), Missing: !ok, Sample: spec.Sample, SourceN: nums.number(spec.Source),
			Note: st.SourceNote(c.Sources[spec.Source])}
		if len(groups) == 0 || group != f.Group {
			group = f.Group
			groups = append(groups, specGroup{Name: st.Group(f.Group)})
		}
		g := &groups[len(groups)-1]
		g.Rows = append(g.Rows, row)
	}
	return groups, nums.list(st)
}

// facetOption is a checkbox, radio or select option of the filter form.
type facetOption struct {
	Value   string
	Label   string
	Checked bool
	Count   int
}

func options(opts []catalog.Option, checked []string) []facetOption {
	out := make([]facetOption, len(opts))
	for i, o := range opts {
		out[i] = facetOption{Value: o.Value, Label: o.Label, Checked: slices.Contains(checked, o.Value)}
	}
	return out
}

// messageOptions are options labelled in the printer's language by the
// messages prefix + value ("catalog.sort.name").
func messageOptions(p *locale.Printer, prefix string, opts []catalog.Option, checked ...string) []facetOption {
	out := options(opts, checked)
	for i := range out {
		out[i].Label = p.T(prefix + out[i].Value)
	}
	return out
}

// toggleView is a "only chairs with…" checkbox.
type toggleView struct {
	Name    string
	Label   string
	Checked bool
}

// toggles are named and labelled as the spec fields they filter on.
func toggles(f catalog.Filter, st catalogText) []toggleView {
	is := func(b *bool) bool { return b != nil && *b }
	out := []toggleView{
		{"zero_gravity", "", is(f.ZeroGravity)},
		{"heat", "", is(f.Heat)},
		{"foot_rollers", "", is(f.FootRollers)},
		{"space_saving", "", is(f.SpaceSaving)},
	}
	for i := range out {
		field, _ := catalog.FieldByKey(out[i].Name)
		out[i].Label = st.SpecLabel(field)
	}
	return out
}

func intValue(n *int64) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(*n, 10)
}

// pageURL is path with the filter's query at page p.
func pageURL(path string, f catalog.Filter, p int, extra url.Values) string {
	f.Page = p
	q := f.Query()
	for k, v := range extra {
		q[k] = v
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// compareURL is the compare page for slugs, with the "only differences"
// toggle when onlyDiff.
func compareURL(slugs []string, onlyDiff bool) string {
	q := url.Values{"chairs": {strings.Join(slugs, ",")}}
	if onlyDiff {
		q.Set("diff", "1")
	}
	return "/compare?" + q.Encode()
}

// compareParam is the catalog's query parameter for chairs already picked
// for comparison; nil when none are.
func compareParam(slugs []string) url.Values {
	if len(slugs) == 0 {
		return nil
	}
	return url.Values{"compare": {strings.Join(slugs, ",")}}
}

// catalogWithCompare is the catalog with slugs already picked for comparison.
func catalogWithCompare(slugs []string) string {
	if len(slugs) == 0 {
		return "/chairs"
	}
	return "/chairs?" + url.Values{"compare": {strings.Join(slugs, ",")}}.Encode()
}

func brandOptions(brands []catalog.BrandCount, checked []string) []facetOption {
	out := make([]facetOption, 0, len(brands))
	for _, b := range brands {
		if b.Chairs == 0 {
			continue
		}
		out = append(out, facetOption{Value: b.Slug, Label: b.Name, Count: b.Chairs, Checked: slices.Contains(checked, b.Slug)})
	}
	return out
}
