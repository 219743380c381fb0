package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"

	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/fit"
	"masahe/internal/locale"
)

// PlaceStore reads the showrooms, stores and service centres, and retires
// one (admin).
type PlaceStore interface {
	Places(ctx context.Context, f catalog.PlaceFilter) ([]catalog.Place, error)
	Place(ctx context.Context, slug string) (catalog.Place, error)
	RetirePlace(ctx context.Context, by audit.Actor, slug string) error
}

// placeView is a place as a page lists it: its kind, the day it was last
// checked and its source's kind and market in the page's language.
type placeView struct {
	catalog.Place
	BrandName  string
	BrandURL   string
	KindLabel  string
	CheckedDay string
	SourceNote string
}

// placeCity is a city's places.
type placeCity struct {
	Name   string
	Places []placeView
}

// placeRegion is a region's places by city.
type placeRegion struct {
	Code, Name string
	Cities     []placeCity
}

// groupPlaces lays sorted places out by region and city.
func groupPlaces(places []catalog.Place, brands map[string]string, st catalogText) []placeRegion {
	var out []placeRegion
	for _, p := range places {
		if len(out) == 0 || out[len(out)-1].Code != p.Region {
			out = append(out, placeRegion{Code: p.Region, Name: st.Region(p.Region)})
		}
		reg := &out[len(out)-1]
		if len(reg.Cities) == 0 || reg.Cities[len(reg.Cities)-1].Name != p.City {
			reg.Cities = append(reg.Cities, placeCity{Name: p.City})
		}
		city := &reg.Cities[len(reg.Cities)-1]
		city.Places = append(city.Places, newPlaceView(p, brands, st))
	}
	return out
}

func newPlaceView(p catalog.Place, brands map[string]string, st catalogText) placeView {
	return placeView{Place: p, BrandName: cmp.Or(brands[p.Brand], p.Brand), BrandURL: "/chairs?brand=" + url.QueryEscape(p.Brand),
		KindLabel: st.T("places.kind." + p.Kind), CheckedDay: st.Day(p.Checked), SourceNote: st.SourceNote(p.Cited)}
}

// brandNames maps brand slugs to names.
func (s *Server) brandNames(ctx context.Context) (map[string]string, []catalog.BrandCount, error) {
	brands, err := s.stores.Catalog.Brands(ctx)
	names := make(map[string]string, len(brands))
	for _, b := range brands {
		names[b.Slug] = b.Name
	}
	return names, brands, err
}

type whereToTryPage struct {
	Layout
	Filter     catalog.PlaceFilter
	RegionName string
	Regions    []facetOption
	Brands     []facetOption
	Kinds      []facetOption
	Map        regionMap
	List       []placeRegion
	Total      int
	ClearURL   string
}

