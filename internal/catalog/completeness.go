package catalog

// KeySpecs are the specs a buyer needs to know whether a chair fits their
// body, room, power and service: the cells the data is measured on.
var KeySpecs = []string{
	"user_height_min_cm", "user_height_max_cm", "max_user_weight_kg",
	"upright_width_cm", "upright_depth_cm", "upright_height_cm",
	"reclined_width_cm", "reclined_depth_cm", "reclined_height_cm",
	"wall_clearance_cm", "voltage", "warranty_ph",
}

// Completeness measures how much of the catalog is published and from whom.
type Completeness struct {
	Chairs int
	// KeyFilled counts chairs with each key spec; KeyCells and KeyValues
	// are the key-spec cells in all and the ones filled.
	KeyFilled           map[string]int
	KeyCells, KeyValues int
	// Values counts every spec value; ManufacturerGrade those whose source
	// is manufacturer-grade; ByKind and ByMarket split Values by source.
	Values, ManufacturerGrade int
	KeyManufacturerGrade      int
	ByKind, ByMarket          map[string]int
}

// Measure computes the completeness of chairs whose specs cite sources.
func Measure(chairs []Chair, sources map[string]Source) Completeness {
	m := Completeness{Chairs: len(chairs), KeyFilled: map[string]int{}, ByKind: map[string]int{}, ByMarket: map[string]int{},
		KeyCells: len(chairs) * len(KeySpecs)}
	key := map[string]bool{}
	for _, k := range KeySpecs {
		key[k] = true
	}
	for _, c := range chairs {
		for k, s := range c.Specs {
			src := sources[s.Source]
			m.Values++
			m.ByKind[src.Kind]++
			m.ByMarket[src.Market]++
			grade := src.ManufacturerGrade()
			if grade {
				m.ManufacturerGrade++
			}
			if key[k] {
				m.KeyFilled[k]++
				m.KeyValues++
				if grade {
					m.KeyManufacturerGrade++
				}
			}
		}
	}
	return m
}

// Percent is part of whole in percent, rounded to one decimal.
func Percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(int(float64(part)*1000/float64(whole)+0.5)) / 10
}
