package catalog

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"masahe/internal/errs"
	"masahe/internal/params"
)

// Place is somewhere a buyer can try, buy or have serviced a brand's
// chairs in the Philippines: a showroom, a store or a service centre.
// Region is a PSA region code (Regions); Checked is the date someone last
// confirmed the place against its source.
type Place struct {
	Slug     string `json:"slug"`
	Brand    string `json:"brand"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Address  string `json:"address"`
	City     string `json:"city"`
	Province string `json:"province,omitempty"`
	Region   string `json:"region"`
	Hours    string `json:"hours,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Source   string `json:"source"`
	Checked  string `json:"checked"`
	// Cited is the source the place cites, filled when places are listed
	// for people; it is not part of the exchange form.
	Cited Source `json:"-"`
}

// PlaceFilter selects places: by PSA region code, by brand slug and by
// kind; an empty field selects all.
type PlaceFilter struct {
	Region, Brand, Kind string
}

// ParsePlaceFilter reads a place filter from a query (region, brand, kind)
// and checks the region and kind codes. Parameters in allowExtra are
// ignored. A brand is only checked for its form: an unknown one selects
// nothing.
func ParsePlaceFilter(v url.Values, allowExtra ...string) (PlaceFilter, error) {
	if err := params.CheckKeys(v, append(allowExtra, "region", "brand", "kind")); err != nil {
		return PlaceFilter{}, err
	}
	f := PlaceFilter{Region: strings.TrimSpace(v.Get("region")), Brand: strings.TrimSpace(v.Get("brand")), Kind: strings.TrimSpace(v.Get("kind"))}
	if _, ok := RegionByCode(f.Region); f.Region != "" && !ok {
		return PlaceFilter{}, errs.Invalidf("region", "region: %q is not a PSA region code; use one of %s", f.Region, regionCodeList())
	}
	if f.Brand != "" && !validSlug(f.Brand) {
		return PlaceFilter{}, errs.Invalidf("brand", "brand: %q is not a brand slug", f.Brand)
	}
	if f.Kind != "" && !hasOption(PlaceKinds, f.Kind) {
		return PlaceFilter{}, errs.Invalidf("kind", "kind: %q is not a place kind; use one of %s", f.Kind, optionValues(PlaceKinds))
	}
	return f, nil
}

// Query writes the filter as query parameters.
func (f PlaceFilter) Query() url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"region": f.Region, "brand": f.Brand, "kind": f.Kind} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// KindLabel is the place kind's label ("Service centre").
func (p Place) KindLabel() string { return optionLabelOf(PlaceKinds, p.Kind) }

// Place kinds.
const (
	PlaceShowroom      = "showroom"
	PlaceStore         = "store"
	PlaceServiceCentre = "service_centre"
)

// PlaceKinds lists the place kinds with their labels.
var PlaceKinds = []Option{
	{PlaceShowroom, "Showroom"}, {PlaceStore, "Store"}, {PlaceServiceCentre, "Service centre"},
}

// Region is a region of the Philippines as the Philippine Statistics
// Authority codes it in the Philippine Standard Geographic Code.
type Region struct {
	// Code is the PSA's short designation: "NCR", "CAR", "I" … "XIII",
	// "IV-A", "MIMAROPA", "BARMM".
	Code string
	// PSGC is the region's 10-digit PSGC code.
	PSGC string
	Name string
	// Aliases are other names a service list or address may use.
	Aliases []string
}

