package safety

import (
	"fmt"
	"slices"
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

// Reason is one rule that matched, with the source it rests on.
type Reason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Source  Source `json:"source"`
	Level   Level  `json:"-"`
}

// Result is the triage's answer.
type Result struct {
	Level Level `json:"level"`
	// Reasons lists every rule that matched, the most urgent first.
	Reasons []Reason `json:"reasons"`
	// Advice is what to do, in order.
	Advice []string `json:"advice"`
	// RecheckInHours: 0 for an emergency (act now), 24 for urgent (be seen
	// within a day), 72 for doctor (be seen within three days), and for
	// self-care when to answer again: 24 for moderate pain or soreness past
	// the normal window, 48 otherwise.
	RecheckInHours int `json:"recheck_in_hours"`
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

// infectionRisk: a risk factor for a spinal infection (SrcNeuro): a
// suppressed immune system, long-term steroids, or injected drugs.
func (f facts) infectionRisk() bool {
	return f.cond("immunosuppression") || f.cond("long_term_steroids") || f.cond("injected_drugs")
}

// neckMassaged: the neck or shoulders were massaged, or the area was not
// given.
func (f facts) neckMassaged() bool {
	return f.area == "" || f.area == "neck" || f.area == "shoulders" || f.area == "full_body"
}

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
	{"sudden_breathlessness", Emergency, symptom("sudden_breathlessness"),
		"Breathlessness that comes on suddenly can be a blood clot in the lung, even without chest pain.",
		SrcPE},
	{"stroke_signs", Emergency, symptom("stroke_signs"),
		"A drooping face, a weak arm or leg on one side, or slurred speech are the signs of a stroke. Every minute counts.",
		SrcStroke},
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
	// After a neck or shoulder massage, new arm symptoms can come from a
	// nerve or an artery in the neck; after a massage elsewhere, from a
	// nerve (Doctor, below).
	{"arm_symptoms_after_neck", Urgent, func(f facts) bool { return f.has("arm_numbness_weakness") && f.neckMassaged() },
		"New numbness, tingling or weakness in an arm after a neck or shoulder massage needs a doctor within a day: a nerve, or rarely an artery, in the neck may have been hurt.",
		SrcNeckNHS},
	{"between_shoulder_blades", Urgent, symptom("between_shoulder_blades"),
		"Pain high in the back, between the shoulder blades, needs a doctor the same day: it can come from the heart, lungs or spine rather than a muscle.",
		SrcNHSBackPain},
	{"worse_cough_sneeze", Urgent, symptom("worse_cough_sneeze"),
		"Pain made worse by coughing, sneezing or straining on the toilet needs a doctor the same day.",
		SrcNHSBackPain},
	{"calf_swelling", Urgent, symptom("calf_swelling"),
		"A swollen, red, warm or throbbing leg or calf can be a blood clot in a vein (DVT), which needs a doctor the same day.",
		SrcDVT},
	{"generally_unwell", Urgent, symptom("generally_unwell"),
		"Pain while feeling generally unwell can be a sign of an infection or another illness, not the massage, and needs a doctor within a day.",
		SrcNeuro},
	{"infection_risk", Urgent, func(f facts) bool { return f.infectionRisk() && f.pain >= 1 },
		"With a weakened immune system, long-term steroids or injected drugs, new back or neck pain needs a doctor within a day to rule out an infection of the spine.",
		SrcNeuro},
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
	// Age unknown (-1) is not young: the advice then says what the age
	// would change.
	{"first_episode_under_20", Urgent, func(f facts) bool { return f.age >= MinAge && f.age < YoungOnsetAge && f.firstEpisode && f.pain >= 1 },
		"A first bout of pain like this before the age of 20 needs a doctor within a day to rule out causes other than the massage.",
		SrcNeuro},
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
		SrcNHSBackPain},
	{"worsening", Doctor, func(f facts) bool { return f.trend == "worse" },
		"Pain that keeps getting worse needs a doctor or physiotherapist to find out why.",
		SrcNHSBackPain},
	{"not_improving", Doctor, func(f facts) bool { return f.hours > NormalWindowHours && f.trend != "better" && f.pain >= 1 },
		"Normal soreness after a massage is at its worst within three days and then eases. Soreness that is not improving after 72 hours is probably not ordinary soreness.",
		SrcDOMS},
	// Mild pain that is getting better is not escalated because a day
	// count passed; moderate pain after four days is, even when easing.
	{"lasting_over_4_days", Doctor, func(f facts) bool {
		return f.hours > PhysioAfterHours && f.pain >= 1 && !(f.trend == "better" && f.pain < ModeratePain)
	},
		"Moderate soreness that lasts more than four days should be seen by a physiotherapist or doctor, even if it is slowly easing.",
		SrcDOMS},
	{"sharp_pain", Doctor, symptom("sharp_pain"),
		"Sharp or stabbing pain is not ordinary muscle soreness and may mean an injury.",
		SrcDOMS},
	{"joint_pain_or_swelling", Doctor, symptom("joint_pain_or_swelling"),
		"Pain in a joint, or swelling, is not ordinary muscle soreness and may mean an injury.",
		SrcDOMS},
	{"arm_numbness_weakness", Doctor, symptom("arm_numbness_weakness"),
		"Numbness, tingling or weakness in an arm means a nerve is irritated. It needs a doctor or physiotherapist, and at once if it came on suddenly on one side with a drooping face or slurred speech.",
		SrcNeckNHS},
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
		SrcNCCIH},
	{"pacemaker", Doctor, condition("pacemaker"),
		"With a pacemaker or other implanted device, massage-device guidance says to consult a doctor first; tell your cardiologist about the massage and the pain.",
		SrcPMDA},
	{"diabetes_neuropathy", Doctor, condition("diabetes_neuropathy"),
		"Numb skin may hide an injury or a burn from the chair's heat; have a doctor check the area.",
		SrcHeatBurns},
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
	// The arm rule's reason is the sharper one after a neck massage.
	"arm_numbness_weakness": {"arm_symptoms_after_neck"},
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
const emergencySigns = "Call " + Hotline + " at once if any of these appears: a drooping face, weakness on one side or slurred speech; chest pain or sudden breathlessness; numbness between the legs or trouble passing urine; weakness or numbness in both legs; a sudden severe headache, or trouble seeing."

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
		fmt.Sprintf("Check again in %d hours. If the soreness is not clearly easing by 72 hours after the massage, stops easing, or is still moderate after four days, see a doctor or physiotherapist.", recheck),
	)
	if noAge {
		out = append(out, "You did not give your age: if you are under 20 or 50 or older and this is the first time you have had pain like this, see a doctor within 24 hours.")
	}
	out = append(out, emergencySigns)
	return out, recheck
}
