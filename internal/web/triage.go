package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"masahe/internal/errs"
	"masahe/internal/locale"
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

func newTriageForm(p *locale.Printer, q url.Values) triageForm {
	f := triageForm{Values: map[string]string{}}
	for k := range q {
		f.Values[k] = q.Get(k)
	}
	// Each option's label is the message triage.<group>.<code>.
	check := func(group string, opts []safety.Option, picked []string) []facetOption {
		out := make([]facetOption, len(opts))
		for i, o := range opts {
			out[i] = facetOption{Value: o.Code, Label: p.T("triage." + group + "." + o.Code), Checked: slices.Contains(picked, o.Code)}
		}
		return out
	}
	f.Trends = check("trend", safety.Trends, []string{q.Get("trend")})
	f.Areas = check("area", safety.Areas, []string{q.Get("area")})
	trauma := q.Get("trauma")
	if trauma == "" {
		trauma = "none"
	}
	f.Traumas = check("trauma", safety.Traumas, []string{trauma})
	f.FirstEpisode = check("first_episode", []safety.Option{{Code: "true"}, {Code: "false"}, {Code: "unsure"}}, []string{cmp.Or(q.Get("first_episode"), "unsure")})
	f.FirstEpisode[2].Value = "" // "not sure" sends no answer
	f.Symptoms = check("symptom", safety.Symptoms, splitList(q["symptom"]))
	f.Conditions = check("condition", safety.Conditions, splitList(q["condition"]))
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
	p := s.printer(r)
	page := triagePage{
		Layout:     s.layout(r, p.T("triage.page.title"), p.T("triage.page.description")),
		Form:       newTriageForm(p, query),
		Disclaimer: p.T("triage.disclaimer"),
		Hotline:    safety.Hotline,
		Guides:     localTopics(p),
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
		page.Title = p.T("triage.page.title_errors")
		if err := s.render(w, http.StatusBadRequest, "triage.html", page); err != nil {
			s.writeError(w, r, err)
		}
		return
	}
	res := localTriage(p, a, safety.Triage(a))
	page.Result = &triageResult{Result: res}
	page.Result.Label, page.Result.Headline = levelText(p, res.Level)
	page.Title = page.Result.Headline
	s.renderPage(w, r, "triage.html", page)
}

func (s *Server) handleAPITriage(w http.ResponseWriter, r *http.Request) {
	var q triageRequest
	if err := decodeJSON(w, r, &q, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	lang, err := apiLang(q.Lang)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := q.answers()
	if err := a.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Language", string(lang))
	writeJSON(w, http.StatusOK, newTriageJSON(localTriage(s.bundle.Printer(lang), a, safety.Triage(a))))
}

// apiLang reads the language an API answer is asked in: a code of
// locale.Langs, English when left out.
func apiLang(code *string) (locale.Lang, error) {
	if code == nil {
		return locale.English, nil
	}
	if l, ok := locale.Parse(*code); ok {
		return l, nil
	}
	codes := make([]string, len(locale.Langs))
	for i, l := range locale.Langs {
		codes[i] = fmt.Sprintf("%q (%s)", l, l.Name())
	}
	return "", errs.Invalidf("lang", "lang must be %s, not %q", strings.Join(codes, " or "), *code)
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

func newGuidePage(p *locale.Printer, l Layout, topic guideTopic) guidePage {
	return guidePage{Layout: l, Topic: topic, Topics: localTopics(p), Hotline: safety.Hotline, Disclaimer: p.T("triage.disclaimer"),
		Src: guideSources{RedFlags: safety.SrcRedFlags, Urgent: safety.SrcUrgent, NHSBackPain: safety.SrcNHSBackPain, Stroke: safety.SrcStroke,
			PE: safety.SrcPE, NeckNHS: safety.SrcNeckNHS, DOMS: safety.SrcDOMS, Dissection: safety.SrcDissection, Neuro: safety.SrcNeuro,
			PMDA: safety.SrcPMDA, NCCIH: safety.SrcNCCIH, HeatBurns: safety.SrcHeatBurns, MHLW: safety.SrcMHLW, MassageHarms: safety.SrcMassageHarms,
			Manual: safety.SrcManual, Injuries: safety.SrcInjuries, DVT: safety.SrcDVT, BloodThinners: safety.SrcBloodThinners, ACP: safety.SrcACP}}
}

func (s *Server) handleSafety(w http.ResponseWriter, r *http.Request) {
	p := s.printer(r)
	l := s.layout(r, p.T("safety.index.title"), p.T("safety.index.description"))
	s.renderPage(w, r, "safety.html", newGuidePage(p, l, guideTopic{}))
}

func (s *Server) handleSafetyGuide(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("topic")
	i := slices.IndexFunc(guideTopics, func(g guideTopic) bool { return g.Slug == slug })
	if i < 0 {
		s.writeError(w, r, errs.NotFoundf("no safe-use guide %q", slug))
		return
	}
	p := s.printer(r)
	topic := localTopics(p)[i]
	s.renderPage(w, r, topic.template(), newGuidePage(p, s.layout(r, topic.Title, topic.Description), topic))
}
