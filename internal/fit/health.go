package fit

import "masahe/internal/safety"

// Source is a public document a piece of advice rests on: the safety
// package's type, so that both cite sources the same way.
type Source = safety.Source

// Condition is a health condition the finder screens for, with the advice
// a buyer gets before any chair is shown. Label and Advice are message IDs;
// the sources are the documents the advice rests on.
type Condition struct {
	Code    string
	Label   string
	Advice  string
	Sources []Source
	// HeatCaution: heat earns no points and carries a warning.
	HeatCaution bool
	// Gentle: chairs that can massage gently (air cells, adjustable roller
	// depth) rank up, with a caveat.
	Gentle bool
}

// Conditions lists the screened conditions. The advice is conservative:
// every one of them means asking a doctor first.
var Conditions = []Condition{
	{Code: "pregnancy", Label: "fit.condition.pregnancy",
		Advice:  "fit.condition.pregnancy.advice",
		Sources: []Source{safety.SrcNCCIH}, HeatCaution: true},
	{Code: "pacemaker_implant", Label: "fit.condition.pacemaker_implant",
		Advice:  "fit.condition.pacemaker_implant.advice",
		Sources: []Source{safety.SrcPMDA, safety.SrcManual}},
	{Code: "dvt", Label: "fit.condition.dvt",
		Advice:  "fit.condition.dvt.advice",
		Sources: []Source{safety.SrcPMDA, safety.SrcDVT}, HeatCaution: true},
	{Code: "osteoporosis", Label: "fit.condition.osteoporosis",
		Advice:  "fit.condition.osteoporosis.advice",
		Sources: []Source{safety.SrcPMDA}, Gentle: true},
	{Code: "recent_surgery_fracture", Label: "fit.condition.recent_surgery_fracture",
		Advice:  "fit.condition.recent_surgery_fracture.advice",
		Sources: []Source{safety.SrcNCCIH, safety.SrcPMDA}, Gentle: true},
	{Code: "spinal_condition", Label: "fit.condition.spinal_condition",
		Advice:  "fit.condition.spinal_condition.advice",
		Sources: []Source{safety.SrcPMDA}, Gentle: true},
	{Code: "cancer", Label: "fit.condition.cancer",
		Advice:  "fit.condition.cancer.advice",
		Sources: []Source{safety.SrcPMDA, safety.SrcNCCIH}},
	{Code: "diabetes_neuropathy", Label: "fit.condition.diabetes_neuropathy",
		Advice:  "fit.condition.diabetes_neuropathy.advice",
		Sources: []Source{safety.SrcHeatBurns}, HeatCaution: true},
	{Code: "heart_disease", Label: "fit.condition.heart_disease",
		Advice:  "fit.condition.heart_disease.advice",
		Sources: []Source{safety.SrcPMDA}},
	{Code: "varicose_veins", Label: "fit.condition.varicose_veins",
		Advice:  "fit.condition.varicose_veins.advice",
		Sources: []Source{safety.SrcPMDA}, HeatCaution: true},
	{Code: "skin_condition", Label: "fit.condition.skin_condition",
		Advice:  "fit.condition.skin_condition.advice",
		Sources: []Source{safety.SrcPMDA}, HeatCaution: true},
}

// ConditionByCode returns the condition with code.
func ConditionByCode(code string) (Condition, bool) {
	for _, c := range Conditions {
		if c.Code == code {
			return c, true
		}
	}
	return Condition{}, false
}

// Advice is the health advice for the buyer's conditions, in the order
// they were given.
func (p Profile) Advice() []Condition {
	var out []Condition
	for _, code := range p.Conditions {
		if c, ok := ConditionByCode(code); ok {
			out = append(out, c)
		}
	}
	return out
}

func (p Profile) anyCondition(pred func(Condition) bool) (Condition, bool) {
	for _, c := range p.Advice() {
		if pred(c) {
			return c, true
		}
	}
	return Condition{}, false
}
