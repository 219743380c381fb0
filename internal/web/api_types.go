package web

import (
	"html/template"
	"slices"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/prices"
	"masahe/internal/safety"
)

// The API's wire format: every /api/v1 answer and request body (and the
// session log's JSON export) is one of the types in this file, filled from
// domain values, or turned into them, by the small functions beside it.
// Domain types carry no JSON tags, so that renaming a Go field cannot
// change the API; docs/openapi.yaml describes these shapes, and the web
// tests check every answer against it.

// jsonList converts each element of a list; nil stays nil.
func jsonList[S, T any](in []S, f func(S) T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// Catalog.

// chairJSON is a chair in the API: the contract other tools rely on.
// Unknown values are null.
type chairJSON struct {
	Slug            string         `json:"slug"`
	Name            string         `json:"name"`
	Brand           brandRef       `json:"brand"`
	Track           *string        `json:"track"`
	TrackLengthCM   *int64         `json:"track_length_cm"`
	Rollers         *string        `json:"rollers"`
	Airbags         *int64         `json:"airbags"`
	Programs        *int64         `json:"programs"`
	ZeroGravity     *bool          `json:"zero_gravity"`
	Heat            *bool          `json:"heat"`
	HeatZones       *int64         `json:"heat_zones"`
	FootRollers     *bool          `json:"foot_rollers"`
	BodyScan        *bool          `json:"body_scan"`
	SpaceSaving     *bool          `json:"space_saving"`
	UserHeightCM    rangeJSON      `json:"user_height_cm"`
	MaxUserWeightKG *int64         `json:"max_user_weight_kg"`
	DimensionsCM    dimensionsJSON `json:"dimensions_cm"`
	WallClearanceCM *int64         `json:"wall_clearance_cm"`
	ChairWeightKG   *float64       `json:"chair_weight_kg"`
	Voltage         *string        `json:"voltage"`
	PowerW          *int64         `json:"power_w"`
	Warranty        warrantyJSON   `json:"warranty"`
	AppControl      *bool          `json:"app_control"`
	ReleaseYear     *int64         `json:"release_year"`
	LowestPricePHP  *float64       `json:"lowest_price_php"`
	Offers          []offerJSON    `json:"offers"`
	Sources         []sourceJSON   `json:"sources"`
	Sample          []string       `json:"sample_fields"`
}

type brandRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type rangeJSON struct {
	Min *int64 `json:"min"`
	Max *int64 `json:"max"`
}

type sizeJSON struct {
	W *int64 `json:"w"`
	D *int64 `json:"d"`
	H *int64 `json:"h"`
}

type dimensionsJSON struct {
	Upright  sizeJSON `json:"upright"`
	Reclined sizeJSON `json:"reclined"`
}

type warrantyJSON struct {
	PartsMonths  *int64   `json:"parts_months"`
	LabourMonths *int64   `json:"labour_months"`
	PHService    *bool    `json:"ph_service"`
	ServiceAreas []string `json:"service_areas"`
}

// offerJSON is a retailer's current offer: its latest observation. A
// stale one (older than the maximum age) is listed, marked, and never the
// lowest price.
type offerJSON struct {
	Retailer        brandRef        `json:"retailer"`
	PricePHP        float64         `json:"price_php"`
	RegularPricePHP *float64        `json:"regular_price_php"`
	Instalment      *instalmentJSON `json:"instalment"`
	InStock         *bool           `json:"in_stock"`
	URL             *string         `json:"url"`
	ObservedAt      time.Time       `json:"observed_at"`
	Method          prices.Method   `json:"method"`
	Stale           bool            `json:"stale"`
}

// instalmentJSON is a plan with what it costs (Estimate: worked out from
// a quoted rate, not quoted by the retailer).
type instalmentJSON struct {
	Months      int      `json:"months"`
	MonthlyRate float64  `json:"monthly_rate_percent"`
	Banks       []string `json:"banks"`
	MonthlyPHP  float64  `json:"monthly_php"`
	TotalPHP    float64  `json:"total_php"`
	Estimate    bool     `json:"estimate"`
}

// pesos is an amount for the API: pesos, with centavos as decimals.
func pesos(c prices.Centavos) float64 { return float64(c) / 100 }

func newOfferJSON(c catalog.Chair, o prices.Offer) offerJSON {
	j := offerJSON{Retailer: brandRef{o.RetailerSlug, c.RetailerName(o.RetailerSlug)}, PricePHP: pesos(o.Price), URL: optString(o.URL),
		ObservedAt: o.ObservedAt.UTC(), Method: o.Method, Stale: o.Stale}
	if o.RegularPrice > 0 {
		r := pesos(o.RegularPrice)
		j.RegularPricePHP = &r
	}
	if o.Stock != prices.StockUnknown {
		in := o.Stock == prices.InStock
		j.InStock = &in
	}
	if in := o.Instalment; in != nil {
		if pay, ok := in.Payment(o.Price); ok {
			j.Instalment = &instalmentJSON{Months: pay.Months, MonthlyRate: float64(in.MonthlyRateBP) / 100, Banks: append([]string{}, in.Banks...),
				MonthlyPHP: pesos(pay.Monthly), TotalPHP: pesos(pay.Total), Estimate: pay.Estimate}
		}
	}
	return j
}

// sourceJSON is a source with the fields it supports.
type sourceJSON struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Publisher string   `json:"publisher,omitempty"`
	Accessed  string   `json:"accessed,omitempty"`
	Supports  []string `json:"supports"`
}

