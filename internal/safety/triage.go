package safety

import (
	"fmt"
	"slices"
	"strings"

	"masahe/internal/errs"
)

// Disclaimer is said plainly wherever a triage answer is shown.
const Disclaimer = "This is guidance, not a diagnosis. It cannot examine you; if you feel something is seriously wrong, trust that feeling and get help."

// Level is how soon someone should get help, from the most urgent
// (Emergency) to the least (SelfCare).
type Level string

const (
	// Emergency: go to the emergency department now or call 911.
	Emergency Level = "emergency"
	// Urgent: see a doctor within 24 hours.
	Urgent Level = "urgent"
	// Doctor: book a doctor or physiotherapist within days.
	Doctor Level = "doctor"
	// SelfCare: look after it at home, and re-check.
	SelfCare Level = "self_care"
)

// Levels lists the levels from the most urgent to the least.
var Levels = []Level{Emergency, Urgent, Doctor, SelfCare}

// Rank orders levels: a higher rank is more urgent; an unknown level is 0.
func (l Level) Rank() int {
	if i := slices.Index(Levels, l); i >= 0 {
		return len(Levels) - i
	}
	return 0
}

// Label is the level's short name for people.
func (l Level) Label() string {
	switch l {
	case Emergency:
		return "Emergency"
	case Urgent:
		return "Urgent"
	case Doctor:
		return "See a doctor"
	case SelfCare:
		return "Self-care"
	}
	return string(l)
}

// Headline is what to do, in one line, said first and in large words.
func (l Level) Headline() string {
	switch l {
	case Emergency:
		return "Emergency: go to the emergency department now or call " + Hotline
	case Urgent:
		return "Urgent: see a doctor within 24 hours"
	case Doctor:
		return "Book a doctor or physiotherapist within the next few days"
	case SelfCare:
		return "Self-care: you can look after this at home"
	}
	return string(l)
}

// Option is an accepted code with its label for people.
type Option struct {
	Code  string
	Label string
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
	{"sudden_severe_headache", "A sudden, severe headache unlike any before"},
	{"dizziness_vision_speech", "Dizziness, blurred or double vision, or trouble speaking or swallowing"},
	{"fever", "Fever: a temperature of 38 °C or more"},
	{"weight_loss", "Losing weight without trying"},
	{"night_pain", "Pain that is worse at night and does not ease with rest"},
	{"lump_or_deformity", "A new lump, or a change in the shape of the back or neck"},
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
	// needs a doctor within 24 hours (SrcUrgent says after 50–55; we take
	// the lower end).
	FirstEpisodeAge = 50
)

