package fit

import (
	"fmt"
	"slices"
	"strings"

	"masahe/internal/catalog"
	"masahe/internal/prices"
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
	return slices.Index([]Verdict{Fits, Unknown, Borderline, NoFit}, v)
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

// Check is one check of a chair for a buyer, with a reason code and a
// sentence that gives the numbers. Ask is the question to put to the
// seller when the check needs a value that is not published, and Missing
// names that value: spec keys, "price" or "service_centre".
type Check struct {
	Check   string
	Result  Verdict
	Code    string
	Message string
	Ask     string
	Missing []string
}

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
	notPublished     = "not published"
	notPublishedCode = "not_published"
)

// CheckChair runs every check that the buyer's answers call for. A check
// whose answer is blank is not run; a check whose chair data is missing is
// Unknown with the question to ask, never a silent pass. places are the
// showrooms, stores and service centres known, for the region check.
func CheckChair(c catalog.Chair, p Profile, places []catalog.Place) []Check {
	var out []Check
	add := func(checks ...Check) { out = append(out, checks...) }
	add(CheckBody(c, p)...)
	if p.Room.WidthCM != nil || p.Room.DepthCM != nil || p.AgainstWall {
		add(checkRoom(c, p)...)
	}
	if p.Delivery.DoorWidthCM != nil || p.Delivery.FloorsByStairs != nil {
		add(checkDelivery(c, p)...)
	}
	add(checkPower(c), checkWarranty(c))
	if region, ok := regionByCode(p.Region); ok {
		add(checkService(c, region, places))
	}
	if p.BudgetPHP != nil {
		add(checkBudget(c, *p.BudgetPHP))
	}
	add(checkMustHaves(c, p.MustHave)...)
	return out
}

// unknown is a check that a missing value stops: what is missing, the
// question to ask and the keys of the missing values.
func unknown(check, what, ask string, keys ...string) Check {
	return Check{check, Unknown, notPublishedCode, fmt.Sprintf("The chair's %s is %s, so we cannot check it.", what, notPublished), ask, keys}
}

// CheckBody compares the buyer's height and weight, when given, with the
// chair's limits.
func CheckBody(c catalog.Chair, p Profile) []Check {
	var out []Check
	if p.HeightCM != nil {
		h := *p.HeightCM
		lo, okLo := c.Int("user_height_min_cm")
		hi, okHi := c.Int("user_height_max_cm")
		switch {
		case okLo && h < lo:
			out = append(out, Check{Check: "body", Result: NoFit, Code: "too_short", Message: fmt.Sprintf("You are %d cm; the chair is made for users from %d cm.", h, lo)})
		case okHi && h > hi:
			out = append(out, Check{Check: "body", Result: NoFit, Code: "too_tall", Message: fmt.Sprintf("You are %d cm; the chair is made for users up to %d cm.", h, hi)})
		case !okLo && !okHi:
			out = append(out, unknown("body", "supported height range", "Ask for the shortest and tallest user it is made for.", "user_height_min_cm", "user_height_max_cm"))
		case !okLo:
			out = append(out, unknown("body", "shortest supported user", "Ask for the shortest user it is made for.", "user_height_min_cm"))
		case !okHi:
			out = append(out, unknown("body", "tallest supported user", "Ask for the tallest user it is made for.", "user_height_max_cm"))
		case h-lo < heightMarginCM || hi-h < heightMarginCM:
			out = append(out, Check{Check: "body", Result: Borderline, Code: "height_near_limit", Message: fmt.Sprintf("You are %d cm, within %d cm of the chair's %d–%d cm range limit: try it before you buy.", h, heightMarginCM, lo, hi)})
		default:
			out = append(out, Check{Check: "body", Result: Fits, Code: "height_ok", Message: fmt.Sprintf("You are %d cm; the chair is made for %d–%d cm.", h, lo, hi)})
		}
	}
	if p.WeightKG != nil {
		w := *p.WeightKG
		max, ok := c.Int("max_user_weight_kg")
		switch {
		case !ok:
			out = append(out, unknown("body", "maximum user weight", "Ask for the maximum user weight.", "max_user_weight_kg"))
		case w > max:
			out = append(out, Check{Check: "body", Result: NoFit, Code: "too_heavy", Message: fmt.Sprintf("You weigh %d kg; the chair takes up to %d kg.", w, max)})
		case max-w < weightMarginKG:
			out = append(out, Check{Check: "body", Result: Borderline, Code: "weight_near_limit", Message: fmt.Sprintf("You weigh %d kg, within %d kg of the chair's %d kg limit.", w, weightMarginKG, max)})
		default:
			out = append(out, Check{Check: "body", Result: Fits, Code: "weight_ok", Message: fmt.Sprintf("You weigh %d kg; the chair takes up to %d kg.", w, max)})
		}
	}
	return out
}

