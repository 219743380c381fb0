package safety

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"

	"masahe/internal/errs"
)

func n(v int64) *int64 { return &v }
func b(v bool) *bool   { return &v }

// benign is a set of answers that alone give self-care: mild soreness a
// day after a back massage, getting better, in a 30-year-old who has had
// it before.
func benign() Answers {
	return Answers{HoursSinceMassage: n(24), Pain: n(2), Trend: "better", Age: n(30), Area: "back", Trauma: "none", FirstEpisode: b(false)}
}

// minimal is the least a person can answer: the massage just now, no pain.
func minimal() Answers {
	return Answers{HoursSinceMassage: n(0), Pain: n(0)}
}

func with(a Answers, edit func(*Answers)) Answers {
	a.Symptoms = slices.Clone(a.Symptoms)
	a.Conditions = slices.Clone(a.Conditions)
	edit(&a)
	return a
}

func reasonCodes(r Result) []string {
	var out []string
	for _, x := range r.Reasons {
		out = append(out, x.Code)
	}
	return out
}

func TestBaselinesAreSelfCare(t *testing.T) {
	for name, a := range map[string]Answers{"benign": benign(), "minimal": minimal()} {
		if err := a.Validate(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := Triage(a); got.Level != SelfCare {
			t.Errorf("%s: level %s (%v), want self_care", name, got.Level, reasonCodes(got))
		}
	}
}

// TestEveryCode gives every symptom and condition on its own (with the
// least answers) and with otherwise benign answers, and checks the level
// and that its rule is among the reasons.
func TestEveryCode(t *testing.T) {
	type want struct {
		alone, benign Level
		reason        string
	}
	symptoms := map[string]want{
		"saddle_numbness":          {Emergency, Emergency, "saddle_numbness"},
		"bladder_bowel_change":     {Emergency, Emergency, "bladder_bowel_change"},
		"both_legs":                {Emergency, Emergency, "both_legs"},
		"leg_weakness":             {Emergency, Emergency, "leg_weakness"},
		"new_erectile_dysfunction": {Emergency, Emergency, "new_erectile_dysfunction"},
		"chest_pain":               {Emergency, Emergency, "chest_pain"},
		"sudden_breathlessness":    {Emergency, Emergency, "sudden_breathlessness"},
		"stroke_signs":             {Emergency, Emergency, "stroke_signs"},
		// The area is not given alone (could be the neck): urgent; the
		// benign answers are a back massage: a doctor within days.
		"arm_numbness_weakness":   {Urgent, Doctor, "arm_numbness_weakness"},
		"generally_unwell":        {Urgent, Urgent, "generally_unwell"},
		"between_shoulder_blades": {Urgent, Urgent, "between_shoulder_blades"},
		"worse_cough_sneeze":      {Urgent, Urgent, "worse_cough_sneeze"},
		"calf_swelling":           {Urgent, Urgent, "calf_swelling"},
		"sudden_severe_headache":  {Emergency, Emergency, "sudden_severe_headache"},
		"dizziness_vision_speech": {Emergency, Emergency, "dizziness_vision_speech"},
		"fever":                   {Urgent, Urgent, "fever"},
		"weight_loss":             {Urgent, Urgent, "weight_loss"},
		"night_pain":              {Urgent, Urgent, "night_pain"},
		"lump_or_deformity":       {Urgent, Urgent, "lump_or_deformity"},
		"leg_numbness_tingling":   {Doctor, Doctor, "leg_numbness_tingling"},
		"pain_below_knee":         {Doctor, Doctor, "pain_below_knee"},
		"sharp_pain":              {Doctor, Doctor, "sharp_pain"},
		"joint_pain_or_swelling":  {Doctor, Doctor, "joint_pain_or_swelling"},
		"bruising":                {Doctor, Doctor, "bruising"},
	}
	conditions := map[string]want{
		"osteoporosis": {Doctor, Doctor, "fragile_bones"},
		// With pain, long-term steroids are also a risk of infection.
		"long_term_steroids":   {Doctor, Urgent, "fragile_bones"},
		"immunosuppression":    {SelfCare, Urgent, "infection_risk"},
		"injected_drugs":       {SelfCare, Urgent, "infection_risk"},
		"cancer_history":       {Urgent, Urgent, "cancer_history"},
		"recent_spine_surgery": {Urgent, Urgent, "recent_spine_surgery"},
		"pregnancy":            {Doctor, Doctor, "pregnancy"},
		// With pain, blood thinners make it urgent (possible bleeding).
		"anticoagulants": {Doctor, Urgent, "blood_thinners"},
		// The benign answers are a back massage: no clot risk in the legs.
		"dvt_history":         {Doctor, Doctor, "dvt_history"},
		"pacemaker":           {Doctor, Doctor, "pacemaker"},
		"diabetes_neuropathy": {Doctor, Doctor, "diabetes_neuropathy"},
		"herniated_disc":      {Doctor, Doctor, "herniated_disc"},
	}
	if len(symptoms) != len(Symptoms) || len(conditions) != len(Conditions) {
		t.Fatalf("the table covers %d symptoms and %d conditions, want %d and %d", len(symptoms), len(conditions), len(Symptoms), len(Conditions))
	}
	check := func(t *testing.T, a Answers, level Level, reason string) {
		t.Helper()
		if err := a.Validate(); err != nil {
			t.Fatal(err)
		}
		got := Triage(a)
		if got.Level != level {
			t.Errorf("level %s, want %s (reasons %v)", got.Level, level, reasonCodes(got))
		}
		if !slices.Contains(reasonCodes(got), reason) {
			t.Errorf("reasons %v lack %s", reasonCodes(got), reason)
		}
		if got.Reasons[0].Level != got.Level {
			t.Errorf("first reason %s is %s, not the answer's level %s", got.Reasons[0].Code, got.Reasons[0].Level, got.Level)
		}
	}
	for _, o := range Symptoms {
		w := symptoms[o.Code]
		alone := w.reason
		if o.Code == "arm_numbness_weakness" {
			alone = "arm_symptoms_after_neck"
		}
		t.Run("symptom "+o.Code+" alone", func(t *testing.T) {
			check(t, with(minimal(), func(a *Answers) { a.Symptoms = []string{o.Code} }), w.alone, alone)
		})
		t.Run("symptom "+o.Code+" with benign answers", func(t *testing.T) {
			check(t, with(benign(), func(a *Answers) { a.Symptoms = []string{o.Code} }), w.benign, w.reason)
		})
	}
	for _, o := range Conditions {
		w := conditions[o.Code]
		alone := w.reason
		if w.alone == SelfCare {
			alone = "no_pain_now"
		}
		t.Run("condition "+o.Code+" alone", func(t *testing.T) {
			check(t, with(minimal(), func(a *Answers) { a.Conditions = []string{o.Code} }), w.alone, alone)
		})
		reason := w.reason
		switch o.Code {
		case "anticoagulants":
			reason = "blood_thinner_bleeding"
		case "long_term_steroids":
			reason = "infection_risk"
		}
		t.Run("condition "+o.Code+" with benign answers", func(t *testing.T) {
			check(t, with(benign(), func(a *Answers) { a.Conditions = []string{o.Code} }), w.benign, reason)
		})
	}
}

// TestRules covers the rules that combine answers.
func TestRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		a      Answers
		level  Level
		reason string
	}{
		{"major trauma alone", with(minimal(), func(a *Answers) { a.Trauma = "major" }), Emergency, "major_trauma"},
		{"major trauma, benign", with(benign(), func(a *Answers) { a.Trauma = "major" }), Emergency, "major_trauma"},
		{"minor trauma alone", with(minimal(), func(a *Answers) { a.Trauma = "minor" }), SelfCare, "no_pain_now"},
		{"minor trauma, benign", with(benign(), func(a *Answers) { a.Trauma = "minor" }), SelfCare, "normal_soreness"},
		{"minor trauma with osteoporosis", with(benign(), func(a *Answers) { a.Trauma = "minor"; a.Conditions = []string{"osteoporosis"} }),
			Emergency, "minor_trauma_fragile_bones"},
		{"minor trauma with long-term steroids", with(minimal(), func(a *Answers) { a.Trauma = "minor"; a.Conditions = []string{"long_term_steroids"} }),
			Emergency, "minor_trauma_fragile_bones"},
		{"osteoporosis, moderate pain", with(benign(), func(a *Answers) { a.Pain = n(4); a.Conditions = []string{"osteoporosis"} }),
			Urgent, "fragile_bones_pain"},
		{"osteoporosis, mild pain", with(benign(), func(a *Answers) { a.Pain = n(3); a.Conditions = []string{"osteoporosis"} }),
			Doctor, "fragile_bones"},
		{"steroids, sharp pain", with(benign(), func(a *Answers) {
			a.Symptoms = []string{"sharp_pain"}
			a.Conditions = []string{"long_term_steroids"}
		}), Urgent, "fragile_bones_pain"},
		{"osteoporosis, worsening", with(benign(), func(a *Answers) { a.Trend = "worse"; a.Conditions = []string{"osteoporosis"} }),
			Urgent, "fragile_bones_pain"},
		{"clot history, leg massage", with(benign(), func(a *Answers) { a.Area = "legs"; a.Conditions = []string{"dvt_history"} }),
			Urgent, "clot_risk_legs"},
		{"clot history, foot massage", with(benign(), func(a *Answers) { a.Area = "feet"; a.Conditions = []string{"dvt_history"} }),
			Urgent, "clot_risk_legs"},
		{"clot history, area not given", with(benign(), func(a *Answers) { a.Area = ""; a.Conditions = []string{"dvt_history"} }),
			Urgent, "clot_risk_legs"},
		{"clot history, back massage, swelling", with(benign(), func(a *Answers) {
			a.Symptoms = []string{"joint_pain_or_swelling"}
			a.Conditions = []string{"dvt_history"}
		}), Urgent, "clot_risk_legs"},
		{"clot history, leg massage, no pain", with(minimal(), func(a *Answers) { a.Area = "legs"; a.Conditions = []string{"dvt_history"} }),
			Doctor, "dvt_history"},
		{"blood thinners, bruising, no pain", with(minimal(), func(a *Answers) {
			a.Symptoms = []string{"bruising"}
			a.Conditions = []string{"anticoagulants"}
		}), Urgent, "blood_thinner_bleeding"},
		{"headache after a foot massage", with(benign(), func(a *Answers) { a.Area = "feet"; a.Symptoms = []string{"sudden_severe_headache"} }),
			Emergency, "sudden_severe_headache"},
		{"dizziness three weeks after a neck massage", with(benign(), func(a *Answers) {
			a.Area, a.HoursSinceMassage = "neck", n(21*24)
			a.Symptoms = []string{"dizziness_vision_speech"}
		}), Emergency, "dizziness_vision_speech"},
		{"arm numbness after a neck massage", with(benign(), func(a *Answers) { a.Area = "neck"; a.Symptoms = []string{"arm_numbness_weakness"} }),
			Urgent, "arm_symptoms_after_neck"},
		{"arm tingling after a shoulder massage", with(benign(), func(a *Answers) { a.Area = "shoulders"; a.Symptoms = []string{"arm_numbness_weakness"} }),
			Urgent, "arm_symptoms_after_neck"},
		{"arm tingling after a full-body massage", with(benign(), func(a *Answers) { a.Area = "full_body"; a.Symptoms = []string{"arm_numbness_weakness"} }),
			Urgent, "arm_symptoms_after_neck"},
		{"arm tingling after a foot massage", with(benign(), func(a *Answers) { a.Area = "feet"; a.Symptoms = []string{"arm_numbness_weakness"} }),
			Doctor, "arm_numbness_weakness"},
		{"one-sided weakness after a neck massage", with(benign(), func(a *Answers) {
			a.Area = "neck"
			a.Symptoms = []string{"arm_numbness_weakness", "stroke_signs"}
		}), Emergency, "stroke_signs"},
		{"swollen red calf, no clot history, no pain score", with(minimal(), func(a *Answers) { a.Symptoms = []string{"calf_swelling"} }),
			Urgent, "calf_swelling"},
		{"swollen calf and sudden breathlessness", with(benign(), func(a *Answers) { a.Symptoms = []string{"calf_swelling", "sudden_breathlessness"} }),
			Emergency, "sudden_breathlessness"},
		{"breathlessness without chest pain, no pain", with(minimal(), func(a *Answers) { a.Symptoms = []string{"sudden_breathlessness"} }),
			Emergency, "sudden_breathlessness"},
		{"injected drugs, pain 1", with(benign(), func(a *Answers) { a.Pain = n(1); a.Conditions = []string{"injected_drugs"} }),
			Urgent, "infection_risk"},
		{"immunosuppression, no pain", with(benign(), func(a *Answers) { a.Pain = n(0); a.Conditions = []string{"immunosuppression"} }),
			SelfCare, "no_pain_now"},
		{"the most urgent wins", with(benign(), func(a *Answers) { a.Symptoms = []string{"bruising", "fever", "chest_pain"} }),
			Emergency, "chest_pain"},
		{"every symptom and condition", with(benign(), func(a *Answers) {
			for _, o := range Symptoms {
				a.Symptoms = append(a.Symptoms, o.Code)
			}
			for _, o := range Conditions {
				a.Conditions = append(a.Conditions, o.Code)
			}
		}), Emergency, "saddle_numbness"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.a.Validate(); err != nil {
				t.Fatal(err)
			}
			got := Triage(tc.a)
			if got.Level != tc.level {
				t.Errorf("level %s, want %s (reasons %v)", got.Level, tc.level, reasonCodes(got))
			}
			if !slices.Contains(reasonCodes(got), tc.reason) {
				t.Errorf("reasons %v lack %s", reasonCodes(got), tc.reason)
			}
		})
	}
}