func newSourceJSON(s catalog.Source, supports []string) sourceJSON {
	return sourceJSON{ID: s.ID, URL: s.URL, Title: s.Title, Publisher: s.Publisher, Accessed: s.Accessed, Supports: supports}
}

func specPtr[T any](c catalog.Chair, key string) *T {
	if v, ok := c.Specs[key].Value.(T); ok {
		return &v
	}
	return nil
}

// serviceAreas is null when unpublished, a list (maybe empty) otherwise.
func serviceAreas(c catalog.Chair) []string {
	areas, _ := c.Specs["service_areas"].Value.([]string)
	return areas
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func newChairJSON(c catalog.Chair) chairJSON {
	ints := func(key string) *int64 { return specPtr[int64](c, key) }
	bools := func(key string) *bool { return specPtr[bool](c, key) }
	strs := func(key string) *string { return specPtr[string](c, key) }
	j := chairJSON{
		Slug: c.Slug, Name: c.Name, Brand: brandRef{c.Brand, c.BrandName},
		Track: strs("track"), TrackLengthCM: ints("track_length_cm"), Rollers: strs("rollers"),
		Airbags: ints("airbags"), Programs: ints("programs"), ZeroGravity: bools("zero_gravity"),
		Heat: bools("heat"), HeatZones: ints("heat_zones"), FootRollers: bools("foot_rollers"),
		BodyScan: bools("body_scan"), SpaceSaving: bools("space_saving"),
		UserHeightCM:    rangeJSON{ints("user_height_min_cm"), ints("user_height_max_cm")},
		MaxUserWeightKG: ints("max_user_weight_kg"),
		DimensionsCM: dimensionsJSON{
			Upright:  sizeJSON{ints("upright_width_cm"), ints("upright_depth_cm"), ints("upright_height_cm")},
			Reclined: sizeJSON{ints("reclined_width_cm"), ints("reclined_depth_cm"), ints("reclined_height_cm")},
		},
		WallClearanceCM: ints("wall_clearance_cm"), ChairWeightKG: specPtr[float64](c, "chair_weight_kg"),
		Voltage: strs("voltage"), PowerW: ints("power_w"),
		Warranty: warrantyJSON{ints("warranty_parts_months"), ints("warranty_labour_months"), bools("warranty_ph"),
			serviceAreas(c)},
		AppControl: bools("app_control"), ReleaseYear: ints("release_year"),
		Offers: []offerJSON{}, Sources: []sourceJSON{}, Sample: []string{},
	}
	if o, ok := c.LowestOffer(); ok {
		p := pesos(o.Price)
		j.LowestPricePHP = &p
	}
	supports := map[string][]string{}
	if c.Source != "" {
		supports[c.Source] = []string{"model"}
	}
	for _, f := range catalog.Fields {
		spec, ok := c.Specs[f.Key]
		switch {
		case ok && spec.Sample:
			j.Sample = append(j.Sample, f.Key)
		case ok && spec.Source != "":
			supports[spec.Source] = append(supports[spec.Source], f.Key)
		}
	}
	for _, o := range c.Offers {
		j.Offers = append(j.Offers, newOfferJSON(c, o))
	}
	for id, fields := range supports {
		if src, ok := c.Sources[id]; ok {
			j.Sources = append(j.Sources, newSourceJSON(src, fields))
		}
	}
	slices.SortFunc(j.Sources, func(a, b sourceJSON) int { return strings.Compare(a.ID, b.ID) })
	return j
}

type chairListJSON struct {
	Items     []chairJSON `json:"items"`
	Total     int         `json:"total"`
	Page      int         `json:"page"`
	PerPage   int         `json:"per_page"`
	Corrected *string     `json:"corrected_query,omitempty"`
}

type compareJSON struct {
	Chairs []chairJSON `json:"chairs"`
	Rows   []rowJSON   `json:"rows"`
}

// rowJSON is one compared field, its values formatted for people.
type rowJSON struct {
	Field   string   `json:"field"`
	Label   string   `json:"label"`
	Values  []string `json:"values"`
	Differs bool     `json:"differs"`
}

func newRowJSON(r catalog.Row) rowJSON {
	return rowJSON{Field: r.Field, Label: r.Label, Values: r.Values, Differs: r.Differs}
}

type brandJSON struct {
	Slug       string  `json:"slug"`
	Name       string  `json:"name"`
	Country    *string `json:"country"`
	Website    *string `json:"website"`
	PHPresence *string `json:"ph_presence"`
	Chairs     int     `json:"chairs"`
}

type brandListJSON struct {
	Items []brandJSON `json:"items"`
}

type healthStatusJSON struct {
	Status string `json:"status"`
}

// Owner reviews.

type reviewJSON struct {
	ID          int64          `json:"id"`
	Author      string         `json:"author"`
	Overall     int            `json:"overall"`
	Ratings     map[string]int `json:"ratings"`
	MonthsOwned int            `json:"months_owned"`
	Text        string         `json:"text"`
	HTML        template.HTML  `json:"html"`
	Pros        string         `json:"pros"`
	Cons        string         `json:"cons"`
	PublishedAt time.Time      `json:"published_at"`
}

type ratingJSON struct {
	Count    int     `json:"count"`
	Average  float64 `json:"average"`
	Bayesian float64 `json:"bayesian_average"`
	SiteMean float64 `json:"site_mean"`
	Prior    int     `json:"prior_weight"`
}

func newRatingJSON(r content.Rating) ratingJSON {
	return ratingJSON{Count: r.Count, Average: r.Average, Bayesian: r.Bayesian, SiteMean: r.SiteMean, Prior: r.Prior}
}

type chairReviewsJSON struct {
	Chair  string       `json:"chair"`
	Rating ratingJSON   `json:"rating"`
	Items  []reviewJSON `json:"items"`
}

// citationJSON is a public document that health advice or a safety rule
// rests on.
type citationJSON struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

func newCitationJSON(s safety.Source) citationJSON {
	return citationJSON{Title: s.Title, URL: s.URL}
}

// Safe-use triage.

// triageRequest is the body of POST /api/v1/triage: safety.Answers, and
// the language of the answer's words ("" is English).
type triageRequest struct {
	Lang              *string  `json:"lang"`
	HoursSinceMassage *int64   `json:"hours_since_massage"`
	Pain              *int64   `json:"pain"`
	Trend             string   `json:"trend"`
	Age               *int64   `json:"age"`
	Area              string   `json:"area"`
	Trauma            string   `json:"trauma"`
	FirstEpisode      *bool    `json:"first_episode"`
	Symptoms          []string `json:"symptoms"`
	Conditions        []string `json:"conditions"`
}

func (q triageRequest) answers() safety.Answers {
	return safety.Answers{HoursSinceMassage: q.HoursSinceMassage, Pain: q.Pain, Trend: q.Trend, Age: q.Age, Area: q.Area,
		Trauma: q.Trauma, FirstEpisode: q.FirstEpisode, Symptoms: q.Symptoms, Conditions: q.Conditions}
}

type triageJSON struct {
	Level          safety.Level `json:"level"`
	Reasons        []reasonJSON `json:"reasons"`
	Advice         []string     `json:"advice"`
	RecheckInHours int          `json:"recheck_in_hours"`
}

type reasonJSON struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Source  citationJSON `json:"source"`
}

