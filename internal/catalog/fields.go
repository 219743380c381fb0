package catalog

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
)

// Kind is the type of a spec value.
type Kind int

const (
	KindInt Kind = iota
	KindFloat
	KindBool
	KindEnum
	KindList
)

// Option is one allowed value of an enum spec with its label.
type Option struct {
	Value, Label string
}

// Field describes one chair spec: how it is stored, validated and shown.
// The registry below is the single list of specs; storage, import, the API,
// the chair page and comparison are all driven by it.
type Field struct {
	Key     string
	Label   string
	Group   string
	Unit    string
	Kind    Kind
	Options []Option
	Min     float64
	Max     float64
}

// Spec groups, in page order.
const (
	GroupMassage  = "Massage"
	GroupBody     = "Body fit"
	GroupSize     = "Size and space"
	GroupPower    = "Power"
	GroupWarranty = "Warranty and service"
	GroupOther    = "Other"
)

var (
	TrackOptions = []Option{
		{"s", "S-track"}, {"l", "L-track"}, {"sl", "SL-track"}, {"j", "J-track"},
	}
	RollerOptions = []Option{
		{"2d", "2D"}, {"3d", "3D"}, {"4d", "4D"},
	}
	VoltageOptions = []Option{
		{"220-240", "220–240 V"}, {"110-120", "110–120 V"}, {"100", "100 V"},
	}
)

// Fields lists every chair spec in display order.
var Fields = []Field{
	{Key: "track", Label: "Track", Group: GroupMassage, Kind: KindEnum, Options: TrackOptions},
	{Key: "track_length_cm", Label: "Track length", Group: GroupMassage, Unit: "cm", Kind: KindInt, Min: 30, Max: 250},
	{Key: "rollers", Label: "Rollers", Group: GroupMassage, Kind: KindEnum, Options: RollerOptions},
	{Key: "airbags", Label: "Airbags", Group: GroupMassage, Kind: KindInt, Min: 0, Max: 300},
	{Key: "programs", Label: "Automatic programs", Group: GroupMassage, Kind: KindInt, Min: 0, Max: 1000},
	{Key: "zero_gravity", Label: "Zero gravity", Group: GroupMassage, Kind: KindBool},
	{Key: "heat", Label: "Heat", Group: GroupMassage, Kind: KindBool},
	{Key: "heat_zones", Label: "Heated areas", Group: GroupMassage, Kind: KindInt, Min: 0, Max: 20},
	{Key: "foot_rollers", Label: "Foot rollers", Group: GroupMassage, Kind: KindBool},
	{Key: "body_scan", Label: "Body scan", Group: GroupMassage, Kind: KindBool},
	{Key: "user_height_min_cm", Label: "Shortest supported user", Group: GroupBody, Unit: "cm", Kind: KindInt, Min: 100, Max: 230},
	{Key: "user_height_max_cm", Label: "Tallest supported user", Group: GroupBody, Unit: "cm", Kind: KindInt, Min: 100, Max: 230},
	{Key: "max_user_weight_kg", Label: "Maximum user weight", Group: GroupBody, Unit: "kg", Kind: KindInt, Min: 40, Max: 250},
	{Key: "upright_width_cm", Label: "Width, upright", Group: GroupSize, Unit: "cm", Kind: KindInt, Min: 30, Max: 250},
	{Key: "upright_depth_cm", Label: "Depth, upright", Group: GroupSize, Unit: "cm", Kind: KindInt, Min: 30, Max: 300},
	{Key: "upright_height_cm", Label: "Height, upright", Group: GroupSize, Unit: "cm", Kind: KindInt, Min: 30, Max: 250},
	{Key: "reclined_width_cm", Label: "Width, reclined", Group: GroupSize, Unit: "cm", Kind: KindInt, Min: 30, Max: 250},
	{Key: "reclined_depth_cm", Label: "Depth, reclined", Group: GroupSize, Unit: "cm", Kind: KindInt, Min: 30, Max: 300},
	{Key: "reclined_height_cm", Label: "Height, reclined", Group: GroupSize, Unit: "cm", Kind: KindInt, Min: 30, Max: 250},
	{Key: "wall_clearance_cm", Label: "Space needed behind", Group: GroupSize, Unit: "cm", Kind: KindInt, Min: 0, Max: 200},
	{Key: "space_saving", Label: "Space-saving recline", Group: GroupSize, Kind: KindBool},
	{Key: "chair_weight_kg", Label: "Chair weight", Group: GroupSize, Unit: "kg", Kind: KindFloat, Min: 5, Max: 400},
	{Key: "voltage", Label: "Rated voltage", Group: GroupPower, Kind: KindEnum, Options: VoltageOptions},
	{Key: "power_w", Label: "Power use", Group: GroupPower, Unit: "W", Kind: KindInt, Min: 1, Max: 3000},
	{Key: "warranty_parts_months", Label: "Warranty on parts", Group: GroupWarranty, Unit: "months", Kind: KindInt, Min: 0, Max: 240},
	{Key: "warranty_labour_months", Label: "Warranty on labour", Group: GroupWarranty, Unit: "months", Kind: KindInt, Min: 0, Max: 240},
	{Key: "warranty_ph", Label: "Warranty honoured in the Philippines", Group: GroupWarranty, Kind: KindBool},
	{Key: "service_areas", Label: "Service areas", Group: GroupWarranty, Kind: KindList},
	{Key: "app_control", Label: "App control", Group: GroupOther, Kind: KindBool},
	{Key: "release_year", Label: "Release year", Group: GroupOther, Kind: KindInt, Min: 1990, Max: 2100},
}

// FieldByKey returns the spec field named key.
func FieldByKey(key string) (Field, bool) {
	for _, f := range Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// OptionLabel returns the label of an enum value, or the value itself.
func (f Field) OptionLabel(v string) string {
	return optionLabelOf(f.Options, v)
}

func (f Field) hasOption(v string) bool {
	return hasOption(f.Options, v)
}

// SpecText turns a spec typed into a form into its JSON form (a number, a
// true/false, a list of names, or the text as typed), so that the import's
// validation, the one for every way into the catalog, judges it. ok is
// false when nothing was typed.
func (f Field) SpecText(raw string) (value any, ok bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, false
	}
	switch f.Kind {
	case KindInt, KindFloat:
		// Only a finite number goes as a number: anything else stays text,
		// which the validation calls "must be a number".
		if x, err := strconv.ParseFloat(raw, 64); err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
			return json.Number(raw), true
		}
	case KindBool:
		if raw == "true" || raw == "false" {
			return raw == "true", true
		}
	case KindList:
		var names []any
		for name := range strings.SplitSeq(raw, ",") {
			if name = strings.TrimSpace(name); name != "" {
				names = append(names, name)
			}
		}
		if len(names) == 0 {
			return nil, false
		}
		return names, true
	}
	return raw, true
}

// ParseText reads a spec typed into a form and checks it as the import
// does: the value in its Go type, or an error saying what is wrong.
func (f Field) ParseText(raw string) (any, error) {
	v, ok := f.SpecText(raw)
	if !ok {
		return nil, errors.New("is required")
	}
	return normalize(f, v)
}