const askClearance = "Ask how much free space it needs behind it to recline fully."

// checkRoom compares the space the chair needs fully reclined, including
// the free space behind it, with the buyer's room.
func checkRoom(c catalog.Chair, p Profile) []Check {
	var out []Check
	if p.Room.DepthCM != nil {
		room := *p.Room.DepthCM
		depth, ok := c.Int("reclined_depth_cm")
		clearance, okC := c.Int("wall_clearance_cm")
		need := depth + clearance
		switch {
		case !ok:
			out = append(out, unknown("room", "depth when fully reclined", "Ask for its depth when fully reclined.", "reclined_depth_cm"))
		case need > room:
			out = append(out, Check{Check: "room", Result: NoFit, Code: "room_too_shallow", Message: fmt.Sprintf("Reclined, the chair needs %d cm of depth%s; your space is %d cm.", need, clearanceNote(clearance, okC), room)})
		case !okC && room-depth < roomMarginCM:
			out = append(out, Check{"room", Borderline, "room_tight", fmt.Sprintf("Reclined, the chair is %d cm deep; your %d cm leaves only %d cm to spare, and the free space it needs behind is %s.", depth, room, room-depth, notPublished), askClearance, []string{"wall_clearance_cm"}})
		case !okC:
			out = append(out, Check{"room", Unknown, "clearance_not_published", fmt.Sprintf("Reclined, the chair is %d cm deep and your space is %d cm, but the free space it needs behind is %s.", depth, room, notPublished), askClearance, []string{"wall_clearance_cm"}})
		case room-need < roomMarginCM:
			out = append(out, Check{Check: "room", Result: Borderline, Code: "room_tight", Message: fmt.Sprintf("Reclined, the chair needs %d cm of depth%s; your %d cm leaves only %d cm to spare.", need, clearanceNote(clearance, okC), room, room-need)})
		default:
			out = append(out, Check{Check: "room", Result: Fits, Code: "room_depth_ok", Message: fmt.Sprintf("Reclined, the chair needs %d cm of depth%s; your space is %d cm.", need, clearanceNote(clearance, okC), room)})
		}
	}
	if p.Room.WidthCM != nil {
		room := *p.Room.WidthCM
		rw, okR := c.Int("reclined_width_cm")
		uw, okU := c.Int("upright_width_cm")
		width, ok := max(rw, uw), okR || okU
		switch {
		case !ok:
			out = append(out, unknown("room", "width", "Ask for its width.", "upright_width_cm", "reclined_width_cm"))
		case width > room:
			out = append(out, Check{Check: "room", Result: NoFit, Code: "room_too_narrow", Message: fmt.Sprintf("The chair is %d cm wide; your space is %d cm.", width, room)})
		case room-width < roomMarginCM:
			out = append(out, Check{Check: "room", Result: Borderline, Code: "room_width_tight", Message: fmt.Sprintf("The chair is %d cm wide; your %d cm leaves only %d cm to spare.", width, room, room-width)})
		default:
			out = append(out, Check{Check: "room", Result: Fits, Code: "room_width_ok", Message: fmt.Sprintf("The chair is %d cm wide; your space is %d cm.", width, room)})
		}
	}
	if p.AgainstWall {
		saver, ok := c.Bool("space_saving")
		clearance, okC := c.Int("wall_clearance_cm")
		switch {
		case okC && clearance <= wallGapMaxCM:
			out = append(out, Check{Check: "room", Result: Fits, Code: "wall_ok", Message: fmt.Sprintf("It can stand %d cm from the wall and still recline.", clearance)})
		case okC:
			out = append(out, Check{Check: "room", Result: Borderline, Code: "wall_gap", Message: fmt.Sprintf("To recline it must stand %d cm out from the wall.", clearance)})
		case ok && saver:
			out = append(out, Check{Check: "room", Result: Fits, Code: "space_saver", Message: "It reclines by sliding forward, so it can stand close to a wall."})
		case ok:
			out = append(out, Check{"room", Borderline, "not_space_saver", "It reclines backwards and is not a space-saver; the gap it needs behind is not published.", "Ask how far from the wall it must stand to recline.", []string{"wall_clearance_cm"}})
		default:
			out = append(out, unknown("room", "recline clearance", "Ask whether it is a space-saver and how far from the wall it must stand to recline.", "wall_clearance_cm", "space_saving"))
		}
	}
	return out
}

