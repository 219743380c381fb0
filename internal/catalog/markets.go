package catalog

import (
	"slices"
	"strings"
)

// Markets a source can describe: a chair's version, voltage and warranty
// differ by market, so every fact says which one it comes from.
var Markets = []Option{
	{"PH", "Philippines"}, {"SG", "Singapore"}, {"MY", "Malaysia"}, {"JP", "Japan"},
	{"US", "United States"}, {"other", "Other market"},
}

// MarketPH is the market this site serves.
const MarketPH = "PH"

// Source kinds: who publishes a source.
const (
	KindManufacturer        = "manufacturer"
	KindManual              = "manual"
	KindOfficialDistributor = "official_distributor"
	KindRetailer            = "retailer"
	KindPress               = "press"
	KindAggregator          = "aggregator"
	KindOwnerMeasurement    = "owner_measurement"
)

// SourceKinds lists the source kinds with their labels.
var SourceKinds = []Option{
	{KindManufacturer, "Manufacturer"},
	{KindManual, "Manual"},
	{KindOfficialDistributor, "Official distributor"},
	{KindRetailer, "Retailer"},
	{KindPress, "Press"},
	{KindAggregator, "Aggregator"},
	{KindOwnerMeasurement, "Owner measurement"},
}

// ManufacturerGrade reports whether the source is the maker's own word: its
// site, its manual or its official distributor.
func (s Source) ManufacturerGrade() bool {
	return s.Kind == KindManufacturer || s.Kind == KindManual || s.Kind == KindOfficialDistributor
}

// Note is the source's kind and market as a citation shows them:
// "official distributor, US"; "" when neither is stated.
func (s Source) Note() string {
	var parts []string
	if s.Kind != "" {
		parts = append(parts, strings.ToLower(optionLabelOf(SourceKinds, s.Kind)))
	}
	switch s.Market {
	case "":
	case "other":
		parts = append(parts, "another market")
	default:
		parts = append(parts, s.Market)
	}
	return strings.Join(parts, ", ")
}

// MarketSpecific are the specs that differ between a chair's versions for
// different markets: shown as that market's version's, not as the chair's.
var MarketSpecific = []string{"voltage"}

// SpecText is a chair's spec as people read it (FormatValue), saying whose
// version it describes when the spec differs by market and its source
// describes another market than the Philippines: "US version: 110–120 V".
// The chair's Sources must be loaded.
func (c Chair) SpecText(f Field) string {
	s, ok := c.Specs[f.Key]
	text := FormatValue(f, s, ok)
	market := c.SpecMarket(f.Key)
	if !ok || market == "" || market == MarketPH || !slices.Contains(MarketSpecific, f.Key) {
		return text
	}
	if market == "other" {
		return "Another market's version: " + text
	}
	return market + " version: " + text
}

// SpecMarket is the market of the source behind a chair's spec, "" when
// the spec, its source or the source's market is unknown. The chair's
// Sources must be loaded.
func (c Chair) SpecMarket(key string) string {
	return c.Sources[c.Specs[key].Source].Market
}

func optionLabelOf(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

func hasOption(opts []Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}
