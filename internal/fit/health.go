package fit

import "masahe/internal/safety"

// Source is a public document a piece of advice rests on: the safety
// package's type, so that both cite sources the same way.
type Source = safety.Source

// Condition is a health condition the finder screens for, with the advice
// a buyer gets before any chair is shown.
type Condition struct {
	Code    string   `json:"code"`
	Label   string   `json:"label"`
	Advice  string   `json:"advice"`
	Sources []Source `json:"sources"`
	// HeatCaution: heat earns no points and carries a warning.
	HeatCaution bool `json:"-"`
	// Gentle: chairs that can massage gently (air cells, adjustable roller
	// depth) rank up, with a caveat.
	Gentle bool `json:"-"`
}

// Conditions lists the screened conditions. The advice is conservative:
// every one of them means asking a doctor first.
var Conditions = []Condition{
	{Code: "pregnancy", Label: "Pregnancy",
		Advice:  "Ask your obstetrician or midwife before using any massage chair, and about its heat and leg squeezing. Until they say it is safe, keep heat off.",
		Sources: []Source{safety.SrcNCCIH}, HeatCaution: true},
	{Code: "pacemaker_implant", Label: "Pacemaker or other implanted device",
		Advice:  "Ask your cardiologist or surgeon first: Japan's medical-device agency lists pacemakers and other implants among the reasons to consult a doctor before using a massage chair. Some makers forbid their own chairs altogether with a pacemaker; read the chair's manual.",
		Sources: []Source{safety.SrcPMDA, safety.SrcManual}},
	{Code: "dvt", Label: "Deep vein thrombosis or a blood clot",
		Advice:  "Do not use a massage chair while a doctor has ruled out massage because of a clot: squeezing the legs could move it. Get clearance first, and ask about the chair's heat too.",
		Sources: []Source{safety.SrcPMDA, safety.SrcDVT}, HeatCaution: true},
	{Code: "osteoporosis", Label: "Osteoporosis",
		Advice:  "Ask your doctor first. If they agree, use the gentlest setting: chairs with air-cell massage and adjustable roller depth let you stay gentle, so they rank higher for you.",
		Sources: []Source{safety.SrcPMDA}, Gentle: true},
	{Code: "recent_surgery_fracture", Label: "Recent surgery or a fracture",
		Advice:  "Wait for your surgeon's clearance, and never massage over a wound or a bone that is still healing. When you start, start gently.",
		Sources: []Source{safety.SrcNCCIH, safety.SrcPMDA}, Gentle: true},
	{Code: "spinal_condition", Label: "Spinal condition or herniated disc",
		Advice:  "See your specialist first. Avoid deep roller and strong stretch programs until they agree; gentle settings rank higher for you.",
		Sources: []Source{safety.SrcPMDA}, Gentle: true},
	{Code: "cancer", Label: "Cancer",
		Advice:  "Ask your oncologist before using a massage chair; no strong pressure over a tumour unless they agree.",
		Sources: []Source{safety.SrcPMDA, safety.SrcNCCIH}},
	{Code: "diabetes_neuropathy", Label: "Diabetes or neuropathy",
		Advice:  "Ask your doctor first. Skin that cannot feel heat well can burn before you notice, so for you heat is a caution, not a plus: keep it off or at its lowest.",
		Sources: []Source{safety.SrcHeatBurns}, HeatCaution: true},
	{Code: "heart_disease", Label: "Heart disease",
		Advice:  "Ask your cardiologist before using a massage chair.",
		Sources: []Source{safety.SrcPMDA}},
	{Code: "varicose_veins", Label: "Varicose veins",
		Advice:  "Do not use the chair on your legs while varicose veins are acutely inflamed; ask your doctor first, also about the chair's heat on your legs.",
		Sources: []Source{safety.SrcPMDA}, HeatCaution: true},
	{Code: "skin_condition", Label: "Skin condition",
		Advice:  "Do not use the chair over inflamed skin such as dermatitis; ask your doctor first, also about the chair's heat.",
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
