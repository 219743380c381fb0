package drawing

import (
	"fmt"
	"html/template"
	"math"
)

// ScoreBar draws a rubric score from 0 to 10 as a bar with the number
// written beside it. The bar is an outline filled to the score, so it reads
// without colour; screen readers get "label: score out of 10" in w's
// language (drawing.score_label). A score outside 0–10 is drawn clamped,
// with its own number.
func ScoreBar(label string, score float64, w Words) template.HTML {
	filled := 0.0
	if !math.IsNaN(score) {
		filled = math.Max(0, math.Min(10, score)) * 10
	}
	esc := template.HTMLEscapeString
	value := fmt.Sprintf("%.1f", score)
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="score-bar" viewBox="0 0 136 12" width="136" height="12" role="img" aria-label="%s" stroke="currentColor" fill="currentColor">`+
		`<rect x="1" y="1" width="100" height="10" fill="none"/><rect x="1" y="1" width="%s" height="10"/>`+
		`<text x="108" y="10" stroke="none" font-family="sans-serif" font-size="11">%s</text></svg>`,
		esc(w.T("drawing.score_label", label, value)), num(filled), value))
}