func clearanceNote(clearance int64, ok bool) string {
	if !ok || clearance == 0 {
		return ""
	}
	return fmt.Sprintf(" (including %d cm free behind it)", clearance)
}

// checkDelivery asks whether the chair goes through the door on its
// narrowest side, and warns about stairs.
func checkDelivery(c catalog.Chair, p Profile) []Check {
	var out []Check
	if p.Delivery.DoorWidthCM != nil {
		door := *p.Delivery.DoorWidthCM
		var sizes []int64
		var known, unknownSides, unknownKeys []string
		for _, side := range []struct{ key, word string }{
			{"upright_width_cm", "wide"}, {"upright_depth_cm", "deep"}, {"upright_height_cm", "high"},
		} {
			if v, ok := c.Int(side.key); ok {
				sizes = append(sizes, v)
				known = append(known, fmt.Sprintf("%d cm %s", v, side.word))
			} else {
				unknownSides = append(unknownSides, "how "+side.word)
				unknownKeys = append(unknownKeys, side.key)
			}
		}
		switch {
		case len(sizes) == 0:
			out = append(out, unknown("delivery", "size", "Ask for its width, depth and height upright, and the size of its box.", unknownKeys...))
		case slices.Min(sizes) > door && len(unknownSides) == 0:
			out = append(out, Check{Check: "delivery", Result: NoFit, Code: "door_too_narrow", Message: fmt.Sprintf("Its narrowest side is %d cm; your door is %d cm. Ask whether it comes apart.", slices.Min(sizes), door)})
		case slices.Min(sizes) > door:
			out = append(out, Check{"delivery", Unknown, "door_unknown_side", fmt.Sprintf("It is %s, none of which passes your %d cm door; %s it is is %s.", strings.Join(known, " and "), door, strings.Join(unknownSides, " and "), notPublished),
				fmt.Sprintf("Ask %s it is upright, and whether it comes apart.", strings.Join(unknownSides, " and ")), unknownKeys})
		case door-slices.Min(sizes) < doorMarginCM:
			out = append(out, Check{Check: "delivery", Result: Borderline, Code: "door_tight", Message: fmt.Sprintf("Its narrowest side is %d cm; your %d cm door leaves under %d cm: measure the whole path.", slices.Min(sizes), door, doorMarginCM)})
		default:
			out = append(out, Check{Check: "delivery", Result: Fits, Code: "door_ok", Message: fmt.Sprintf("Its narrowest side is %d cm; your door is %d cm.", slices.Min(sizes), door)})
		}
	}
	if p.Delivery.FloorsByStairs != nil && !p.Delivery.Lift {
		floors := *p.Delivery.FloorsByStairs
		weight := ""
		if w, ok := c.Specs["chair_weight_kg"].Value.(float64); ok {
			weight = fmt.Sprintf(" It weighs %g kg.", w)
		}
		if floors > maxStairsFloors {
			out = append(out, Check{Check: "delivery", Result: Borderline, Code: "stairs", Message: fmt.Sprintf("%d floors by stairs with no lift: carriers commonly refuse more than %d. Ask the retailer before you pay.%s", floors, maxStairsFloors, weight)})
		} else {
			out = append(out, Check{Check: "delivery", Result: Fits, Code: "stairs_ok", Message: fmt.Sprintf("%d floors by stairs is within what carriers commonly take.%s", floors, weight)})
		}
	}
	return out
}