// TestBoundaries walks the edges of hours, pain, age and trend.
func TestBoundaries(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(*Answers)
		level   Level
		recheck int
	}{
		// Soreness that is not improving: normal up to 72 hours.
		{"23 h, same", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(23), "same" }, SelfCare, 48},
		{"24 h, same", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(24), "same" }, SelfCare, 48},
		{"72 h, same", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(72), "same" }, SelfCare, 48},
		{"73 h, same", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(73), "same" }, Doctor, 72},
		{"73 h, trend not given", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(73), "" }, Doctor, 72},
		{"73 h, better", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(73), "better" }, SelfCare, 24},
		{"96 h, better", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(96), "better" }, SelfCare, 24},
		// Mild pain that is getting better is not escalated by the day
		// count; moderate pain after four days is, and pain that is not
		// getting better is.
		{"97 h, better, mild", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(97), "better" }, SelfCare, 24},
		{"2160 h, better, pain 3", func(a *Answers) { a.HoursSinceMassage, a.Trend, a.Pain = n(2160), "better", n(3) }, SelfCare, 24},
		{"96 h, better, pain 4", func(a *Answers) { a.HoursSinceMassage, a.Trend, a.Pain = n(96), "better", n(4) }, SelfCare, 24},
		{"97 h, better, pain 4", func(a *Answers) { a.HoursSinceMassage, a.Trend, a.Pain = n(97), "better", n(4) }, Doctor, 72},
		{"97 h, same, mild", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(97), "same" }, Doctor, 72},
		{"2160 h, better, no pain", func(a *Answers) { a.HoursSinceMassage, a.Pain = n(2160), n(0) }, SelfCare, 24},
		// Pain: 0–3 mild, 4–6 moderate, 7–10 severe.
		{"pain 3", func(a *Answers) { a.Pain = n(3) }, SelfCare, 48},
		{"pain 4", func(a *Answers) { a.Pain = n(4) }, SelfCare, 24},
		{"pain 6", func(a *Answers) { a.Pain = n(6) }, SelfCare, 24},
		{"pain 7", func(a *Answers) { a.Pain = n(7) }, Doctor, 72},
		{"pain 10", func(a *Answers) { a.Pain = n(10) }, Doctor, 72},
		// A first episode at 50 or older.
		{"age 49, first episode", func(a *Answers) { a.Age, a.FirstEpisode = n(49), b(true) }, SelfCare, 48},
		{"age 50, first episode", func(a *Answers) { a.Age, a.FirstEpisode = n(50), b(true) }, Urgent, 24},
		{"age 50, not sure if first", func(a *Answers) { a.Age, a.FirstEpisode = n(50), nil }, Urgent, 24},
		{"age 50, had it before", func(a *Answers) { a.Age, a.FirstEpisode = n(50), b(false) }, SelfCare, 48},
		{"age 50, first episode, no pain", func(a *Answers) { a.Age, a.FirstEpisode, a.Pain = n(50), b(true), n(0) }, SelfCare, 48},
		{"age not given", func(a *Answers) { a.Age = nil }, SelfCare, 48},
		// A first episode before 20.
		{"age 19, first episode", func(a *Answers) { a.Age, a.FirstEpisode = n(19), b(true) }, Urgent, 24},
		{"age 20, first episode", func(a *Answers) { a.Age, a.FirstEpisode = n(20), b(true) }, SelfCare, 48},
		{"age 1, first episode", func(a *Answers) { a.Age, a.FirstEpisode = n(1), b(true) }, Urgent, 24},
		{"age 19, not sure if first", func(a *Answers) { a.Age, a.FirstEpisode = n(19), nil }, Urgent, 24},
		{"age 19, had it before", func(a *Answers) { a.Age, a.FirstEpisode = n(19), b(false) }, SelfCare, 48},
		{"age 19, first episode, no pain", func(a *Answers) { a.Age, a.FirstEpisode, a.Pain = n(19), b(true), n(0) }, SelfCare, 48},
		// Trend.
		{"better", func(a *Answers) { a.Trend = "better" }, SelfCare, 48},
		{"same", func(a *Answers) { a.Trend = "same" }, SelfCare, 48},
		{"worse", func(a *Answers) { a.Trend = "worse" }, Doctor, 72},
		{"worse within the first day", func(a *Answers) { a.HoursSinceMassage, a.Trend = n(2), "worse" }, Doctor, 72},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := with(benign(), tc.edit)
			if err := a.Validate(); err != nil {
				t.Fatal(err)
			}
			got := Triage(a)
			if got.Level != tc.level || got.RecheckInHours != tc.recheck {
				t.Errorf("level %s, recheck %d h; want %s, %d h (reasons %v)", got.Level, got.RecheckInHours, tc.level, tc.recheck, reasonCodes(got))
			}
		})
	}
}

