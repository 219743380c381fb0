package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"masahe/internal/errs"
	"masahe/internal/safety"
)

// Safe use: the anonymous triage and the guide pages. The triage stores
// nothing: the form's answers travel in the URL only, the page is never
// cached, its canonical link is the plain path, and the request log
// records paths without queries.

type triagePage struct {
	Layout
	Form       triageForm
	Error      *errs.Error
	Result     *triageResult
	Disclaimer string
	Hotline    string
	Guides     []guideTopic
}

type triageResult struct {
	safety.Result
	Label    string
	Headline string
}

// triageForm holds the form's answers as the inputs show them.
type triageForm struct {
	Values       map[string]string
	Trends       []facetOption
	Areas        []facetOption
	Traumas      []facetOption
	FirstEpisode []facetOption
	Symptoms     []facetOption
	Conditions   []facetOption
}

func newTriageForm(q url.Values) triageForm {
	f := triageForm{Values: map[string]string{}}
	for k := range q {
		f.Values[k] = q.Get(k)
	}
	check := func(opts []safety.Option, picked []string) []facetOption {
		out := make([]facetOption, len(opts))
		for i, o := range opts {
			out[i] = facetOption{Value: o.Code, Label: o.Label, Checked: slices.Contains(picked, o.Code)}
		}
		return out
	}
	f.Trends = check(safety.Trends, []string{q.Get("trend")})
	f.Areas = check(safety.Areas, []string{q.Get("area")})
	trauma := q.Get("trauma")
	if trauma == "" {
		trauma = "none"
	}
	f.Traumas = check(safety.Traumas, []string{trauma})
	f.FirstEpisode = check([]safety.Option{
		{Code: "true", Label: "No, this is the first time"},
		{Code: "false", Label: "Yes, I have had pain like this before"},
		{Code: "", Label: "Not sure"},
	}, []string{q.Get("first_episode")})
	f.Symptoms = check(safety.Symptoms, splitList(q["symptom"]))
	f.Conditions = check(safety.Conditions, splitList(q["condition"]))
	return f
}

// splitList reads repeated and comma-separated values, as params.List does.
func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, s := range strings.Split(v, ",") {
			out = append(out, strings.ToLower(strings.TrimSpace(s)))
		}
	}
	return out
}

func (s *Server) handleTriage(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	page := triagePage{
		Layout:     s.layout(r, "Pain after a massage?", "Answer a few questions about pain after a massage and learn whether to go to the emergency department, see a doctor, or look after it at home. Nothing is stored."),
		Form:       newTriageForm(query),
		Disclaimer: safety.Disclaimer,
		Hotline:    safety.Hotline,
		Guides:     guideTopics,
	}
	// The answers, health included, stay out of the canonical link.
	page.Canonical = s.canonicalURL(r, "/safety/triage")
	if len(query) == 0 {
		s.renderPage(w, r, "triage.html", page)
		return
	}
	a, err := safety.ParseQuery(query)
	if err != nil {
		page.Error = errs.As(err)
		page.Title = "Check your answers: pain after a massage"
		if err := s.render(w, http.StatusBadRequest, "triage.html", page); err != nil {
			s.writeError(w, r, err)
		}
		return
	}
	res := safety.Triage(a)
	page.Result = &triageResult{Result: res, Label: res.Level.Label(), Headline: res.Level.Headline()}
	page.Title = res.Level.Headline()
	s.renderPage(w, r, "triage.html", page)
}

func (s *Server) handleAPITriage(w http.ResponseWriter, r *http.Request) {
	var q triageRequest
	if err := decodeJSON(w, r, &q, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	a := q.answers()
	if err := a.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newTriageJSON(safety.Triage(a)))
}

// guideTopic is one safe-use guide page; its content is the template
// safety_<Slug>.html.
type guideTopic struct {
	Slug        string
	Title       string
	Summary     string
	Description string
}

func (g guideTopic) URL() string { return "/safety/" + g.Slug }

func (g guideTopic) template() string {
	return "safety_" + strings.ReplaceAll(g.Slug, "-", "_") + ".html"
}

var guideTopics = []guideTopic{
	{"session-length", "How long and how often to use a massage chair",
		"Start short and gentle, build up to about 15 minutes, at most twice a day.",
		"How long a massage-chair session should last, how often to use the chair, and how to build up safely."},
	{"ask-a-doctor-first", "Who should ask a doctor first",
		"Conditions that mean a doctor's advice before any massage chair, and a few that rule it out.",
		"Health conditions that call for a doctor's advice before using a massage chair, with their sources."},
	{"normal-soreness", "Normal soreness after a massage",
		"What ordinary soreness feels like, when it peaks and how long it lasts.",
		"What normal soreness after a massage feels like, when it starts, when it peaks and how long it lasts."},
	{"red-flags", "Red flags: when pain after a massage needs help",
		"The signs that mean the emergency department now, a doctor within a day, or a doctor within days.",
		"The warning signs after a massage that mean the emergency department, a doctor within 24 hours, or a doctor within days."},
	{"after-a-painful-massage", "What to do after a painful massage",
		"Rest from massage, keep moving, use warmth, and know when to check again.",
		"What to do at home after a massage that left you sore, what to avoid, and when to see a doctor."},
}

// guideSources are the sources the guide pages cite, by name.
type guideSources struct {
	RedFlags, Urgent, NHSBackPain, Stroke, PE, NeckNHS, DOMS, Dissection, Neuro, PMDA, NCCIH, HeatBurns, MHLW, MassageHarms,
	Manual, Injuries, DVT, BloodThinners, ACP safety.Source
}

type guidePage struct {
	Layout
	Topic      guideTopic
	Topics     []guideTopic
	Src        guideSources
	Hotline    string
	Disclaimer string
}

func newGuidePage(l Layout, topic guideTopic) guidePage {
	return guidePage{Layout: l, Topic: topic, Topics: guideTopics, Hotline: safety.Hotline, Disclaimer: safety.Disclaimer,
		Src: guideSources{RedFlags: safety.SrcRedFlags, Urgent: safety.SrcUrgent, NHSBackPain: safety.SrcNHSBackPain, Stroke: safety.SrcStroke,
			PE: safety.SrcPE, NeckNHS: safety.SrcNeckNHS, DOMS: safety.SrcDOMS, Dissection: safety.SrcDissection, Neuro: safety.SrcNeuro,
			PMDA: safety.SrcPMDA, NCCIH: safety.SrcNCCIH, HeatBurns: safety.SrcHeatBurns, MHLW: safety.SrcMHLW, MassageHarms: safety.SrcMassageHarms,
			Manual: safety.SrcManual, Injuries: safety.SrcInjuries, DVT: safety.SrcDVT, BloodThinners: safety.SrcBloodThinners, ACP: safety.SrcACP}}
}

func (s *Server) handleSafety(w http.ResponseWriter, r *http.Request) {
	l := s.layout(r, "Safe use", "How to use a massage chair safely: how long and how often, who should ask a doctor first, normal soreness, red flags, and a triage for pain after a massage.")
	s.renderPage(w, r, "safety.html", newGuidePage(l, guideTopic{}))
}

func (s *Server) handleSafetyGuide(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("topic")
	i := slices.IndexFunc(guideTopics, func(g guideTopic) bool { return g.Slug == slug })
	if i < 0 {
		s.writeError(w, r, errs.NotFoundf("no safe-use guide %q", slug))
		return
	}
	topic := guideTopics[i]
	s.renderPage(w, r, topic.template(), newGuidePage(s.layout(r, topic.Title, topic.Description), topic))
}
