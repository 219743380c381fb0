package catalog

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"masahe/internal/errs"
	"masahe/internal/params"
)

// Sort orders of the catalog.
const (
	SortPriceAsc  = "price_asc"
	SortPriceDesc = "price_desc"
	SortNewest    = "newest"
	SortName      = "name"
	SortRating    = "rating"
)

// SortOptions lists the sort orders with their labels.
var SortOptions = []Option{
	{SortName, "Name"}, {SortPriceAsc, "Price, lowest first"},
	{SortPriceDesc, "Price, highest first"}, {SortNewest, "Newest"}, {SortRating, "Owner rating"},
}

// DefaultPerPage and MaxPerPage bound the page size.
const (
	DefaultPerPage = 24
	MaxPerPage     = 100
)

// Filter is a catalog query. Nil pointers and empty lists mean "any".
type Filter struct {
	Q string
	// Terms, when set, is the query read as terms, each a list of words
	// any one of which may match (a Filipino word and its English words);
	// a chair must match every term. It is set by the caller, never parsed
	// from a URL; without it every word of Q must match.
	Terms       [][]string
	Brands      []string
	Tracks      []string
	Rollers     []string
	ZeroGravity *bool
	Heat        *bool
	FootRollers *bool
	SpaceSaving *bool
	MinPrice    *int64
	MaxPrice    *int64
	HeightCM    *int64
	WeightKG    *int64
	Sort        string
	Page        int
	PerPage     int
}

// Offset is the number of results before the filter's page.
func (f Filter) Offset() int {
	return (f.Page - 1) * f.PerPage
}

// filterKeys are the query parameters ParseFilter understands.
var filterKeys = []string{
	"q", "brand", "track", "rollers", "zero_gravity", "heat", "foot_rollers", "space_saving",
	"min_price", "max_price", "height_cm", "weight_kg", "sort", "page", "per_page",
}

// ParseFilter reads a filter from query parameters. List parameters take a
// comma list, repeated parameters, or both. Empty values mean "any". An
// unknown parameter or value is an invalid-input error naming the field.
// Parameters named in allowExtra (such as a page's own toggles) are ignored.
func ParseFilter(v url.Values, allowExtra ...string) (Filter, error) {
	if err := params.CheckKeys(v, append(allowExtra, filterKeys...)); err != nil {
		return Filter{}, err
	}
	f := Filter{Q: strings.TrimSpace(v.Get("q")), Sort: SortName, Page: 1, PerPage: DefaultPerPage}
	if len(f.Q) > 200 {
		return Filter{}, errs.Invalidf("q", "the search text is longer than 200 characters")
	}
	var err error
	if f.Brands, err = parseList(v, "brand", nil); err != nil {
		return Filter{}, err
	}
	if f.Tracks, err = parseList(v, "track", TrackOptions); err != nil {
		return Filter{}, err
	}
	if f.Rollers, err = parseList(v, "rollers", RollerOptions); err != nil {
		return Filter{}, err
	}
	for _, b := range []struct {
		key string
		dst **bool
	}{
		{"zero_gravity", &f.ZeroGravity}, {"heat", &f.Heat}, {"foot_rollers", &f.FootRollers}, {"space_saving", &f.SpaceSaving},
	} {
		if *b.dst, err = params.Bool(v, b.key); err != nil {
			return Filter{}, err
		}
	}
	for _, n := range []struct {
		key      string
		dst      **int64
		min, max int64
		what     string
	}{
		{"min_price", &f.MinPrice, 0, 100_000_000, "a price in pesos"},
		{"max_price", &f.MaxPrice, 0, 100_000_000, "a price in pesos"},
		{"height_cm", &f.HeightCM, 80, 250, "a height in centimetres"},
		{"weight_kg", &f.WeightKG, 20, 300, "a weight in kilograms"},
	} {
		if *n.dst, err = parseInt(v, n.key, n.min, n.max, n.what); err != nil {
			return Filter{}, err
		}
	}
	if f.MinPrice != nil && f.MaxPrice != nil && *f.MinPrice > *f.MaxPrice {
		return Filter{}, errs.Invalidf("min_price", "the minimum price is above the maximum price")
	}
	if s := v.Get("sort"); s != "" {
		if !slices.ContainsFunc(SortOptions, func(o Option) bool { return o.Value == s }) {
			return Filter{}, errs.Invalidf("sort", "sort: %q is not one of price_asc, price_desc, newest, name, rating", s)
		}
		f.Sort = s
	}
	page, err := parseInt(v, "page", 1, 1_000_000, "a page number")
	if err != nil {
		return Filter{}, err
	}
	if page != nil {
		f.Page = int(*page)
	}
	perPage, err := parseInt(v, "per_page", 1, MaxPerPage, "a page size")
	if err != nil {
		return Filter{}, err
	}
	if perPage != nil {
		f.PerPage = int(*perPage)
	}
	return f, nil
}

// Query writes the filter back as query parameters, leaving out defaults,
// so that a filtered page has one canonical, shareable URL.
func (f Filter) Query() url.Values {
	v := url.Values{}
	set := func(key, val string) {
		if val != "" {
			v.Set(key, val)
		}
	}
	set("q", f.Q)
	set("brand", strings.Join(f.Brands, ","))
	set("track", strings.Join(f.Tracks, ","))
	set("rollers", strings.Join(f.Rollers, ","))
	for key, b := range map[string]*bool{
		"zero_gravity": f.ZeroGravity, "heat": f.Heat, "foot_rollers": f.FootRollers, "space_saving": f.SpaceSaving,
	} {
		if b != nil {
			set(key, strconv.FormatBool(*b))
		}
	}
	for key, n := range map[string]*int64{
		"min_price": f.MinPrice, "max_price": f.MaxPrice, "height_cm": f.HeightCM, "weight_kg": f.WeightKG,
	} {
		if n != nil {
			set(key, strconv.FormatInt(*n, 10))
		}
	}
	if f.Sort != SortName {
		set("sort", f.Sort)
	}
	if f.Page > 1 {
		set("page", strconv.Itoa(f.Page))
	}
	if f.PerPage != DefaultPerPage {
		set("per_page", strconv.Itoa(f.PerPage))
	}
	return v
}

func parseList(v url.Values, key string, allowed []Option) ([]string, error) {
	if allowed == nil {
		return params.List(v, key, validSlug, "a valid slug")
	}
	valid := func(item string) bool {
		return slices.ContainsFunc(allowed, func(o Option) bool { return o.Value == item })
	}
	return params.List(v, key, valid, "one of "+optionValues(allowed))
}

func optionValues(opts []Option) string {
	vals := make([]string, len(opts))
	for i, o := range opts {
		vals[i] = o.Value
	}
	return strings.Join(vals, ", ")
}

func parseInt(v url.Values, key string, min, max int64, what string) (*int64, error) {
	n, err := params.Int(v, key)
	if err != nil {
		return nil, err
	}
	return n, params.InRange(key, n, min, max, what)
}

// validSlug reports whether s is a lowercase slug: letters, digits and
// single hyphens.
func validSlug(s string) bool {
	if s == "" || len(s) > 100 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
