package content

import (
	"math"
	"strings"
	"testing"
	"time"
)

var body = strings.Repeat("Chairs differ in how far their rollers reach. ", 6)

const articleHead = `---
title: Track types explained
slug: track-types
summary: What S, L and SL tracks mean for your back.
category: buying
tags: Track, rollers , ,beginners
published: 2026-11-24T09:30
author: Masahe editors
source: A handbook | https://example.org/handbook
chair: osaki-os-4000
---
`

func TestParseArticle(t *testing.T) {
	t.Parallel()
	a, err := ParseArticle("a.md", articleHead+"## Reach\n"+body)
	if err != nil {
		t.Fatal(err)
	}
	if a.Slug != "track-types" || a.Category != "buying" || strings.Join(a.Tags, "|") != "track|rollers|beginners" ||
		len(a.Sources) != 1 || a.Sources[0].URL != "https://example.org/handbook" || len(a.Chairs) != 1 {
		t.Errorf("article = %+v", a)
	}
	if a.Published.UTC().Format("2006-01-02 15:04") != "2026-11-24 01:30" {
		t.Errorf("published %v: the time is Philippine time", a.Published.UTC())
	}
	if !strings.HasPrefix(a.Body, "## Reach") {
		t.Errorf("body = %.30q", a.Body)
	}
}

func TestParseArticleErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{"title: x\n", "must start with a --- line"},
		{"---\ntitle: x\n", "no closing ---"},
		{"---\nnot a pair\n---\n", "a.md:2: expected key: value"},
		{strings.Replace(articleHead, "slug: track-types", "slug: Track Types", 1) + body, "slug"},
		{strings.Replace(articleHead, "category: buying", "category: gossip", 1) + body, "category"},
		{strings.Replace(articleHead, "published: 2026-11-24T09:30", "published: soon", 1) + body, "published"},
		{strings.Replace(articleHead, "source: A handbook | https://example.org/handbook", "source: no link", 1) + body, "source"},
		{strings.Replace(articleHead, "source: A handbook | https://example.org/handbook\n", "", 1) + body, "at least one source"},
		{strings.Replace(articleHead, "title: Track types explained", "title:", 1) + body, "title"},
		{articleHead + "Too short.", "body"},
	}
	for _, tt := range tests {
		_, err := ParseArticle("a.md", tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseArticle(%.40q…) = %v, want an error containing %q", tt.src, err, tt.want)
		}
	}
}

const reviewHead = `---
chair: osaki-os-4000
title: Osaki OS-4000 review
published: 2026-11-24
tested: false
rubric: 1
verdict: A compact chair with a short track.
pro: Compact
con: 110-120 V
for: Small rooms.
skip: Tall users.
score: reach=6
score: depth=5
score: stretch=4
score: body_range=5
score: footprint=8
score: gentle=5
score: heat=5
score: value=7
score: service=3
source: Manual | https://example.org/manual
---
`

func TestParseEditorialReview(t *testing.T) {
	t.Parallel()
	e, err := ParseEditorialReview("r.md", reviewHead+body)
	if err != nil {
		t.Fatal(err)
	}
	if e.Tested || e.Rubric != 1 || len(e.Scores) != 9 || e.Scores["footprint"] != 8 {
		t.Errorf("review = %+v", e)
	}
	rubric, _ := PublishedRubrics().Version(e.Rubric)
	uses := rubric.UseScores(e.Scores)
	// Small spaces: 0.8 × footprint 8 + 0.2 × value 7 = 7.8.
	if uses["small_spaces"] != 7.8 {
		t.Errorf("small_spaces = %v, want 7.8", uses["small_spaces"])
	}
	// Lower back: (0.3×6 + 0.3×5 + 0.2×5 + 0.2×4) / 1 = 5.1.
	if uses["lower_back"] != 5.1 {
		t.Errorf("lower_back = %v, want 5.1", uses["lower_back"])
	}
	for _, tt := range []struct{ from, to, want string }{
		{"score: heat=5\n", "", "criterion heat is not scored"},
		{"score: heat=5", "score: heat=11", "heat=11"},
		{"score: heat=5", "score: warmth=5", "warmth=5"},
		{"rubric: 1", "rubric: 9", "no rubric version 9"},
		{"tested: false", "tested: maybe", "tested"},
		{"con: 110-120 V\n", "", "at least one pro and one con"},
		{"chair: osaki-os-4000", "chair: ", "chair"},
	} {
		_, err := ParseEditorialReview("r.md", strings.Replace(reviewHead, tt.from, tt.to, 1)+body)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("with %q → %q: err = %v, want %q", tt.from, tt.to, err, tt.want)
		}
	}
}

