package fit

import (
	"fmt"
	"slices"
	"strings"

	"masahe/internal/catalog"
)

// Verdict is the outcome of a check, from best to worst.
type Verdict string

const (
	Fits       Verdict = "fits"
	Borderline Verdict = "borderline"
	NoFit      Verdict = "no_fit"
)

func (v Verdict) rank() int {
	return slices.Index([]Verdict{Fits, Borderline, NoFit}, v)
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
// sentence that gives the numbers.
type Check struct {
	Check   string
	Result  Verdict
	Code    string
	Message string
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
// borderline, never a silent pass.
func CheckChair(c catalog.Chair, p Profile) []Check {
	var out []Check
	add := func(checks ...Check) { out = append(out, checks...) }
	add(CheckBody(c, p)...)
	if p.Room.WidthCM != nil || p.Room.DepthCM != nil || p.AgainstWall {
		add(checkRoom(c, p)...)
	}
	if p.Delivery.DoorWidthCM != nil || p.Delivery.FloorsByStairs != nil {
		add(checkDelivery(c, p)...)
	}
	add(checkPower(c), checkService(c, p))
	if p.BudgetPHP != nil {
		add(checkBudget(c, *p.BudgetPHP))
	}
	add(checkMustHaves(c, p.MustHave)...)
	return out
}

func missing(check, what string) Check {
	return Check{check, Borderline, notPublishedCode, fmt.Sprintf("The chair's %s is %s, so we cannot check it.", what, notPublished)}
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
			out = append(out, Check{"body", NoFit, "too_short", fmt.Sprintf("You are %d cm; the chair is made for users from %d cm.", h, lo)})
		case okHi && h > hi:
			out = append(out, Check{"body", NoFit, "too_tall", fmt.Sprintf("You are %d cm; the chair is made for users up to %d cm.", h, hi)})
		case !okLo || !okHi:
			out = append(out, missing("body", "supported height range"))
		case h-lo < heightMarginCM || hi-h < heightMarginCM:
			out = append(out, Check{"body", Borderline, "height_near_limit", fmt.Sprintf("You are %d cm, within %d cm of the chair's %d–%d cm range limit: try it before you buy.", h, heightMarginCM, lo, hi)})
		default:
			out = append(out, Check{"body", Fits, "height_ok", fmt.Sprintf("You are %d cm; the chair is made for %d–%d cm.", h, lo, hi)})
		}
	}
	if p.WeightKG != nil {
		w := *p.WeightKG
		max, ok := c.Int("max_user_weight_kg")
		switch {
		case !ok:
			out = append(out, missing("body", "maximum user weight"))
		case w > max:
			out = append(out, Check{"body", NoFit, "too_heavy", fmt.Sprintf("You weigh %d kg; the chair takes up to %d kg.", w, max)})
		case max-w < weightMarginKG:
			out = append(out, Check{"body", Borderline, "weight_near_limit", fmt.Sprintf("You weigh %d kg, within %d kg of the chair's %d kg limit.", w, weightMarginKG, max)})
		default:
			out = append(out, Check{"body", Fits, "weight_ok", fmt.Sprintf("You weigh %d kg; the chair takes up to %d kg.", w, max)})
		}
	}
	return out
}

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
			out = append(out, missing("room", "reclined depth"))
		case need > room:
			out = append(out, Check{"room", NoFit, "room_too_shallow", fmt.Sprintf("Reclined, the chair needs %d cm of depth%s; your space is %d cm.", need, clearanceNote(clearance, okC), room)})
		case !okC:
			out = append(out, Check{"room", Borderline, "clearance_not_published", fmt.Sprintf("Reclined, the chair is %d cm deep and your space is %d cm, but the free space it needs behind is %s.", depth, room, notPublished)})
		case room-need < roomMarginCM:
			out = append(out, Check{"room", Borderline, "room_tight", fmt.Sprintf("Reclined, the chair needs %d cm of depth%s; your %d cm leaves only %d cm to spare.", need, clearanceNote(clearance, okC), room, room-need)})
		default:
			out = append(out, Check{"room", Fits, "room_depth_ok", fmt.Sprintf("Reclined, the chair needs %d cm of depth%s; your space is %d cm.", need, clearanceNote(clearance, okC), room)})
		}
	}
	if p.Room.WidthCM != nil {
		room := *p.Room.WidthCM
		rw, okR := c.Int("reclined_width_cm")
		uw, okU := c.Int("upright_width_cm")
		width, ok := max(rw, uw), okR || okU
		switch {
		case !ok:
			out = append(out, missing("room", "width"))
		case width > room:
			out = append(out, Check{"room", NoFit, "room_too_narrow", fmt.Sprintf("The chair is %d cm wide; your space is %d cm.", width, room)})
		case room-width < roomMarginCM:
			out = append(out, Check{"room", Borderline, "room_width_tight", fmt.Sprintf("The chair is %d cm wide; your %d cm leaves only %d cm to spare.", width, room, room-width)})
		default:
			out = append(out, Check{"room", Fits, "room_width_ok", fmt.Sprintf("The chair is %d cm wide; your space is %d cm.", width, room)})
		}
	}
	if p.AgainstWall {
		saver, ok := c.Bool("space_saving")
		clearance, okC := c.Int("wall_clearance_cm")
		switch {
		case okC && clearance <= wallGapMaxCM:
			out = append(out, Check{"room", Fits, "wall_ok", fmt.Sprintf("It can stand %d cm from the wall and still recline.", clearance)})
		case okC:
			out = append(out, Check{"room", Borderline, "wall_gap", fmt.Sprintf("To recline it must stand %d cm out from the wall.", clearance)})
		case ok && saver:
			out = append(out, Check{"room", Fits, "space_saver", "It reclines by sliding forward, so it can stand close to a wall."})
		case ok:
			out = append(out, Check{"room", Borderline, "not_space_saver", "It reclines backwards and is not a space-saver; the gap it needs behind is not published."})
		default:
			out = append(out, missing("room", "recline clearance"))
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
		var known, unknown []string
		for _, side := range []struct{ key, word string }{
			{"upright_width_cm", "wide"}, {"upright_depth_cm", "deep"}, {"upright_height_cm", "high"},
		} {
			if v, ok := c.Int(side.key); ok {
				sizes = append(sizes, v)
				known = append(known, fmt.Sprintf("%d cm %s", v, side.word))
			} else {
				unknown = append(unknown, "how "+side.word)
			}
		}
		switch {
		case len(sizes) == 0:
			out = append(out, missing("delivery", "size"))
		case slices.Min(sizes) > door && len(unknown) == 0:
			out = append(out, Check{"delivery", NoFit, "door_too_narrow", fmt.Sprintf("Its narrowest side is %d cm; your door is %d cm. Ask whether it comes apart.", slices.Min(sizes), door)})
		case slices.Min(sizes) > door:
			out = append(out, Check{"delivery", Borderline, "door_unknown_side", fmt.Sprintf("It is %s, none of which passes your %d cm door; %s it is is %s.", strings.Join(known, " and "), door, strings.Join(unknown, " and "), notPublished)})
		case door-slices.Min(sizes) < doorMarginCM:
			out = append(out, Check{"delivery", Borderline, "door_tight", fmt.Sprintf("Its narrowest side is %d cm; your %d cm door leaves under %d cm: measure the whole path.", slices.Min(sizes), door, doorMarginCM)})
		default:
			out = append(out, Check{"delivery", Fits, "door_ok", fmt.Sprintf("Its narrowest side is %d cm; your door is %d cm.", slices.Min(sizes), door)})
		}
	}
	if p.Delivery.FloorsByStairs != nil && !p.Delivery.Lift {
		floors := *p.Delivery.FloorsByStairs
		weight := ""
		if w, ok := c.Specs["chair_weight_kg"].Value.(float64); ok {
			weight = fmt.Sprintf(" It weighs %g kg.", w)
		}
		if floors > maxStairsFloors {
			out = append(out, Check{"delivery", Borderline, "stairs", fmt.Sprintf("%d floors by stairs with no lift: carriers commonly refuse more than %d. Ask the retailer before you pay.%s", floors, maxStairsFloors, weight)})
		} else {
			out = append(out, Check{"delivery", Fits, "stairs_ok", fmt.Sprintf("%d floors by stairs is within what carriers commonly take.%s", floors, weight)})
		}
	}
	return out
}