func TestAdvice(t *testing.T) {
	rest := func(pain int64) string {
		got := Triage(with(benign(), func(a *Answers) { a.Pain = n(pain) }))
		return got.Advice[0]
	}
	for pain, want := range map[int64]string{0: "No need to rest", 1: "Take 2 days off", 3: "Take 2 days off", 4: "Take 3 days off", 6: "Take 3 days off"} {
		if got := rest(pain); !strings.HasPrefix(got, want) {
			t.Errorf("pain %d: first advice %q, want it to start %q", pain, got, want)
		}
	}
	selfCare := Triage(benign())
	for _, want := range []string{"Keep moving gently", "Warmth", "lower intensity", "Check again in 48 hours", "Call 911 at once", "sudden breathlessness", "drooping face"} {
		if !slices.ContainsFunc(selfCare.Advice, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("self-care advice %q lacks %q", selfCare.Advice, want)
		}
	}
	if noAge := Triage(with(benign(), func(a *Answers) { a.Age = nil })); !slices.ContainsFunc(noAge.Advice, func(s string) bool {
		return strings.Contains(s, "did not give your age")
	}) {
		t.Errorf("advice without an age %q does not say what the age would change", noAge.Advice)
	}
	emergency := Triage(with(benign(), func(a *Answers) { a.Symptoms = []string{"chest_pain"} }))
	if emergency.RecheckInHours != 0 || !strings.Contains(emergency.Advice[0], "emergency department now, or call 911") {
		t.Errorf("emergency: recheck %d, advice %q", emergency.RecheckInHours, emergency.Advice)
	}
	if h := Emergency.Headline(); h != "Emergency: go to the emergency department now or call 911" {
		t.Errorf("emergency headline %q", h)
	}
	for _, l := range Levels {
		if l.Headline() == string(l) || l.Label() == string(l) {
			t.Errorf("level %s has no headline or label", l)
		}
	}
}