// TestRubricWeights: every use's weights add up to 1 and name criteria of
// their rubric, so per-use scores stay on the 0–10 scale.
func TestRubricWeights(t *testing.T) {
	t.Parallel()
	for _, r := range PublishedRubrics() {
		keys := map[string]bool{}
		for _, c := range r.Criteria {
			keys[c.Key] = true
		}
		for _, u := range r.Uses {
			sum := 0.0
			for k, w := range u.Weights {
				sum += w
				if !keys[k] {
					t.Errorf("rubric %d use %s weighs unknown criterion %s", r.Version, u.Key, k)
				}
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("rubric %d use %s: weights add up to %v", r.Version, u.Key, sum)
			}
			all10 := map[string]float64{}
			for k := range keys {
				all10[k] = 10
			}
			if got := r.Score(u, all10); got != 10 {
				t.Errorf("rubric %d use %s: all tens score %v", r.Version, u.Key, got)
			}
		}
	}
}

func TestReadingMinutes(t *testing.T) {
	t.Parallel()
	for words, want := range map[int]int{0: 1, 1: 1, 200: 1, 201: 2, 900: 5} {
		if got := ReadingMinutes(strings.Repeat("word ", words)); got != want {
			t.Errorf("%d words: %d minutes, want %d", words, got, want)
		}
	}
}

func TestRelated(t *testing.T) {
	t.Parallel()
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	a := Article{Slug: "a", Tags: []string{"safety", "heat"}, Chairs: []string{"x"}}
	all := []Article{
		a,
		{Slug: "tag-old", Tags: []string{"safety"}, Published: day(1)},
		{Slug: "tag-new", Tags: []string{"safety"}, Published: day(5)},
		{Slug: "chair", Chairs: []string{"x"}, Published: day(1)},
		{Slug: "both-tags", Tags: []string{"safety", "heat"}, Published: day(1)},
		{Slug: "nothing", Tags: []string{"care"}, Published: day(9)},
	}
	var got []string
	for _, r := range Related(a, all, 4) {
		got = append(got, r.Slug)
	}
	// chair (2 points) and both-tags (2) tie: same date, by slug; then the
	// one-tag articles, newest first.
	if strings.Join(got, ",") != "both-tags,chair,tag-new,tag-old" {
		t.Errorf("related = %v", got)
	}
	if len(Related(a, all, 1)) != 1 {
		t.Error("n bounds the list")
	}
}

// TestPublishedRubricsIsAValue: each call builds the rubrics anew, so a
// caller that changes its copy (a test adding a version) changes nothing
// for another; versions rise, Latest is the last, and every criterion has
// its name and label.
func TestPublishedRubricsIsAValue(t *testing.T) {
	t.Parallel()
	mine := PublishedRubrics()
	mine[0].Criteria[0].Name = "changed"
	mine[0].Uses[0].Weights["reach"] = 1
	mine = append(mine, Rubric{Version: 99})
	fresh := PublishedRubrics()
	if fresh[0].Criteria[0].Name == "changed" || fresh[0].Uses[0].Weights["reach"] == 1 || fresh.Latest().Version == 99 {
		t.Fatal("a change to one caller's rubrics reached the next caller")
	}
	if mine.Latest().Version != 99 {
		t.Errorf("Latest of the changed copy is %d, want 99", mine.Latest().Version)
	}
	for i, r := range fresh {
		if i > 0 && r.Version <= fresh[i-1].Version {
			t.Errorf("rubric %d follows %d: versions must rise", r.Version, fresh[i-1].Version)
		}
		if got, ok := fresh.Version(r.Version); !ok || got.Version != r.Version {
			t.Errorf("Version(%d) = %d, %v", r.Version, got.Version, ok)
		}
		for _, c := range r.Criteria {
			if c.Key == "" || c.Name == "" || c.Label == "" {
				t.Errorf("rubric %d: criterion %+v lacks a key, name or label", r.Version, c)
			}
		}
	}
	if _, ok := fresh.Version(0); ok {
		t.Error("Version(0) found a rubric")
	}
}
