package fit

import (
	"slices"

	"masahe/internal/catalog"
)

// Verdict is the outcome of a check, from best to worst. Unknown means the
// chair cannot be checked because a value it needs is not published; a
// chair whose worst check is Unknown fits what is published.
type Verdict string

const (
	Fits       Verdict = "fits"
	Unknown    Verdict = "unknown"
	Borderline Verdict = "borderline"
	NoFit      Verdict = "no_fit"
)

func (v Verdict) rank() int {
	switch v {
	case Fits:
		return 0
	case Unknown:
		return 1
	case Borderline:
		return 2
	case NoFit:
		return 3
	}
	return -1
}

// Worst returns the worst verdict of checks, Fits when there are none.
func Worst(checks []Check) Verdict {
	worst := Fits
	for _, c := range checks {
		if c.Result.rank() > worst.rank() {
			worst = c.Result
		}
	}
	return worst
}

// Check is one check of a chair for a buyer: its verdict, a reason code,
// and the sentence that gives the numbers, as a Text to write in the
// reader's language. Ask is the question to put to the seller when the
// check needs a value that is not published (its ID is "" otherwise), and
// Missing names that value: spec keys, "price" or "service_centre".
type Check struct {
	Check   string
	Result  Verdict
	Code    string
	Text    Text
	Ask     Text
	Missing []string
}

// Asks reports whether the check has a question for the seller.
func (c Check) Asks() bool { return c.Ask.ID != "" }

// BuyerLimit reports whether the check tests a limit the buyer set (their
// body, room, door, stairs, region, budget or a must-have), as opposed to
// what every buyer in the Philippines needs (power and warranty).
func (c Check) BuyerLimit() bool {
	return c.Check != "power" && c.Check != "warranty"
}

// Margins of the checks.
const (
	heightMarginCM   = 3
	weightMarginKG   = 5
	roomMarginCM     = 5
	doorMarginCM     = 3
	maxStairsFloors  = 2
	wallGapMaxCM     = 15
	notPublishedCode = "not_published"
)

// The spec keys a question is about, shared so that checking a catalog
// allocates none.
var (
	keysHeight    = []string{"user_height_min_cm", "user_height_max_cm"}
	keysHeightMin = []string{"user_height_min_cm"}
	keysHeightMax = []string{"user_height_max_cm"}
	keysWeight    = []string{"max_user_weight_kg"}
	keysDepth     = []string{"reclined_depth_cm"}
	keysClearance = []string{"wall_clearance_cm"}
	keysWidth     = []string{"upright_width_cm", "reclined_width_cm"}
	keysWall      = []string{"wall_clearance_cm", "space_saving"}
	keysVoltage   = []string{"voltage"}
	keysWarranty  = []string{"warranty_ph"}
	keysService   = []string{"service_centre"}
	keysPrice     = []string{"price"}
)

// CheckChair runs every check that the buyer's answers call for. A check
// whose answer is blank is not run; a check whose chair data is missing is
// Unknown with the question to ask, never a silent pass. places are the
// showrooms, stores and service centres known, for the region check.
func CheckChair(c catalog.Chair, p Profile, places []catalog.Place) []Check {
	f, b := newFacts(&c), newBuyer(p, places)
	return checkChair(nil, &f, &b)
}

// buyer is a profile with what checking every chair for it shares: the
// region, and what the places known say about each brand's service there.
type buyer struct {
	Profile
	region    Region
	hasRegion bool
	psa       catalog.Region
	service   map[string]*brandService
}

// brandService is what the places known say about one brand: its service
// centres in the buyer's region, the cities of its others, and the shops
// in the region that sell it, as lists for the sentences.
type brandService struct {
	here, elsewhere, shops Arg
	firstShop              string
}

func newBuyer(p Profile, places []catalog.Place) buyer {
	b := buyer{Profile: p, service: map[string]*brandService{}}
	b.region, b.hasRegion = regionByCode(p.Region)
	if !b.hasRegion {
		return b
	}
	b.psa, _ = catalog.RegionByCode(b.region.PSA)
	var cities map[string][]string
	for _, pl := range places {
		s := b.service[pl.Brand]
		if s == nil {
			s = &brandService{}
			b.service[pl.Brand] = s
		}
		switch {
		case pl.Kind != catalog.PlaceServiceCentre:
			if pl.Region == b.region.PSA {
				if s.firstShop == "" {
					s.firstShop = pl.Name + ", " + pl.City
				}
				s.shops.Items = append(s.shops.Items, name(pl.Name+", "+pl.City))
			}
		case pl.Region == b.region.PSA:
			s.here.Items = append(s.here.Items, name(pl.Name+", "+pl.City))
		case !slices.Contains(cities[pl.Brand], pl.City):
			if cities == nil {
				cities = map[string][]string{}
			}
			cities[pl.Brand] = append(cities[pl.Brand], pl.City)
			s.elsewhere.Items = append(s.elsewhere.Items, name(pl.City))
		}
	}
	for _, s := range b.service {
		s.here.Kind, s.elsewhere.Kind, s.shops.Kind = List, List, List
	}
	return b
}