func TestLevelOrder(t *testing.T) {
	for i := 1; i < len(Levels); i++ {
		if Levels[i-1].Rank() <= Levels[i].Rank() {
			t.Errorf("%s ranks %d, not above %s (%d)", Levels[i-1], Levels[i-1].Rank(), Levels[i], Levels[i].Rank())
		}
	}
	if Level("nope").Rank() != 0 {
		t.Error("an unknown level has a rank")
	}
}

// TestEveryRuleSourced checks every rule and every reason Triage can give.
func TestEveryRuleSourced(t *testing.T) {
	seen := map[string]bool{}
	check := func(r Reason) {
		t.Helper()
		if r.Code == "" || r.Message == "" || r.Level.Rank() == 0 {
			t.Errorf("rule %+v lacks a code, message or level", r)
		}
		if r.Source.Title == "" || !strings.HasPrefix(r.Source.URL, "https://") {
			t.Errorf("rule %s: source %+v is not a titled https link", r.Code, r.Source)
		}
		if _, err := url.Parse(r.Source.URL); err != nil {
			t.Errorf("rule %s: %v", r.Code, err)
		}
	}
	for _, r := range Rules() {
		check(r)
		if seen[r.Code] {
			t.Errorf("rule code %s is used twice", r.Code)
		}
		seen[r.Code] = true
	}
	for _, a := range []Answers{minimal(), benign(), with(benign(), func(a *Answers) { a.HoursSinceMassage = n(80) })} {
		for _, r := range Triage(a).Reasons {
			check(r)
		}
	}
}

