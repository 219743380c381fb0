package fit

import (
	"cmp"
	"math"
	"slices"

	"masahe/internal/catalog"
	"masahe/internal/prices"
)

// opt is a chair's value that may not be published.
type opt[T any] struct {
	v  T
	ok bool
}

func (o opt[T]) get() (T, bool) { return o.v, o.ok }

func specOf[T any](c *catalog.Chair, key string) opt[T] {
	v, ok := c.Specs[key].Value.(T)
	return opt[T]{v, ok}
}

// facts are the values of a chair that the checks and the score read,
// each read from its specs once: ranking a catalog then looks nothing up.
type facts struct {
	chair                                      *catalog.Chair
	heightMin, heightMax, maxWeight            opt[int64]
	reclinedDepth, reclinedWidth, clearance    opt[int64]
	uprightWidth, uprightDepth, uprightHeight  opt[int64]
	airbags, programs                          opt[int64]
	spaceSaving, warrantyPH, zeroGravity, heat opt[bool]
	footRollers, bodyScan, appControl          opt[bool]
	voltage, track, rollers                    opt[string]
	weight                                     opt[float64]
	voltageMarket                              string
	areas                                      []string
	areaNames                                  Arg
	offer                                      opt[prices.Offer]
	// order is the chair's place in the catalog by full name, then slug.
	order int
}

func newFacts(c *catalog.Chair) facts {
	f := facts{
		chair:         c,
		heightMin:     specOf[int64](c, "user_height_min_cm"),
		heightMax:     specOf[int64](c, "user_height_max_cm"),
		maxWeight:     specOf[int64](c, "max_user_weight_kg"),
		reclinedDepth: specOf[int64](c, "reclined_depth_cm"),
		reclinedWidth: specOf[int64](c, "reclined_width_cm"),
		clearance:     specOf[int64](c, "wall_clearance_cm"),
		uprightWidth:  specOf[int64](c, "upright_width_cm"),
		uprightDepth:  specOf[int64](c, "upright_depth_cm"),
		uprightHeight: specOf[int64](c, "upright_height_cm"),
		airbags:       specOf[int64](c, "airbags"),
		programs:      specOf[int64](c, "programs"),
		spaceSaving:   specOf[bool](c, "space_saving"),
		warrantyPH:    specOf[bool](c, "warranty_ph"),
		zeroGravity:   specOf[bool](c, "zero_gravity"),
		heat:          specOf[bool](c, "heat"),
		footRollers:   specOf[bool](c, "foot_rollers"),
		bodyScan:      specOf[bool](c, "body_scan"),
		appControl:    specOf[bool](c, "app_control"),
		voltage:       specOf[string](c, "voltage"),
		track:         specOf[string](c, "track"),
		rollers:       specOf[string](c, "rollers"),
		weight:        specOf[float64](c, "chair_weight_kg"),
	}
	if f.voltage.ok {
		f.voltageMarket = c.SpecMarket("voltage")
	}
	f.areas, _ = c.Specs["service_areas"].Value.([]string)
	f.areaNames = names(f.areas)
	if o, ok := c.LowestOffer(); ok {
		f.offer = opt[prices.Offer]{o, true}
	}
	return f
}

// price is the lowest fresh observed price in whole pesos, or the largest
// number when none is known, so that chairs without one sort last.
func (f *facts) price() int64 {
	if !f.offer.ok {
		return math.MaxInt64
	}
	return f.offer.v.Price.WholePesos()
}

// Catalog is a set of chairs prepared for ranking: Prepare reads each
// chair's facts once, so that a caller who ranks the same chairs for many
// buyers (the finder, per catalog version) reads them once. It only reads
// the chairs, which must not change.
type Catalog struct {
	facts []facts
}

// Prepare reads the facts of chairs for ranking, in the order of their
// names (then slugs), which breaks the ranking's last ties.
func Prepare(chairs []catalog.Chair) *Catalog {
	c := &Catalog{facts: make([]facts, len(chairs))}
	for i := range chairs {
		c.facts[i] = newFacts(&chairs[i])
	}
	slices.SortFunc(c.facts, func(a, b facts) int {
		return cmp.Or(cmp.Compare(a.chair.FullName(), b.chair.FullName()), cmp.Compare(a.chair.Slug, b.chair.Slug))
	})
	for i := range c.facts {
		c.facts[i].order = i
	}
	return c
}
