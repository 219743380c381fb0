package safety

import (
	"slices"
	"strings"

	"masahe/internal/errs"
)

// Option is an accepted code with its label for people.
type Option struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Trends: how the pain has changed since it started.
var Trends = []Option{
	{"better", "Getting better"},
	{"same", "About the same"},
	{"worse", "Getting worse"},
}

// Areas: where the massage was.
var Areas = []Option{
	{"back", "Back"},
	{"neck", "Neck"},
	{"shoulders", "Shoulders"},
	{"legs", "Legs"},
	{"feet", "Feet"},
	{"full_body", "Full body"},
}

// Traumas: any fall, knock or accident around the time of the massage.
var Traumas = []Option{
	{"none", "No"},
	{"minor", "A minor fall or knock, such as slipping or bumping into something"},
	{"major", "A serious accident, such as a car crash, a fall from a height or a hard blow"},
}

// Symptoms the triage asks about.
var Symptoms = []Option{
	{"saddle_numbness", "Numbness around the genitals, buttocks or inner thighs"},
	{"bladder_bowel_change", "New trouble passing urine, or losing control of the bladder or bowels"},
	{"both_legs", "Pain, tingling, numbness or weakness in both legs"},
	{"leg_weakness", "A leg feels weak or gives way, or a foot drags"},
	{"new_erectile_dysfunction", "New trouble getting or keeping an erection"},
	{"chest_pain", "Chest pain or tightness"},
	{"sudden_breathlessness", "Breathlessness that came on suddenly"},
	{"stroke_signs", "A face drooping on one side, an arm or leg suddenly weak or numb on one side, or slurred speech"},
	{"sudden_severe_headache", "A sudden, severe headache unlike any before"},
	{"dizziness_vision_speech", "Dizziness, blurred or double vision, or trouble speaking or swallowing"},
	{"arm_numbness_weakness", "Numbness, tingling, pins and needles or weakness in an arm or hand"},
	{"fever", "Fever: a temperature of 38 °C or more"},
	{"generally_unwell", "Feeling generally unwell, shivery or feverish"},
	{"weight_loss", "Losing weight without trying"},
	{"night_pain", "Pain that is worse at night and does not ease with rest"},
	{"lump_or_deformity", "A new lump, or a change in the shape of the back or neck"},
	{"between_shoulder_blades", "Pain high in the back, between the shoulder blades"},
	{"worse_cough_sneeze", "Pain that gets worse when you cough, sneeze or strain on the toilet"},
	{"calf_swelling", "One leg or calf swollen, red or darker, warm or throbbing"},
	{"leg_numbness_tingling", "Numbness, tingling or pins and needles in a leg"},
	{"pain_below_knee", "Pain that runs down a leg below the knee"},
	{"sharp_pain", "Sharp or stabbing pain, not a dull ache"},
	{"joint_pain_or_swelling", "Pain in a joint, or swelling"},
	{"bruising", "Bruises where the chair pressed"},
}

// Conditions the triage asks about.
var Conditions = []Option{
	{"osteoporosis", "Osteoporosis (thin, fragile bones)"},
	{"long_term_steroids", "Taking steroid tablets, such as prednisone, for three months or more"},
	{"cancer_history", "Cancer, now or in the past"},
	{"recent_spine_surgery", "Back or neck surgery in the past 12 months"},
	{"pregnancy", "Pregnancy"},
	{"anticoagulants", "Taking blood thinners, such as warfarin, apixaban, rivaroxaban or dabigatran"},
	{"dvt_history", "A blood clot in a vein (DVT) in the past"},
	{"pacemaker", "A pacemaker or other implanted heart device"},
	{"diabetes_neuropathy", "Diabetes with numb feet, or other nerve damage (neuropathy)"},
	{"herniated_disc", "A herniated (slipped) disc or another spine condition"},
	{"immunosuppression", "A weakened immune system, for example from transplant or cancer medicines, or HIV"},
	{"injected_drugs", "Injecting drugs, now or in the past"},
}