const askVoltage = "Ask whether a 220 V version is sold here, with a warranty valid in the Philippines."

// checkPower compares the chair's rated voltage with Philippine mains
// (220 V, 60 Hz). A voltage published for another market describes that
// market's version: whether a 220 V one is sold here is the question.
func checkPower(c catalog.Chair) Check {
	v, ok := c.Str("voltage")
	f, _ := catalog.FieldByKey("voltage")
	market := c.SpecMarket("voltage")
	switch {
	case !ok:
		return unknown("power", "rated voltage", "Ask for the rated voltage of the version sold here.", "voltage")
	case v == "220-240":
		return Check{Check: "power", Result: Fits, Code: "voltage_ok", Message: fmt.Sprintf("%s is rated 220–240 V, the Philippine mains voltage.", versionName(market))}
	case market != catalog.MarketPH:
		return Check{"power", Unknown, "voltage_other_market", fmt.Sprintf("%s: %s. Whether a 220 V version is sold in the Philippines is %s.", versionName(market), f.OptionLabel(v), notPublished), askVoltage, []string{"voltage"}}
	}
	return Check{"power", Borderline, "step_down_needed", fmt.Sprintf("It is rated %s; on 220 V Philippine mains it needs a step-down transformer sized for its power, and the warranty may not cover that use.", f.OptionLabel(v)), askVoltage, []string{"voltage"}}
}

// versionName names the market version a source describes: "US version".
func versionName(market string) string {
	switch market {
	case catalog.MarketPH:
		return "The Philippine version"
	case "US", "JP", "SG", "MY":
		return market + " version"
	}
	return "The published version"
}

// checkWarranty asks whether the warranty is honoured in the Philippines.
func checkWarranty(c catalog.Chair) Check {
	ph, ok := c.Bool("warranty_ph")
	switch {
	case !ok:
		return Check{"warranty", Unknown, notPublishedCode, "Whether its warranty is honoured in the Philippines is " + notPublished + ".",
			"Ask whether the warranty is honoured in the Philippines, and who repairs it.", []string{"warranty_ph"}}
	case !ph:
		return Check{Check: "warranty", Result: Borderline, Code: "no_ph_warranty", Message: "Its warranty is not honoured in the Philippines: repairs would be at your cost."}
	}
	return Check{Check: "warranty", Result: Fits, Code: "ph_warranty", Message: "Its warranty is honoured in the Philippines."}
}