// checkChair appends the checks of c for b to out.
func checkChair(out []Check, c *facts, b *buyer) []Check {
	p := b.Profile
	out = checkBody(out, c, p)
	if p.Room.WidthCM != nil || p.Room.DepthCM != nil || p.AgainstWall {
		out = checkRoom(out, c, p)
	}
	if p.Delivery.DoorWidthCM != nil || p.Delivery.FloorsByStairs != nil {
		out = checkDelivery(out, c, p)
	}
	out = append(out, checkPower(c), checkWarranty(c))
	if b.hasRegion {
		out = append(out, checkService(c, b))
	}
	if p.BudgetPHP != nil {
		out = append(out, checkBudget(c, *p.BudgetPHP))
	}
	return checkMustHaves(out, c, p.MustHave)
}

// found is a check with no question.
func found(check string, v Verdict, code string, t Text) Check {
	return Check{Check: check, Result: v, Code: code, Text: t}
}

// unknown is a check that a missing value stops: what is missing (a
// message ID), the question to ask and the keys of the missing values.
func unknown(check, what, ask string, keys []string) Check {
	return Check{check, Unknown, notPublishedCode, text("fit.check.not_published", label(what)), text(ask), keys}
}

// CheckBody compares the buyer's height and weight, when given, with the
// chair's limits.
func CheckBody(c catalog.Chair, p Profile) []Check {
	f := newFacts(&c)
	return checkBody(nil, &f, p)
}

func checkBody(out []Check, c *facts, p Profile) []Check {
	if p.HeightCM != nil {
		h := *p.HeightCM
		lo, okLo := c.heightMin.get()
		hi, okHi := c.heightMax.get()
		switch {
		case okLo && h < lo:
			out = append(out, found("body", NoFit, "too_short", text("fit.check.too_short", num(h), num(lo))))
		case okHi && h > hi:
			out = append(out, found("body", NoFit, "too_tall", text("fit.check.too_tall", num(h), num(hi))))
		case !okLo && !okHi:
			out = append(out, unknown("body", "fit.missing.height_range", "fit.ask.height_range", keysHeight))
		case !okLo:
			out = append(out, unknown("body", "fit.missing.height_min", "fit.ask.height_min", keysHeightMin))
		case !okHi:
			out = append(out, unknown("body", "fit.missing.height_max", "fit.ask.height_max", keysHeightMax))
		case h-lo < heightMarginCM || hi-h < heightMarginCM:
			out = append(out, found("body", Borderline, "height_near_limit", text("fit.check.height_near_limit", num(h), num(heightMarginCM), num(lo), num(hi))))
		default:
			out = append(out, found("body", Fits, "height_ok", text("fit.check.height_ok", num(h), num(lo), num(hi))))
		}
	}
	if p.WeightKG != nil {
		w := *p.WeightKG
		max, ok := c.maxWeight.get()
		switch {
		case !ok:
			out = append(out, unknown("body", "fit.missing.weight", "fit.ask.weight", keysWeight))
		case w > max:
			out = append(out, found("body", NoFit, "too_heavy", text("fit.check.too_heavy", num(w), num(max))))
		case max-w < weightMarginKG:
			out = append(out, found("body", Borderline, "weight_near_limit", text("fit.check.weight_near_limit", num(w), num(weightMarginKG), num(max))))
		default:
			out = append(out, found("body", Fits, "weight_ok", text("fit.check.weight_ok", num(w), num(max))))
		}
	}
	return out
}

