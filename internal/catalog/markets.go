package catalog

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