// checkService asks whether the chair's brand has a service centre in the
// buyer's region, from the places known, or failing that whether the
// chair's published service areas cover it.
func checkService(c catalog.Chair, region Region, places []catalog.Place) Check {
	var here, elsewhere, shops []string
	for _, pl := range places {
		switch {
		case pl.Brand != c.Brand:
		case pl.Kind != catalog.PlaceServiceCentre:
			if pl.Region == region.PSA {
				shops = append(shops, pl.Name+", "+pl.City)
			}
		case pl.Region == region.PSA:
			here = append(here, pl.Name+", "+pl.City)
		case !slices.Contains(elsewhere, pl.City):
			elsewhere = append(elsewhere, pl.City)
		}
	}
	areas, _ := c.Specs["service_areas"].Value.([]string)
	psa, _ := catalog.RegionByCode(region.PSA)
	switch {
	case len(here) > 0:
		return Check{Check: "service", Result: Fits, Code: "service_centre_in_region", Message: fmt.Sprintf("%s has a service centre in %s: %s.", c.BrandName, region.Label, strings.Join(here, "; "))}
	case slices.ContainsFunc(areas, psa.Matches):
		return Check{Check: "service", Result: Fits, Code: "region_served", Message: fmt.Sprintf("Its published service areas include %s.", region.Label)}
	case len(areas) > 0:
		return Check{"service", Borderline, "region_not_served", fmt.Sprintf("Its published service areas are %s, not %s.", strings.Join(areas, ", "), region.Label),
			fmt.Sprintf("Ask how repairs would reach you in %s.", region.Label), []string{"service_centre"}}
	}
	msg := fmt.Sprintf("No %s service centre in %s is known to us.", c.BrandName, region.Label)
	if len(elsewhere) > 0 {
		msg = fmt.Sprintf("The %s service centres known to us are in %s, not %s.", c.BrandName, strings.Join(elsewhere, ", "), region.Label)
	}
	ask := fmt.Sprintf("Ask who services the chair in %s, and whether technicians come to your home.", region.Label)
	if len(shops) > 0 {
		msg += fmt.Sprintf(" It is sold at %s.", strings.Join(shops, "; "))
		ask = fmt.Sprintf("Ask at %s who services the chair in %s.", shops[0], region.Label)
	}
	return Check{"service", Unknown, "service_not_published", msg, ask, []string{"service_centre"}}
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
func checkBudget(c catalog.Chair, budget int64) Check {
	o, ok := c.LowestOffer()
	switch {
	case !ok:
		return Check{"budget", Unknown, "no_offer", "No fresh observed price is known, so we cannot compare it with your budget.", "Ask for the price in pesos.", []string{"price"}}
	case o.Price.WholePesos() > budget:
		return Check{Check: "budget", Result: NoFit, Code: "over_budget", Message: fmt.Sprintf("Its lowest observed price is %s (on %s), over your %s budget.", o.Price, prices.FormatDate(o.ObservedAt), catalog.FormatPeso(budget))}
	}
	return Check{Check: "budget", Result: Fits, Code: "within_budget", Message: fmt.Sprintf("Its lowest observed price is %s (on %s), within your %s budget.", o.Price, prices.FormatDate(o.ObservedAt), catalog.FormatPeso(budget))}
}

// mustHaveKeys are the specs each must-have reads.
var mustHaveKeys = map[string]string{
	"zero_gravity": "zero_gravity", "heat": "heat", "foot_rollers": "foot_rollers", "space_saving": "space_saving",
	"app": "app_control", "l_track": "track", "rollers_3d": "rollers",
}

// mustHave tells whether a chair has a required feature: yes, no, or
// unknown (ok false).
var mustHave = map[string]func(catalog.Chair) (bool, bool){
	"zero_gravity": func(c catalog.Chair) (bool, bool) { return c.Bool("zero_gravity") },
	"heat":         func(c catalog.Chair) (bool, bool) { return c.Bool("heat") },
	"foot_rollers": func(c catalog.Chair) (bool, bool) { return c.Bool("foot_rollers") },
	"space_saving": func(c catalog.Chair) (bool, bool) { return c.Bool("space_saving") },
	"app":          func(c catalog.Chair) (bool, bool) { return c.Bool("app_control") },
	"l_track": func(c catalog.Chair) (bool, bool) {
		t, ok := c.Str("track")
		return t == "l" || t == "sl", ok
	},
	"rollers_3d": func(c catalog.Chair) (bool, bool) {
		r, ok := c.Str("rollers")
		return r == "3d" || r == "4d", ok
	},
}

func checkMustHaves(c catalog.Chair, wanted []string) []Check {
	var out []Check
	for _, code := range wanted {
		label := optionLabel(MustHaves, code)
		feature, known := mustHave[code]
		if !known {
			continue // Validate rejects unknown codes.
		}
		has, ok := feature(c)
		switch {
		case !ok:
			out = append(out, Check{"features", Unknown, "feature_not_published", fmt.Sprintf("Whether it has %s is %s.", strings.ToLower(label), notPublished),
				fmt.Sprintf("Ask whether it has %s.", strings.ToLower(label)), []string{mustHaveKeys[code]}})
		case !has:
			out = append(out, Check{Check: "features", Result: NoFit, Code: "missing_" + code, Message: fmt.Sprintf("It lacks %s, which you require.", strings.ToLower(label))})
		default:
			out = append(out, Check{Check: "features", Result: Fits, Code: "has_" + code, Message: fmt.Sprintf("It has %s.", strings.ToLower(label))})
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