// Answers are one person's answers. hours_since_massage and pain are
// required; everything else may be left out. A left-out answer is read the
// cautious way: no trend counts as "same" (not improving), no area as
// possibly any area, an unknown first_episode as a first episode; no trauma
// counts as none.
type Answers struct {
	HoursSinceMassage *int64
	Pain              *int64
	Trend             string
	Age               *int64
	Area              string
	Trauma            string
	// FirstEpisode is true when this is the first time the person has had
	// pain like this, false when they have had it before; nil (not sure)
	// counts as true.
	FirstEpisode *bool
	Symptoms     []string
	Conditions   []string
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

// Reason is one rule that matched, with the source it rests on.
type Reason struct {
	Code    string
	Message string
	Source  Source
	Level   Level
}

// Result is the triage's answer.
type Result struct {
	Level Level
	// Reasons lists every rule that matched, the most urgent first.
	Reasons []Reason
	// Advice is what to do, in order.
	Advice []string
	// RecheckInHours: 0 for an emergency (act now), 24 for urgent (be seen
	// within a day), 72 for doctor (be seen within three days), and for
	// self-care when to answer again: 24 for moderate pain or soreness past
	// the normal window, 48 otherwise.
	RecheckInHours int
}

// facts are the answers read for the rules, with unknowns resolved the
// cautious way.
type facts struct {
	hours, pain, age int64 // age -1: unknown
	trend, area      string
	trauma           string
	firstEpisode     bool
	symptoms         []string
	conditions       []string
}

func (f facts) has(symptom string) bool    { return slices.Contains(f.symptoms, symptom) }
func (f facts) cond(condition string) bool { return slices.Contains(f.conditions, condition) }

// fragileBones: osteoporosis or long-term steroids, which weaken bone.
func (f facts) fragileBones() bool { return f.cond("osteoporosis") || f.cond("long_term_steroids") }

// legsMassaged: the legs were massaged, or the area was not given.
func (f facts) legsMassaged() bool {
	return f.area == "" || f.area == "legs" || f.area == "feet" || f.area == "full_body"
}

func newFacts(a Answers) facts {
	f := facts{hours: MaxHours, pain: SeverePain, age: -1, trend: a.Trend, area: a.Area, trauma: a.Trauma,
		firstEpisode: a.FirstEpisode == nil || *a.FirstEpisode, symptoms: a.Symptoms, conditions: a.Conditions}
	// Unvalidated callers: an unknown number is read as past every window
	// and as severe pain, so that it can only raise the level.
	if a.HoursSinceMassage != nil {
		f.hours = *a.HoursSinceMassage
	}
	if a.Pain != nil {
		f.pain = *a.Pain
	}
	if a.Age != nil {
		f.age = *a.Age
	}
	if f.trend == "" {
		f.trend = "same"
	}
	if f.trauma == "" {
		f.trauma = "none"
	}
	return f
}

// rule is one triage rule: adding a rule is adding one entry to rules.
type rule struct {
	code    string
	level   Level
	when    func(f facts) bool
	message string
	source  Source
}

func symptom(code string) func(facts) bool { return func(f facts) bool { return f.has(code) } }
func condition(code string) func(facts) bool {
	return func(f facts) bool { return f.cond(code) }
}

// rules are the triage rules, the most urgent first. Conservative
// throughout: when a rule could be read two ways, it is read the way that
// sends the person to help sooner.
var rules = []rule{
	// Emergency: the emergency department now, or 911.
	{"saddle_numbness", Emergency, symptom("saddle_numbness"),
		"Numbness between the legs or around the buttocks can mean the nerves at the bottom of the spine are being squeezed (cauda equina syndrome). Treated within hours, the damage can often be stopped.",
		SrcRedFlags},
	{"bladder_bowel_change", Emergency, symptom("bladder_bowel_change"),
		"New trouble passing urine, or losing control of the bladder or bowels, is a warning sign of pressure on the nerves at the bottom of the spine (cauda equina syndrome).",
		SrcRedFlags},
	{"both_legs", Emergency, symptom("both_legs"),
		"Symptoms in both legs at once point to a problem in the spine itself rather than a sore muscle, and can be a sign of cauda equina syndrome.",
		SrcRedFlags},
	{"new_erectile_dysfunction", Emergency, symptom("new_erectile_dysfunction"),
		"New trouble with erections together with back pain can be a sign of pressure on the nerves at the bottom of the spine (cauda equina syndrome).",
		SrcRedFlags},
	{"leg_weakness", Emergency, symptom("leg_weakness"),
		"A leg that has become weak, or a foot that drags, means a nerve is not working properly. After a massage this can mean a nerve or the spinal cord has been hurt, and it needs checking now.",
		SrcNeuro},
	{"chest_pain", Emergency, symptom("chest_pain"),
		"Chest pain always needs urgent checking: it can come from the heart or the lungs, not from the massage.",
		SrcRedFlags},
	// A dissection's signs can start days or weeks after the massage (the
	// case in SrcDissection began three weeks later), so these rules apply
	// at any hour and after a massage of any area, not only the neck.
	{"sudden_severe_headache", Emergency, symptom("sudden_severe_headache"),
		"A sudden, severe headache after a massage, above all a neck or shoulder massage, can be a sign of a torn artery in the neck (artery dissection), which can cause a stroke.",
		SrcDissection},
	{"dizziness_vision_speech", Emergency, symptom("dizziness_vision_speech"),
		"Dizziness or trouble seeing, speaking or swallowing after a massage, above all a neck or shoulder massage, can be a sign of a torn artery in the neck (artery dissection) or a stroke.",
		SrcDissection},
	{"major_trauma", Emergency, func(f facts) bool { return f.trauma == "major" },
		"Pain after a serious accident, such as a car crash or a fall from a height, needs checking for a broken bone or an injured spine.",
		SrcRedFlags},
	{"minor_trauma_fragile_bones", Emergency, func(f facts) bool { return f.trauma == "minor" && f.fragileBones() },
		"With osteoporosis or long-term steroids, even a small fall or knock can break a bone in the spine.",
		SrcRedFlags},

	// Urgent: a doctor within 24 hours.
	{"fever", Urgent, symptom("fever"),
		"Back or neck pain with a fever of 38 °C or more can be a sign of an infection and needs a doctor within a day.",
		SrcUrgent},
	{"weight_loss", Urgent, symptom("weight_loss"),
		"Pain together with weight loss you cannot explain needs a doctor to look for a cause other than the massage.",
		SrcUrgent},
	{"night_pain", Urgent, symptom("night_pain"),
		"Pain that is worse at night and does not ease with rest is not how a sore muscle behaves, and needs a doctor within a day.",
		SrcUrgent},
	{"lump_or_deformity", Urgent, symptom("lump_or_deformity"),
		"A new lump, or a change in the shape of your back or neck, needs a doctor within a day.",
		SrcUrgent},
	{"cancer_history", Urgent, condition("cancer_history"),
		"After cancer, new pain in the back or neck needs a doctor to rule out the cancer, even when a massage seems the obvious cause.",
		SrcUrgent},
	// "A first episode over 50": we ask whether this is the first time
	// (first_episode) and count "not sure" as yes; any pain at all counts,
	// not only strong pain. Both choices are the cautious ones.
	{"first_episode_over_50", Urgent, func(f facts) bool { return f.age >= FirstEpisodeAge && f.firstEpisode && f.pain >= 1 },
		"A first bout of pain like this at 50 or older needs a doctor within a day to rule out causes other than the massage.",
		SrcUrgent},
	{"fragile_bones_pain", Urgent, func(f facts) bool {
		return f.fragileBones() && (f.pain >= ModeratePain || f.has("sharp_pain") || f.trend == "worse")
	},
		"With osteoporosis or long-term steroids, the pressure of a massage can be enough to crack a bone. Moderate, sharp or worsening pain needs a doctor within a day.",
		SrcNeuro},
	{"recent_spine_surgery", Urgent, condition("recent_spine_surgery"),
		"After recent back or neck surgery, massage is not advised without your surgeon's approval. Ask your surgeon's team to check you within a day.",
		SrcPMDA},
	{"clot_risk_legs", Urgent, func(f facts) bool {
		return f.cond("dvt_history") && (f.legsMassaged() || f.has("pain_below_knee") || f.has("joint_pain_or_swelling")) &&
			(f.pain >= 1 || f.has("joint_pain_or_swelling"))
	},
		"You have had a blood clot before: pain or swelling in a leg after a massage can be a new clot, which needs a doctor the same day.",
		SrcDVT},
	{"blood_thinner_bleeding", Urgent, func(f facts) bool {
		return f.cond("anticoagulants") && (f.pain >= 1 || f.has("bruising") || f.has("joint_pain_or_swelling"))
	},
		"On blood thinners, new pain, swelling or bruising can mean bleeding under the skin or into a muscle. Contact your doctor today.",
		SrcBloodThinners},

	// Doctor: a doctor or physiotherapist within days.
	{"severe_pain", Doctor, func(f facts) bool { return f.pain >= SeverePain },
		"Pain of 7 out of 10 or more is more than the usual soreness after a massage.",
		SrcUrgent},
	{"worsening", Doctor, func(f facts) bool { return f.trend == "worse" },
		"Pain that keeps getting worse needs a doctor or physiotherapist to find out why.",
		SrcUrgent},
	{"not_improving", Doctor, func(f facts) bool { return f.hours > NormalWindowHours && f.trend != "better" && f.pain >= 1 },
		"Normal soreness after a massage is at its worst within three days and then eases. Soreness that is not improving after 72 hours is probably not ordinary soreness.",
		SrcDOMS},
	{"lasting_over_4_days", Doctor, func(f facts) bool { return f.hours > PhysioAfterHours && f.pain >= 1 },
		"Soreness that lasts more than four days should be seen by a physiotherapist or doctor, even if it is slowly easing.",
		SrcDOMS},
	{"sharp_pain", Doctor, symptom("sharp_pain"),
		"Sharp or stabbing pain is not ordinary muscle soreness and may mean an injury.",
		SrcDOMS},
	{"joint_pain_or_swelling", Doctor, symptom("joint_pain_or_swelling"),
		"Pain in a joint, or swelling, is not ordinary muscle soreness and may mean an injury.",
		SrcDOMS},
	{"leg_numbness_tingling", Doctor, symptom("leg_numbness_tingling"),
		"Numbness or tingling in a leg means a nerve is irritated. It needs a doctor or physiotherapist, and at once if it spreads to both legs or a leg becomes weak.",
		SrcUrgent},
	{"pain_below_knee", Doctor, symptom("pain_below_knee"),
		"Pain that runs down the leg below the knee usually comes from an irritated nerve in the back (sciatica), not from a sore muscle.",
		SrcUrgent},
	{"bruising", Doctor, symptom("bruising"),
		"A bruise means the chair pressed hard enough to injure tissue. Massage devices have caused real injuries, mostly in older users; have it looked at, sooner if it is large, spreading or very tender.",
		SrcInjuries},
	{"fragile_bones", Doctor, func(f facts) bool { return f.fragileBones() },
		"With osteoporosis or long-term steroids, ask your doctor before the next massage: bones weakened this way can break under less force.",
		SrcNeuro},
	{"dvt_history", Doctor, condition("dvt_history"),
		"After a blood clot in a vein, massage is not advised until a doctor says it is safe: squeezing can move a clot.",
		SrcPMDA},
	{"blood_thinners", Doctor, condition("anticoagulants"),
		"On blood thinners you bruise and bleed more easily; ask your doctor how strong a massage may safely be.",
		SrcBloodThinners},
	{"pregnancy", Doctor, condition("pregnancy"),
		"During pregnancy, ask your obstetrician or midwife about this pain and before the next massage.",
		SrcManual},
	{"pacemaker", Doctor, condition("pacemaker"),
		"With a pacemaker or other implanted device, massage-device guidance says to consult a doctor first; tell your cardiologist about the massage and the pain.",
		SrcPMDA},
	{"diabetes_neuropathy", Doctor, condition("diabetes_neuropathy"),
		"Numb skin may hide an injury or a burn from the chair's heat; have a doctor check the area.",
		SrcManual},
	{"herniated_disc", Doctor, condition("herniated_disc"),
		"With a disc or other spine problem, massage-device guidance says to see a specialist first; ask them about this pain before the next massage.",
		SrcPMDA},
}

// coveredBy names, for a general rule, the more urgent rules that say the
// same thing more sharply: when one of them matches, the general rule's
// reason is left out, so that an answer does not repeat itself.
var coveredBy = map[string][]string{
	"fragile_bones":  {"minor_trauma_fragile_bones", "fragile_bones_pain"},
	"dvt_history":    {"clot_risk_legs"},
	"blood_thinners": {"blood_thinner_bleeding"},
}

// Rules lists each rule's code, level and source, the most urgent first,
// for documentation and tests.
func Rules() []Reason {
	out := make([]Reason, len(rules))
	for i, r := range rules {
		out[i] = Reason{Code: r.code, Message: r.message, Source: r.source, Level: r.level}
	}
	return out
}

// Triage applies every rule to the answers. The level is the most urgent
// of the rules that match; when none matches it is self-care, with its own
// sourced reason. Triage expects answers that passed Validate; a missing
// number is read the cautious way (see newFacts).
func Triage(a Answers) Result {
	f := newFacts(a)
	res := Result{Level: SelfCare}
	for _, r := range rules {
		if !r.when(f) {
			continue
		}
		res.Reasons = append(res.Reasons, Reason{Code: r.code, Message: r.message, Source: r.source, Level: r.level})
		if r.level.Rank() > res.Level.Rank() {
			res.Level = r.level
		}
	}
	res.Reasons = slices.DeleteFunc(res.Reasons, func(r Reason) bool {
		return slices.ContainsFunc(coveredBy[r.Code], func(c string) bool {
			return slices.ContainsFunc(res.Reasons, func(m Reason) bool { return m.Code == c })
		})
	})
	// Most urgent first; the table's order within a level.
	slices.SortStableFunc(res.Reasons, func(x, y Reason) int { return y.Level.Rank() - x.Level.Rank() })
	if len(res.Reasons) == 0 {
		res.Reasons = []Reason{selfCareReason(f)}
	}
	res.Advice, res.RecheckInHours = advice(res.Level, f, a.Age == nil)
	return res
}

// selfCareReason explains a self-care answer.
func selfCareReason(f facts) Reason {
	r := Reason{Code: "normal_soreness", Source: SrcDOMS, Level: SelfCare}
	switch {
	case f.pain == 0:
		r.Code = "no_pain_now"
		r.Message = "You have no pain now and none of the warning signs. Soreness after a massage, when it comes, usually starts within a day."
	case f.hours > NormalWindowHours:
		r.Message = "Your soreness is mild to moderate and getting better, as ordinary soreness after a massage does."
	default:
		r.Message = "Mild to moderate soreness within three days of a massage is the usual reaction of muscles to it: it often builds for a day or two, then eases."
	}
	return r
}

// emergencySigns is the reminder that closes every non-emergency answer.
const emergencySigns = "If numbness between the legs, trouble passing urine, weakness or numbness in both legs, chest pain, a sudden severe headache, or trouble seeing or speaking appears, go to the emergency department or call " + Hotline + " at once."

// RestDays is how many days without massage the self-care advice asks for:
// two days for mild pain, three for moderate (past the 72-hour peak of
// normal soreness), none without pain.
func RestDays(pain int64) int {
	switch {
	case pain <= 0:
		return 0
	case pain < ModeratePain:
		return 2
	}
	return 3
}

func advice(level Level, f facts, noAge bool) ([]string, int) {
	switch level {
	case Emergency:
		return []string{
			"Go to the nearest hospital emergency department now, or call " + Hotline + ".",
			"Do not drive yourself: ask someone to take you, or call " + Hotline + " for an ambulance.",
			"Tell the staff about the massage and the signs listed below.",
			"Do not use the massage chair again until a doctor says it is safe.",
		}, 0
	case Urgent:
		return []string{
			"See a doctor within 24 hours: your own doctor, a clinic, or a hospital's outpatient or emergency department.",
			"Stop using the massage chair until a doctor has seen you.",
			"Tell the doctor about the massage and the reasons listed below.",
			emergencySigns,
		}, 24
	case Doctor:
		out := []string{
			"Book a doctor or a physiotherapist within the next few days.",
			"Give the sore area a rest from massage until you have been seen.",
			"Keep moving gently, as far as the pain allows; stop anything that makes it sharply worse.",
			"Go sooner if it gets worse. " + emergencySigns,
		}
		return out, 72
	}
	recheck := 48
	if f.pain >= ModeratePain || f.hours > NormalWindowHours {
		recheck = 24
	}
	var out []string
	if days := RestDays(f.pain); days > 0 {
		out = append(out, fmt.Sprintf("Take %d days off from massage, and longer if the soreness has not gone by then.", days))
	} else {
		out = append(out, "No need to rest from massage, but keep the next session short and gentle.")
	}
	out = append(out,
		"Keep moving gently: walking and ordinary light activity help more than lying in bed.",
		"Warmth can ease soreness: a warm shower, or a warm (not hot) compress for 15 to 20 minutes at a time. Do not use heat on skin that feels numb.",
		"Next time, use a lower intensity and a shorter session: at most 15 minutes, and skip the sore area.",
		fmt.Sprintf("Check again in %d hours. If the soreness is not clearly easing by 72 hours after the massage, or lasts more than four days, see a doctor or physiotherapist.", recheck),
	)
	if noAge {
		out = append(out, "You did not give your age: if you are 50 or older and this is the first time you have had pain like this, see a doctor within 24 hours.")
	}
	out = append(out, emergencySigns)
	return out, recheck
}