// checkRoom compares the space the chair needs fully reclined, including
// the free space behind it, with the buyer's room.
func checkRoom(out []Check, c *facts, p Profile) []Check {
	if p.Room.DepthCM != nil {
		room := *p.Room.DepthCM
		depth, ok := c.reclinedDepth.get()
		clearance, okC := c.clearance.get()
		need := depth + clearance
		switch {
		case !ok:
			out = append(out, unknown("room", "fit.missing.reclined_depth", "fit.ask.reclined_depth", keysDepth))
		case need > room:
			out = append(out, found("room", NoFit, "room_too_shallow", depthText("fit.check.room_too_shallow", "fit.check.room_too_shallow_clearance", need, clearance, num(room))))
		case !okC && room-depth < roomMarginCM:
			out = append(out, Check{"room", Borderline, "room_tight", text("fit.check.room_tight_no_clearance", num(depth), num(room), num(room-depth)),
				text("fit.ask.clearance"), keysClearance})
		case !okC:
			out = append(out, Check{"room", Unknown, "clearance_not_published", text("fit.check.clearance_not_published", num(depth), num(room)),
				text("fit.ask.clearance"), keysClearance})
		case room-need < roomMarginCM:
			out = append(out, found("room", Borderline, "room_tight", depthText("fit.check.room_tight", "fit.check.room_tight_clearance", need, clearance, num(room), num(room-need))))
		default:
			out = append(out, found("room", Fits, "room_depth_ok", depthText("fit.check.room_depth_ok", "fit.check.room_depth_ok_clearance", need, clearance, num(room))))
		}
	}
	if p.Room.WidthCM != nil {
		room := *p.Room.WidthCM
		rw, okR := c.reclinedWidth.get()
		uw, okU := c.uprightWidth.get()
		width, ok := max(rw, uw), okR || okU
		switch {
		case !ok:
			out = append(out, unknown("room", "fit.missing.width", "fit.ask.width", keysWidth))
		case width > room:
			out = append(out, found("room", NoFit, "room_too_narrow", text("fit.check.room_too_narrow", num(width), num(room))))
		case room-width < roomMarginCM:
			out = append(out, found("room", Borderline, "room_width_tight", text("fit.check.room_width_tight", num(width), num(room), num(room-width))))
		default:
			out = append(out, found("room", Fits, "room_width_ok", text("fit.check.room_width_ok", num(width), num(room))))
		}
	}
	if p.AgainstWall {
		saver, ok := c.spaceSaving.get()
		clearance, okC := c.clearance.get()
		switch {
		case okC && clearance <= wallGapMaxCM:
			out = append(out, found("room", Fits, "wall_ok", text("fit.check.wall_ok", num(clearance))))
		case okC:
			out = append(out, found("room", Borderline, "wall_gap", text("fit.check.wall_gap", num(clearance))))
		case ok && saver:
			out = append(out, found("room", Fits, "space_saver", text("fit.check.space_saver")))
		case ok:
			out = append(out, Check{"room", Borderline, "not_space_saver", text("fit.check.not_space_saver"), text("fit.ask.wall_gap"), keysClearance})
		default:
			out = append(out, unknown("room", "fit.missing.recline_clearance", "fit.ask.recline_clearance", keysWall))
		}
	}
	return out
}

// depthText is the sentence id, or idClear when the chair needs free space
// behind it, with the depth needed (and that space) before rest.
func depthText(id, idClear string, need, clearance int64, rest ...Arg) Text {
	t := text(id, num(need))
	if clearance > 0 {
		t = text(idClear, num(need), num(clearance))
	}
	t.n += uint8(copy(t.args[t.n:], rest))
	return t
}

// sides are a chair's upright sides, any of which may go through a door
// first, with the words that give their size and ask for it.
var sides = []struct {
	key, size, ask string
	get            func(*facts) opt[int64]
}{
	{"upright_width_cm", "fit.side.wide", "fit.side.how_wide", func(f *facts) opt[int64] { return f.uprightWidth }},
	{"upright_depth_cm", "fit.side.deep", "fit.side.how_deep", func(f *facts) opt[int64] { return f.uprightDepth }},
	{"upright_height_cm", "fit.side.high", "fit.side.how_high", func(f *facts) opt[int64] { return f.uprightHeight }},
}