func newReasonJSON(r safety.Reason) reasonJSON {
	return reasonJSON{Code: r.Code, Message: r.Message, Source: newCitationJSON(r.Source)}
}

func newTriageJSON(r safety.Result) triageJSON {
	return triageJSON{Level: r.Level, Reasons: jsonList(r.Reasons, newReasonJSON), Advice: r.Advice, RecheckInHours: r.RecheckInHours}
}

// Session log.

// sessionJSON is one logged session, as POST /api/v1/me/sessions takes it
// (the id is ignored) and as the log answers it.
type sessionJSON struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Chair     string    `json:"chair"`
	Program   string    `json:"program"`
	Intensity int       `json:"intensity"`
	Minutes   int       `json:"minutes"`
	Areas     []string  `json:"areas"`
	Heat      bool      `json:"heat"`
}

func newSessionJSON(s safety.LoggedSession) sessionJSON {
	return sessionJSON{ID: s.ID, At: s.At, Chair: s.Chair, Program: s.Program, Intensity: s.Intensity, Minutes: s.Minutes,
		Areas: s.Areas, Heat: s.Heat}
}

func (j sessionJSON) session() safety.LoggedSession {
	return safety.LoggedSession{ID: j.ID, At: j.At, Chair: j.Chair, Program: j.Program, Intensity: j.Intensity, Minutes: j.Minutes,
		Areas: j.Areas, Heat: j.Heat}
}