// randomAnswers draws valid answers, symptoms and conditions included.
func randomAnswers(r *rand.Rand) Answers {
	pick := func(opts []Option) string {
		i := r.IntN(len(opts) + 1)
		if i == len(opts) {
			return ""
		}
		return opts[i].Code
	}
	some := func(opts []Option) []string {
		var out []string
		for _, o := range opts {
			if r.IntN(8) == 0 {
				out = append(out, o.Code)
			}
		}
		return out
	}
	a := Answers{
		HoursSinceMassage: n(r.Int64N(MaxHours + 1)), Pain: n(r.Int64N(MaxPain + 1)),
		Trend: pick(Trends), Area: pick(Areas), Trauma: pick(Traumas),
		Symptoms: some(Symptoms), Conditions: some(Conditions),
	}
	if r.IntN(4) > 0 {
		a.Age = n(MinAge + r.Int64N(MaxAge-MinAge+1))
	}
	if i := r.IntN(3); i < 2 {
		a.FirstEpisode = b(i == 0)
	}
	return a
}

// TestAddingNeverLowers is the property: adding any symptom or condition
// to any answers never lowers the level.
func TestAddingNeverLowers(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 2026))
	for i := range 3000 {
		a := randomAnswers(r)
		if err := a.Validate(); err != nil {
			t.Fatalf("draw %d: %v", i, err)
		}
		before := Triage(a)
		if before.Reasons[0].Level != before.Level || len(before.Advice) == 0 {
			t.Fatalf("draw %d %+v: level %s but first reason %+v, advice %q", i, a, before.Level, before.Reasons[0], before.Advice)
		}
		for _, o := range Symptoms {
			if slices.Contains(a.Symptoms, o.Code) {
				continue
			}
			after := Triage(with(a, func(a *Answers) { a.Symptoms = append(a.Symptoms, o.Code) }))
			if after.Level.Rank() < before.Level.Rank() {
				t.Fatalf("draw %d %+v: adding symptom %s lowers %s to %s", i, a, o.Code, before.Level, after.Level)
			}
		}
		for _, o := range Conditions {
			if slices.Contains(a.Conditions, o.Code) {
				continue
			}
			after := Triage(with(a, func(a *Answers) { a.Conditions = append(a.Conditions, o.Code) }))
			if after.Level.Rank() < before.Level.Rank() {
				t.Fatalf("draw %d %+v: adding condition %s lowers %s to %s", i, a, o.Code, before.Level, after.Level)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Answers)
		field string
	}{
		{"hours missing", func(a *Answers) { a.HoursSinceMassage = nil }, "hours_since_massage"},
		{"hours -1", func(a *Answers) { a.HoursSinceMassage = n(-1) }, "hours_since_massage"},
		{"hours 2161", func(a *Answers) { a.HoursSinceMassage = n(2161) }, "hours_since_massage"},
		{"pain missing", func(a *Answers) { a.Pain = nil }, "pain"},
		{"pain -1", func(a *Answers) { a.Pain = n(-1) }, "pain"},
		{"pain 11", func(a *Answers) { a.Pain = n(11) }, "pain"},
		{"age 0", func(a *Answers) { a.Age = n(0) }, "age"},
		{"age 121", func(a *Answers) { a.Age = n(121) }, "age"},
		{"trend", func(a *Answers) { a.Trend = "up" }, "trend"},
		{"area", func(a *Answers) { a.Area = "arm" }, "area"},
		{"trauma", func(a *Answers) { a.Trauma = "some" }, "trauma"},
		{"symptom", func(a *Answers) { a.Symptoms = []string{"fever", "flu"} }, "symptoms"},
		{"condition", func(a *Answers) { a.Conditions = []string{"Pregnancy"} }, "conditions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := with(benign(), tc.edit).Validate()
			e := errs.As(err)
			if err == nil || e.Code != errs.Invalid || e.Field != tc.field {
				t.Fatalf("Validate = %v (field %q), want an invalid %s", err, e.Field, tc.field)
			}
			if !strings.HasPrefix(e.Message, tc.field) {
				t.Errorf("message %q does not start with the field", e.Message)
			}
		})
	}
	for name, edit := range map[string]func(*Answers){
		"lowest":  func(a *Answers) { a.HoursSinceMassage, a.Pain, a.Age = n(0), n(0), n(MinAge) },
		"highest": func(a *Answers) { a.HoursSinceMassage, a.Pain, a.Age = n(MaxHours), n(MaxPain), n(MaxAge) },
		"bare":    func(a *Answers) { *a = minimal() },
	} {
		if err := with(benign(), edit).Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestParseQuery(t *testing.T) {
	q := url.Values{"hours_since_massage": {"30"}, "pain": {"5"}, "trend": {"same"}, "age": {"41"}, "area": {"neck"},
		"trauma": {"none"}, "first_episode": {"false"}, "symptom": {"sharp_pain", "bruising"}, "condition": {"pregnancy"}}
	a, err := ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	if *a.HoursSinceMassage != 30 || *a.Pain != 5 || *a.Age != 41 || a.Area != "neck" || *a.FirstEpisode ||
		!slices.Equal(a.Symptoms, []string{"sharp_pain", "bruising"}) || !slices.Equal(a.Conditions, []string{"pregnancy"}) {
		t.Errorf("ParseQuery = %+v", a)
	}
	if got := a.Query(); got.Encode() != q.Encode() {
		t.Errorf("Query() = %s, want %s", got.Encode(), q.Encode())
	}
	for _, tc := range []struct {
		query, field string
	}{
		{"pain=5", "hours_since_massage"},
		{"hours_since_massage=5&pain=lots", "pain"},
		{"hours_since_massage=5&pain=11", "pain"},
		{"hours_since_massage=-1&pain=1", "hours_since_massage"},
		{"hours_since_massage=5&pain=1&symptom=flu", "symptom"},
		{"hours_since_massage=5&pain=1&condition=flu", "condition"},
		{"hours_since_massage=5&pain=1&first_episode=maybe", "first_episode"},
		{"hours_since_massage=5&pain=1&nope=1", "nope"},
	} {
		v, _ := url.ParseQuery(tc.query)
		_, err := ParseQuery(v)
		if e := errs.As(err); err == nil || e.Field != tc.field || !strings.Contains(e.Message, tc.field) {
			t.Errorf("ParseQuery(%s) = %v (field %q), want an error on %s", tc.query, err, e.Field, tc.field)
		}
	}
}

// TestCoveredReasonsLeftOut checks that a general rule's reason is left out
// when a sharper, more urgent rule says the same, and that the table of
// such pairs names real rules.
func TestCoveredReasonsLeftOut(t *testing.T) {
	levels := map[string]Level{}
	for _, r := range Rules() {
		levels[r.Code] = r.Level
	}
	for general, sharper := range coveredBy {
		for _, c := range sharper {
			if levels[general] == "" || levels[c] == "" || levels[c].Rank() <= levels[general].Rank() {
				t.Errorf("coveredBy %s → %s: not two rules, the second more urgent (%q, %q)", general, c, levels[general], levels[c])
			}
		}
	}
	got := Triage(with(benign(), func(a *Answers) {
		a.Pain = n(5)
		a.Area = "legs"
		a.Conditions = []string{"osteoporosis", "dvt_history", "anticoagulants"}
	}))
	codes := reasonCodes(got)
	for _, want := range []string{"fragile_bones_pain", "clot_risk_legs", "blood_thinner_bleeding"} {
		if !slices.Contains(codes, want) {
			t.Errorf("reasons %v lack %s", codes, want)
		}
	}
	for _, gone := range []string{"fragile_bones", "dvt_history", "blood_thinners"} {
		if slices.Contains(codes, gone) {
			t.Errorf("reasons %v repeat %s", codes, gone)
		}
	}
}