// checkDelivery asks whether the chair goes through the door on its
// narrowest side, and warns about stairs.
func checkDelivery(out []Check, c *facts, p Profile) []Check {
	if p.Delivery.DoorWidthCM != nil {
		door := *p.Delivery.DoorWidthCM
		narrowest, known, unknownSides := int64(0), 0, 0
		for _, side := range sides {
			if v, ok := side.get(c).get(); ok {
				if known == 0 || v < narrowest {
					narrowest = v
				}
				known++
			} else {
				unknownSides++
			}
		}
		switch {
		case known == 0:
			out = append(out, unknown("delivery", "fit.missing.size", "fit.ask.size", unknownKeys(c)))
		case narrowest > door && unknownSides == 0:
			out = append(out, found("delivery", NoFit, "door_too_narrow", text("fit.check.door_too_narrow", num(narrowest), num(door))))
		case narrowest > door:
			var have, ask []Arg
			for _, side := range sides {
				if v, ok := side.get(c).get(); ok {
					have = append(have, measure(side.size, v))
				} else {
					ask = append(ask, label(side.ask))
				}
			}
			out = append(out, Check{"delivery", Unknown, "door_unknown_side", text("fit.check.door_unknown_side", list(have...), num(door), list(ask...)),
				text("fit.ask.door_unknown_side", list(ask...)), unknownKeys(c)})
		case door-narrowest < doorMarginCM:
			out = append(out, found("delivery", Borderline, "door_tight", text("fit.check.door_tight", num(narrowest), num(door), num(doorMarginCM))))
		default:
			out = append(out, found("delivery", Fits, "door_ok", text("fit.check.door_ok", num(narrowest), num(door))))
		}
	}
	if p.Delivery.FloorsByStairs != nil && !p.Delivery.Lift {
		floors := *p.Delivery.FloorsByStairs
		w, weighed := c.weight.get()
		switch heavy := floors > maxStairsFloors; {
		case heavy && weighed:
			out = append(out, found("delivery", Borderline, "stairs", text("fit.check.stairs_weight", num(floors), num(maxStairsFloors), decimal(w))))
		case heavy:
			out = append(out, found("delivery", Borderline, "stairs", text("fit.check.stairs", num(floors), num(maxStairsFloors))))
		case weighed:
			out = append(out, found("delivery", Fits, "stairs_ok", text("fit.check.stairs_ok_weight", num(floors), decimal(w))))
		default:
			out = append(out, found("delivery", Fits, "stairs_ok", text("fit.check.stairs_ok", num(floors))))
		}
	}
	return out
}

// unknownKeys are the upright sizes c does not publish.
func unknownKeys(c *facts) []string {
	var out []string
	for _, side := range sides {
		if !side.get(c).ok {
			out = append(out, side.key)
		}
	}
	return out
}

// checkPower compares the chair's rated voltage with Philippine mains
// (220 V, 60 Hz). A voltage published for another market describes that
// market's version: whether a 220 V one is sold here is the question.
func checkPower(c *facts) Check {
	v, ok := c.voltage.get()
	switch {
	case !ok:
		return unknown("power", "fit.missing.voltage", "fit.ask.voltage_rating", keysVoltage)
	case v == "220-240":
		return found("power", Fits, "voltage_ok", text("fit.check.voltage_ok", versionName(c.voltageMarket)))
	}
	f, _ := catalog.FieldByKey("voltage")
	if market := c.voltageMarket; market != catalog.MarketPH {
		return Check{"power", Unknown, "voltage_other_market", text("fit.check.voltage_other_market", versionName(market), name(f.OptionLabel(v))),
			text("fit.ask.voltage"), keysVoltage}
	}
	return Check{"power", Borderline, "step_down_needed", text("fit.check.step_down_needed", name(f.OptionLabel(v))), text("fit.ask.voltage"), keysVoltage}
}

// versionName names the market version a source describes: "the US
// version".
func versionName(market string) Arg {
	switch market {
	case catalog.MarketPH:
		return label("fit.version.ph")
	case "US":
		return label("fit.version.us")
	case "JP":
		return label("fit.version.jp")
	case "SG":
		return label("fit.version.sg")
	case "MY":
		return label("fit.version.my")
	}
	return label("fit.version.published")
}

// checkWarranty asks whether the warranty is honoured in the Philippines.
func checkWarranty(c *facts) Check {
	ph, ok := c.warrantyPH.get()
	switch {
	case !ok:
		return Check{"warranty", Unknown, notPublishedCode, text("fit.check.warranty_not_published"), text("fit.ask.warranty"), keysWarranty}
	case !ph:
		return found("warranty", Borderline, "no_ph_warranty", text("fit.check.no_ph_warranty"))
	}
	return found("warranty", Fits, "ph_warranty", text("fit.check.ph_warranty"))
}