// checkPower compares the chair's rated voltage with Philippine mains
// (220 V, 60 Hz).
func checkPower(c catalog.Chair) Check {
	v, ok := c.Str("voltage")
	switch {
	case !ok:
		return missing("power", "rated voltage")
	case v == "220-240":
		return Check{"power", Fits, "voltage_ok", "It is rated 220–240 V, the Philippine mains voltage."}
	}
	f, _ := catalog.FieldByKey("voltage")
	return Check{"power", Borderline, "step_down_needed", fmt.Sprintf("It is rated %s; on 220 V Philippine mains it needs a step-down transformer sized for its power, and the warranty may not cover that use. Ask for a 220 V version.", f.OptionLabel(v))}
}

// checkService asks whether the warranty is honoured in the Philippines
// and in the buyer's region.
func checkService(c catalog.Chair, p Profile) Check {
	ph, ok := c.Bool("warranty_ph")
	switch {
	case !ok:
		return missing("service", "Philippine warranty")
	case !ph:
		return Check{"service", Borderline, "no_ph_warranty", "Its warranty is not honoured in the Philippines: repairs would be at your cost."}
	}
	areas, _ := c.Specs["service_areas"].Value.([]string)
	region, hasRegion := regionByCode(p.Region)
	switch {
	case !hasRegion:
		return Check{"service", Fits, "ph_warranty", "Its warranty is honoured in the Philippines."}
	case len(areas) == 0:
		return Check{"service", Borderline, "areas_not_published", fmt.Sprintf("Its warranty is honoured in the Philippines, but whether technicians serve %s is %s.", region.Label, notPublished)}
	case region.serves(areas):
		return Check{"service", Fits, "region_served", fmt.Sprintf("Its warranty is honoured in the Philippines, with service in %s.", region.Label)}
	}
	return Check{"service", Borderline, "region_not_served", fmt.Sprintf("Its warranty service covers %s, not %s: ask how repairs would reach you.", strings.Join(areas, ", "), region.Label)}
}