// handleWhereToTry lists the places by region and city, filtered by
// region, brand and kind, above a schematic map of the regions that counts
// the places each has for the brand and kind chosen.
func (s *Server) handleWhereToTry(w http.ResponseWriter, r *http.Request) {
	f, err := catalog.ParsePlaceFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// One read for the map and the list: the map counts every region.
	places, err := s.stores.Places.Places(r.Context(), catalog.PlaceFilter{Brand: f.Brand, Kind: f.Kind})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names, brands, err := s.brandNames(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	st := s.catalogText(requestLang(r))
	page := whereToTryPage{
		Layout: s.layout(r, st.T("places.title"), st.T("places.description")),
		Filter: f, Map: newRegionMap(places, f, st), ClearURL: "/where-to-try",
	}
	inRegion := slices.DeleteFunc(slices.Clone(places), func(p catalog.Place) bool { return f.Region != "" && p.Region != f.Region })
	page.List, page.Total = groupPlaces(inRegion, names, st), len(inRegion)
	if f.Region != "" {
		page.RegionName = st.Region(f.Region)
		page.Title = st.T("places.title_region", page.RegionName)
	}
	for _, reg := range catalog.Regions {
		page.Regions = append(page.Regions, facetOption{Value: reg.Code, Label: st.Region(reg.Code), Checked: reg.Code == f.Region})
	}
	for _, b := range brands {
		page.Brands = append(page.Brands, facetOption{Value: b.Slug, Label: b.Name, Checked: b.Slug == f.Brand})
	}
	page.Kinds = messageOptions(st.Printer, "places.kind.", catalog.PlaceKinds, f.Kind)
	s.renderPage(w, r, "where_to_try.html", page)
}

// placeJSON is a place in the API, with its source.
type placeJSON struct {
	catalog.Place
	BrandName  string         `json:"brand_name"`
	RegionName string         `json:"region_name"`
	SourceRef  catalog.Source `json:"source_ref"`
}

type placesJSON struct {
	Places []placeJSON `json:"places"`
}

func (s *Server) handleAPIPlaces(w http.ResponseWriter, r *http.Request) {
	f, err := catalog.ParsePlaceFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	places, err := s.stores.Places.Places(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names, _, err := s.brandNames(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := placesJSON{Places: []placeJSON{}}
	for _, p := range places {
		reg, _ := catalog.RegionByCode(p.Region)
		out.Places = append(out.Places, placeJSON{Place: p, BrandName: cmp.Or(names[p.Brand], p.Brand), RegionName: reg.Name, SourceRef: p.Cited})
	}
	writeJSON(w, http.StatusOK, out)
}

// chairPlaces is the chair page's Philippine check and where its brand
// can be tried and serviced (partials/places.html).
type chairPlaces struct {
	BrandName string
	// PH are the checks every buyer in the Philippines needs: power and
	// warranty; Questions what to ask the seller about them.
	PH        []checkView
	Questions []string
	Regions   []placeRegion
	Count     int
	Service   int
	WhereURL  string
	SubmitURL string
	// All are the brand's places, for the chair's fit check.
	All []catalog.Place
}

// newChairPlaces checks the chair for the Philippines and lists its
// brand's places, in the printer's language.
func (s *Server) newChairPlaces(ctx context.Context, pr *locale.Printer, c catalog.Chair) (*chairPlaces, error) {
	places, err := s.stores.Places.Places(ctx, catalog.PlaceFilter{Brand: c.Brand})
	if err != nil {
		return nil, err
	}
	v := &chairPlaces{BrandName: c.BrandName, Count: len(places), WhereURL: "/where-to-try?" + url.Values{"brand": {c.Brand}}.Encode(),
		Regions: groupPlaces(places, map[string]string{c.Brand: c.BrandName}, s.catalogText(pr.Lang())), SubmitURL: "/chairs/" + c.Slug + "/submit", All: places}
	if len(places) == 0 {
		v.WhereURL = "/where-to-try"
	}
	for _, p := range places {
		if p.Kind == catalog.PlaceServiceCentre {
			v.Service++
		}
	}
	for _, ch := range checkViews(pr, fit.CheckChair(c, fit.Profile{}, places)) {
		v.PH = append(v.PH, ch)
		if ch.Ask != "" {
			v.Questions = append(v.Questions, ch.Ask)
		}
	}
	return v, nil
}

// regionBox is one region on the schematic map.
type regionBox struct {
	Code, Name string
	X, Y       int
	Count      int
	URL        string
	Current    bool
}

// regionMap is a tile-less schematic of the Philippine regions: a labelled
// box per region, placed roughly where it lies, in its island group.
type regionMap struct {
	W, H   int
	Boxes  []regionBox
	Groups []mapGroup
}

type mapGroup struct {
	Label string
	Y     int
}

// regionGrid places each region by column and row, north at the top; rows
// 0–3 are Luzon, 4 the Visayas, 5–6 Mindanao.
var regionGrid = map[string][2]int{
	"I": {0, 0}, "CAR": {1, 0}, "II": {2, 0},
	"III": {1, 1},
	"NCR": {1, 2}, "IV-A": {2, 2},
	"MIMAROPA": {0, 3}, "V": {3, 3},
	"VI": {1, 4}, "VII": {2, 4}, "VIII": {3, 4},
	"IX": {0, 5}, "X": {1, 5}, "XIII": {3, 5},
	"BARMM": {0, 6}, "XII": {1, 6}, "XI": {2, 6},
}

// Map geometry, in SVG units.
const (
	mapBoxW, mapBoxH = 96, 44
	mapGap           = 8
	mapGroupGap      = 22
	mapMargin        = 4
)

func mapY(row int) int {
	groups := 1
	if row >= 4 {
		groups++
	}
	if row >= 5 {
		groups++
	}
	return mapMargin + groups*mapGroupGap + row*(mapBoxH+mapGap)
}

func newRegionMap(places []catalog.Place, f catalog.PlaceFilter, st catalogText) regionMap {
	counts := map[string]int{}
	for _, p := range places {
		counts[p.Region]++
	}
	m := regionMap{W: 2*mapMargin + 4*mapBoxW + 3*mapGap, H: mapY(6) + mapBoxH + mapMargin,
		Groups: []mapGroup{{st.T("places.group.luzon"), mapY(0) - 6}, {st.T("places.group.visayas"), mapY(4) - 6}, {st.T("places.group.mindanao"), mapY(5) - 6}}}
	for _, r := range catalog.Regions {
		at := regionGrid[r.Code]
		q := f.Query()
		q.Set("region", r.Code)
		m.Boxes = append(m.Boxes, regionBox{Code: r.Code, Name: st.Region(r.Code), X: mapMargin + at[0]*(mapBoxW+mapGap), Y: mapY(at[1]),
			Count: counts[r.Code], URL: "/where-to-try?" + q.Encode() + "#places", Current: r.Code == f.Region})
	}
	return m
}