// checkService asks whether the chair's brand has a service centre in the
// buyer's region, from the places known, or failing that whether the
// chair's published service areas cover it.
func checkService(f *facts, b *buyer) Check {
	c := f.chair
	s := b.service[c.Brand]
	if s == nil {
		s = &brandService{}
	}
	where := label(b.region.Label)
	switch {
	case len(s.here.Items) > 0:
		return found("service", Fits, "service_centre_in_region", text("fit.check.service_centre_in_region", name(c.BrandName), where, s.here))
	case len(f.areas) > 0 && slices.ContainsFunc(f.areas, b.psa.Matches):
		return found("service", Fits, "region_served", text("fit.check.region_served", where))
	case len(f.areas) > 0:
		return Check{"service", Borderline, "region_not_served", text("fit.check.region_not_served", f.areaNames, where),
			text("fit.ask.region_not_served", where), keysService}
	}
	ask := text("fit.ask.service", where)
	if s.firstShop != "" {
		ask = text("fit.ask.service_shop", name(s.firstShop), where)
	}
	var msg Text
	switch {
	case len(s.elsewhere.Items) > 0 && len(s.shops.Items) > 0:
		msg = text("fit.check.service_elsewhere_sold", name(c.BrandName), s.elsewhere, where, s.shops)
	case len(s.elsewhere.Items) > 0:
		msg = text("fit.check.service_elsewhere", name(c.BrandName), s.elsewhere, where)
	case len(s.shops.Items) > 0:
		msg = text("fit.check.service_none_sold", name(c.BrandName), where, s.shops)
	default:
		msg = text("fit.check.service_none", name(c.BrandName), where)
	}
	return Check{"service", Unknown, "service_not_published", msg, ask, keysService}
}

func regionByCode(code string) (Region, bool) {
	for _, r := range Regions {
		if r.Code == code {
			return r, true
		}
	}
	return Region{}, false
}

// checkBudget compares the lowest fresh observed price with the budget. A
// chair with no fresh price is unknown, never a fit.
func checkBudget(c *facts, budget int64) Check {
	o, ok := c.offer.get()
	switch {
	case !ok:
		return Check{"budget", Unknown, "no_offer", text("fit.check.no_offer"), text("fit.ask.price"), keysPrice}
	case o.Price.WholePesos() > budget:
		return found("budget", NoFit, "over_budget", text("fit.check.over_budget", peso(o.Price.WholePesos()), day(o.ObservedAt), peso(budget)))
	}
	return found("budget", Fits, "within_budget", text("fit.check.within_budget", peso(o.Price.WholePesos()), day(o.ObservedAt), peso(budget)))
}

// mustHave is a feature a buyer can require: the specs it reads (the
// question names them when they are not published), whether a chair has
// it (yes, no, or unknown: ok false), and the reason codes of a chair that
// has it and one that lacks it.
type mustHave struct {
	name       string // the feature's message ID, for sentences
	keys       []string
	has        func(*facts) (has, ok bool)
	yes, lacks string
}

func requirement(code, name string, keys []string, has func(*facts) (bool, bool)) mustHave {
	return mustHave{name, keys, has, "has_" + code, "missing_" + code}
}

func boolFeature(code, name, key string, get func(*facts) opt[bool]) mustHave {
	return requirement(code, name, []string{key}, func(f *facts) (bool, bool) { return get(f).get() })
}

var mustHaves = map[string]mustHave{
	"zero_gravity": boolFeature("zero_gravity", "fit.feature.zero_gravity", "zero_gravity", func(f *facts) opt[bool] { return f.zeroGravity }),
	"heat":         boolFeature("heat", heatFeature, "heat", func(f *facts) opt[bool] { return f.heat }),
	"foot_rollers": boolFeature("foot_rollers", "fit.feature.foot_rollers", "foot_rollers", func(f *facts) opt[bool] { return f.footRollers }),
	"space_saving": boolFeature("space_saving", "fit.feature.space_saving", "space_saving", func(f *facts) opt[bool] { return f.spaceSaving }),
	"app":          boolFeature("app", "fit.feature.app", "app_control", func(f *facts) opt[bool] { return f.appControl }),
	"l_track": requirement("l_track", "fit.feature.l_track", []string{"track"}, func(f *facts) (bool, bool) {
		t, ok := f.track.get()
		return t == "l" || t == "sl", ok
	}),
	"rollers_3d": requirement("rollers_3d", "fit.feature.rollers_3d", []string{"rollers"}, func(f *facts) (bool, bool) {
		r, ok := f.rollers.get()
		return r == "3d" || r == "4d", ok
	}),
}

func checkMustHaves(out []Check, c *facts, wanted []string) []Check {
	for _, code := range wanted {
		f, known := mustHaves[code]
		if !known {
			continue // Validate rejects unknown codes.
		}
		what := label(f.name)
		has, ok := f.has(c)
		switch {
		case !ok:
			out = append(out, Check{"features", Unknown, "feature_not_published", text("fit.check.feature_not_published", what),
				text("fit.ask.feature", what), f.keys})
		case !has:
			out = append(out, found("features", NoFit, f.lacks, text("fit.check.missing_feature", what)))
		default:
			out = append(out, found("features", Fits, f.yes, text("fit.check.has_feature", what)))
		}
	}
	return out
}

func optionLabel(opts []Option, code string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label
		}
	}
	return code
}