// Regions are the 17 regions of the PSGC as of 31 March 2023, north to
// south in the PSA's order (docs/DATA.md cites the source).
var Regions = []Region{
	{"NCR", "1300000000", "National Capital Region (NCR)", []string{"Metro Manila", "NCR", "Manila"}},
	{"CAR", "1400000000", "Cordillera Administrative Region (CAR)", []string{"Cordillera", "Baguio"}},
	{"I", "0100000000", "Region I (Ilocos Region)", []string{"Ilocos"}},
	{"II", "0200000000", "Region II (Cagayan Valley)", []string{"Cagayan Valley"}},
	{"III", "0300000000", "Region III (Central Luzon)", []string{"Central Luzon", "Pampanga", "Bulacan"}},
	{"IV-A", "0400000000", "Region IV-A (CALABARZON)", []string{"Calabarzon", "Cavite", "Laguna", "Batangas", "Rizal", "Quezon Province"}},
	{"MIMAROPA", "1700000000", "MIMAROPA Region", []string{"Mimaropa", "Palawan"}},
	{"V", "0500000000", "Region V (Bicol Region)", []string{"Bicol"}},
	{"VI", "0600000000", "Region VI (Western Visayas)", []string{"Western Visayas", "Iloilo", "Bacolod"}},
	{"VII", "0700000000", "Region VII (Central Visayas)", []string{"Central Visayas", "Cebu"}},
	{"VIII", "0800000000", "Region VIII (Eastern Visayas)", []string{"Eastern Visayas", "Tacloban"}},
	{"IX", "0900000000", "Region IX (Zamboanga Peninsula)", []string{"Zamboanga Peninsula", "Zamboanga"}},
	{"X", "1000000000", "Region X (Northern Mindanao)", []string{"Northern Mindanao", "Cagayan de Oro"}},
	{"XI", "1100000000", "Region XI (Davao Region)", []string{"Davao Region", "Davao"}},
	{"XII", "1200000000", "Region XII (SOCCSKSARGEN)", []string{"Soccsksargen", "General Santos"}},
	{"XIII", "1600000000", "Region XIII (Caraga)", []string{"Caraga", "Butuan"}},
	{"BARMM", "1900000000", "Bangsamoro Autonomous Region in Muslim Mindanao (BARMM)", []string{"Bangsamoro", "BARMM"}},
}

// RegionByCode returns the region with a PSA code.
func RegionByCode(code string) (Region, bool) {
	i := slices.IndexFunc(Regions, func(r Region) bool { return r.Code == code })
	if i < 0 {
		return Region{}, false
	}
	return Regions[i], true
}

// Names are the region's code, name and aliases, for matching free text.
func (r Region) Names() []string {
	return append([]string{r.Code, r.Name}, r.Aliases...)
}

// Matches reports whether a free-text area names the region.
func (r Region) Matches(area string) bool {
	area = strings.TrimSpace(area)
	return slices.ContainsFunc(r.Names(), func(n string) bool { return strings.EqualFold(area, n) })
}

// SortPlaces orders places by region (PSA order), city, brand and name.
func SortPlaces(places []Place) {
	order := func(code string) int {
		return slices.IndexFunc(Regions, func(r Region) bool { return r.Code == code })
	}
	slices.SortStableFunc(places, func(a, b Place) int {
		return cmp.Or(cmp.Compare(order(a.Region), order(b.Region)), cmp.Compare(a.City, b.City),
			cmp.Compare(a.Brand, b.Brand), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Slug, b.Slug))
	})
}

// validatePlaces checks the document's places against the brands and
// sources known.
func (v *validator) validatePlaces(brands, sources map[string]int) {
	slugs := map[string]int{}
	for i, pl := range v.doc.Places {
		p := v.at("places", i, "place", pl.Slug)
		p.slug(pl.Slug, slugs)
		p.ref("brand", pl.Brand, brands, true)
		p.option("kind", pl.Kind, PlaceKinds, true)
		p.required("name", pl.Name)
		p.required("address", pl.Address)
		p.required("city", pl.City)
		if _, ok := RegionByCode(pl.Region); !ok {
			p.add("region", "must be a PSA region code: "+regionCodeList())
		}
		p.ref("source", pl.Source, sources, true)
		p.required("checked", pl.Checked)
		p.date("checked", pl.Checked)
	}
}

func regionCodeList() string {
	codes := make([]string, len(Regions))
	for i, r := range Regions {
		codes[i] = r.Code
	}
	return strings.Join(codes, ", ")
}
