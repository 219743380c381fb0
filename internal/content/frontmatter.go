package content

import (
	"fmt"
	"strings"
)

// frontMatter is the key: value block at the head of an editorial file;
// a key may repeat (source:, pro:, score:).
type frontMatter map[string][]string

// splitFrontMatter separates the block between the opening and closing
// "---" lines from the Markdown body. Lines are numbered for errors.
func splitFrontMatter(name, src string) (frontMatter, string, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	if !strings.HasPrefix(src, "---\n") {
		return nil, "", fmt.Errorf("%s:1: the file must start with a --- line", name)
	}
	lines := strings.Split(src, "\n")
	fm := frontMatter{}
	for i := 1; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "---" {
			return fm, strings.TrimSpace(strings.Join(lines[i+1:], "\n")), nil
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, "", fmt.Errorf("%s:%d: expected key: value", name, i+1)
		}
		fm[strings.TrimSpace(key)] = append(fm[strings.TrimSpace(key)], strings.TrimSpace(value))
	}
	return nil, "", fmt.Errorf("%s: the front matter has no closing --- line", name)
}

// one returns a key's single value.
func (fm frontMatter) one(key string) string {
	if v := fm[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}