func regionByCode(code string) (Region, bool) {
	for _, r := range Regions {
		if r.Code == code {
			return r, true
		}
	}
	return Region{}, false
}

func (r Region) serves(areas []string) bool {
	names := append([]string{r.Label}, r.Aliases...)
	for _, a := range areas {
		for _, n := range names {
			if strings.EqualFold(strings.TrimSpace(a), n) {
				return true
			}
		}
	}
	return false
}

// checkBudget compares the lowest known price with the budget. A sample
// price over budget excludes the chair like a real one; one within budget
// is only borderline, since nobody has seen it.
func checkBudget(c catalog.Chair, budget int64) Check {
	o, ok := c.LowestOffer()
	switch {
	case !ok:
		return Check{"budget", Borderline, "no_offer", "No offer is known, so we cannot compare it with your budget."}
	case o.PricePHP > budget:
		return Check{"budget", NoFit, "over_budget", fmt.Sprintf("Its lowest %sprice is %s, over your %s budget.", sampleWord(o), catalog.FormatPeso(o.PricePHP), catalog.FormatPeso(budget))}
	case o.Sample:
		return Check{"budget", Borderline, "sample_price", fmt.Sprintf("Only a sample price is known (%s, within your %s budget): check the real price.", catalog.FormatPeso(o.PricePHP), catalog.FormatPeso(budget))}
	}
	return Check{"budget", Fits, "within_budget", fmt.Sprintf("Its lowest price is %s, within your %s budget.", catalog.FormatPeso(o.PricePHP), catalog.FormatPeso(budget))}
}

func sampleWord(o catalog.Offer) string {
	if o.Sample {
		return "sample "
	}
	return ""
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
			out = append(out, Check{"features", Borderline, "feature_not_published", fmt.Sprintf("Whether it has %s is %s.", strings.ToLower(label), notPublished)})
		case !has:
			out = append(out, Check{"features", NoFit, "missing_" + code, fmt.Sprintf("It lacks %s, which you require.", strings.ToLower(label))})
		default:
			out = append(out, Check{"features", Fits, "has_" + code, fmt.Sprintf("It has %s.", strings.ToLower(label))})
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