type sessionListJSON struct {
	Items []sessionJSON `json:"items"`
}

type checkInJSON struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Soreness int       `json:"soreness"`
	Areas    []string  `json:"areas"`
	Symptoms []string  `json:"symptoms"`
}

func newCheckInJSON(c safety.CheckIn) checkInJSON {
	return checkInJSON{ID: c.ID, At: c.At, Soreness: c.Soreness, Areas: c.Areas, Symptoms: c.Symptoms}
}

// logExportJSON is the whole log, as the owner downloads it.
type logExportJSON struct {
	ConsentVersion string        `json:"consent_version"`
	ConsentedAt    time.Time     `json:"consented_at"`
	Sessions       []sessionJSON `json:"sessions"`
	CheckIns       []checkInJSON `json:"check_ins"`
}

func newLogExportJSON(l logExport) logExportJSON {
	return logExportJSON{ConsentVersion: l.ConsentVersion, ConsentedAt: l.ConsentedAt,
		Sessions: jsonList(l.Sessions, newSessionJSON), CheckIns: jsonList(l.CheckIns, newCheckInJSON)}
}

type guardJSON struct {
	Warnings []warningJSON  `json:"warnings"`
	Week     []dayTotalJSON `json:"week"`
	Plan     []string       `json:"plan"`
}

// newGuardJSON is the guard's answer; no warnings is an empty list.
func newGuardJSON(warnings []safety.Warning, week []safety.DayTotal, plan []string) guardJSON {
	out := guardJSON{Warnings: []warningJSON{}, Week: jsonList(week, newDayTotalJSON), Plan: plan}
	for _, w := range warnings {
		out.Warnings = append(out.Warnings, newWarningJSON(w))
	}
	return out
}

type warningJSON struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	Action    string       `json:"action"`
	Source    citationJSON `json:"source"`
	At        time.Time    `json:"at"`
	Triage    *triageJSON  `json:"triage,omitempty"`
	TriageURL string       `json:"triage_url,omitempty"`
}

func newWarningJSON(w safety.Warning) warningJSON {
	j := warningJSON{Code: w.Code, Message: w.Message, Action: w.Action, Source: newCitationJSON(w.Source), At: w.At, TriageURL: w.TriageURL}
	if w.Triage != nil {
		t := newTriageJSON(*w.Triage)
		j.Triage = &t
	}
	return j
}

type dayTotalJSON struct {
	Day          string `json:"day"`
	Minutes      int    `json:"minutes"`
	Sessions     int    `json:"sessions"`
	MaxIntensity int    `json:"max_intensity"`
}

func newDayTotalJSON(d safety.DayTotal) dayTotalJSON {
	return dayTotalJSON{Day: d.Day, Minutes: d.Minutes, Sessions: d.Sessions, MaxIntensity: d.MaxIntensity}
}