// Limits of the numeric answers.
const (
	MaxHours = 2160 // 90 days
	MaxPain  = 10
	MinAge   = 1
	MaxAge   = 120
)

// Thresholds the rules use, in one place.
const (
	// NormalWindowHours: soreness after a massage normally peaks 24–72
	// hours after it and then eases (SrcDOMS). Beyond this, soreness that
	// is not improving needs a doctor.
	NormalWindowHours = 72
	// PhysioAfterHours: soreness lasting more than 4 days needs a
	// physiotherapist, even when it is easing (SrcDOMS).
	PhysioAfterHours = 96
	// ModeratePain: pain of 4 to 6 out of 10 is moderate; below is mild.
	ModeratePain = 4
	// SeverePain: pain of 7 or more out of 10 is severe and needs a doctor.
	SeverePain = 7
	// FirstEpisodeAge: a first episode of such pain at this age or older
	// needs a doctor within 24 hours (SrcUrgent says after 50–55, SrcNeuro
	// over 50; we take the lower end).
	FirstEpisodeAge = 50
	// YoungOnsetAge: a first episode below this age needs a doctor within
	// 24 hours too (SrcNeuro: age under 20).
	YoungOnsetAge = 20
)

// Answers are one person's answers. hours_since_massage and pain are
// required; everything else may be left out. A left-out answer is read the
// cautious way: no trend counts as "same" (not improving), no area as
// possibly any area, an unknown first_episode as a first episode; no trauma
// counts as none.
type Answers struct {
	HoursSinceMassage *int64 `json:"hours_since_massage"`
	Pain              *int64 `json:"pain"`
	Trend             string `json:"trend"`
	Age               *int64 `json:"age"`
	Area              string `json:"area"`
	Trauma            string `json:"trauma"`
	// FirstEpisode is true when this is the first time the person has had
	// pain like this, false when they have had it before; nil (not sure)
	// counts as true.
	FirstEpisode *bool    `json:"first_episode"`
	Symptoms     []string `json:"symptoms"`
	Conditions   []string `json:"conditions"`
}

// Validate checks every answer: the required numbers are there, numbers
// are possible and codes are known. Errors name the API's field.
func (a Answers) Validate() error {
	for _, r := range []struct {
		field    string
		n        *int64
		required bool
		min, max int64
		what     string
	}{
		{"hours_since_massage", a.HoursSinceMassage, true, 0, MaxHours, "a number of hours"},
		{"pain", a.Pain, true, 0, MaxPain, "a pain score"},
		{"age", a.Age, false, MinAge, MaxAge, "an age in years"},
	} {
		if r.n == nil {
			if r.required {
				return errs.Invalidf(r.field, "%s is required: give %s between %d and %d", r.field, r.what, r.min, r.max)
			}
			continue
		}
		if *r.n < r.min || *r.n > r.max {
			return errs.Invalidf(r.field, "%s must be %s between %d and %d, not %d", r.field, r.what, r.min, r.max, *r.n)
		}
	}
	for _, c := range []struct {
		field string
		got   string
		valid []Option
	}{{"trend", a.Trend, Trends}, {"area", a.Area, Areas}, {"trauma", a.Trauma, Traumas}} {
		if c.got != "" && !known(c.valid, c.got) {
			return errs.Invalidf(c.field, "%s: %q is not one of %s", c.field, c.got, codeList(c.valid))
		}
	}
	for _, l := range []struct {
		field string
		got   []string
		valid []Option
	}{{"symptoms", a.Symptoms, Symptoms}, {"conditions", a.Conditions, Conditions}} {
		for _, c := range l.got {
			if !known(l.valid, c) {
				return errs.Invalidf(l.field, "%s: %q is not a known code; use one of %s", l.field, c, codeList(l.valid))
			}
		}
	}
	return nil
}

func known(opts []Option, code string) bool {
	return slices.ContainsFunc(opts, func(o Option) bool { return o.Code == code })
}

func codeList(opts []Option) string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Code
	}
	return strings.Join(out, ", ")
}
