package catalog

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"masahe/internal/errs"
	"masahe/internal/phtime"
)

// Submission is a spec an owner sends in: a value they measured, read on
// the chair's label or found in its manual. An editor approves it, which
// cites it as an owner-measurement source, or rejects it with a reason
// the owner sees.
type Submission struct {
	ID        int64  `json:"id"`
	Chair     string `json:"chair"`
	ChairName string `json:"chair_name"`
	Field     string `json:"field"`
	Value     string `json:"value"`
	How       string `json:"how"`
	URL       string `json:"url,omitempty"`
	// ShowName credits the owner by their display name on the source;
	// otherwise the source says only "an owner".
	ShowName bool      `json:"show_name"`
	Status   string    `json:"status"`
	Reason   string    `json:"reason,omitempty"`
	Created  time.Time `json:"created_at"`
	// Source is the source an approval created.
	Source string `json:"source,omitempty"`
	UserID int64  `json:"-"`
	Author string `json:"-"`
}

// Submission statuses.
const (
	SubmissionPending  = "pending"
	SubmissionApproved = "approved"
	SubmissionRejected = "rejected"
)

// SubmissionHows are the ways an owner can know a value.
var SubmissionHows = []Option{
	{"measured", "I measured it"},
	{"label", "It is on the chair's label or rating plate"},
	{"manual", "It is in the manual"},
}

// MaxSubmissionReason bounds an editor's reason for a rejection.
const MaxSubmissionReason = 500

// Check validates a submission as an owner sends it: a known spec, a value
// the import would accept for it, a known way of knowing, and an optional
// http(s) link. The error names the field.
func (s Submission) Check() error {
	f, ok := FieldByKey(s.Field)
	if !ok {
		return errs.Invalidf("field", "field: %q is not a spec; docs/DATA.md lists them", s.Field)
	}
	if _, err := f.ParseText(s.Value); err != nil {
		return errs.Invalidf("value", "%s %s", f.Label, err)
	}
	if len(s.Value) > 200 {
		return errs.Invalidf("value", "value: at most 200 characters")
	}
	if !hasOption(SubmissionHows, s.How) {
		return errs.Invalidf("how", "how: say how you know it, one of %s", optionValues(SubmissionHows))
	}
	if s.URL != "" {
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(s.URL) > 500 {
			return errs.Invalidf("url", "url: must be an absolute http or https link of at most 500 characters")
		}
	}
	return nil
}

// FieldLabel is the submitted spec's label.
func (s Submission) FieldLabel() string {
	f, ok := FieldByKey(s.Field)
	if !ok {
		return s.Field
	}
	return f.Label
}

// HowLabel says how the owner knows the value.
func (s Submission) HowLabel() string { return optionLabelOf(SubmissionHows, s.How) }

// ValueText is the submitted value as the chair page shows it.
func (s Submission) ValueText() string {
	f, ok := FieldByKey(s.Field)
	if !ok {
		return s.Value
	}
	v, err := f.ParseText(s.Value)
	if err != nil {
		return s.Value
	}
	return FormatValue(f, Spec{Value: v}, true)
}

// OwnerSource is the source an approved submission becomes: an owner
// measurement of the Philippine chair, dated the day it was sent, crediting
// the owner only when they chose to be named. link is where the value can
// be checked: the owner's link, or else the chair's page on this site.
func (s Submission) OwnerSource(link string) Source {
	by := "An owner of the chair"
	if s.ShowName && strings.TrimSpace(s.Author) != "" {
		by = "Owner: " + s.Author
	}
	if s.URL != "" {
		link = s.URL
	}
	return Source{
		ID:        fmt.Sprintf("owner-submission-%d", s.ID),
		URL:       link,
		Title:     fmt.Sprintf("Owner report: %s %s (%s)", strings.ToLower(s.FieldLabel()), s.ValueText(), strings.ToLower(optionLabelOf(submissionHowShort, s.How))),
		Publisher: by,
		Accessed:  s.Created.In(phtime.Manila).Format(time.DateOnly),
		Market:    MarketPH,
		Kind:      KindOwnerMeasurement,
	}
}

var submissionHowShort = []Option{{"measured", "Measured"}, {"label", "From the label"}, {"manual", "From the manual"}}
