package fetch

import (
	"bufio"
	"bytes"
	"strings"
)

// robots is the part of a robots.txt (RFC 9309) that applies to one
// crawler: its allow and disallow rules.
type robots struct {
	rules []rule
}

type rule struct {
	allow   bool
	pattern string
}

// parseRobots keeps the groups for agent (a product token such as
// "MasaheBot", matched case-insensitively), or the "*" groups when none
// names it. Groups for the same agent are merged, as RFC 9309 says.
func parseRobots(data []byte, agent string) robots {
	agent = strings.ToLower(agent)
	var mine, star []rule
	var named, starred bool
	var inAgents bool // the previous line was a user-agent line
	var forMe, forStar bool
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 64<<10)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if !inAgents {
				forMe, forStar = false, false
			}
			inAgents = true
			token := strings.ToLower(value)
			if token == agent {
				forMe, named = true, true
			}
			if token == "*" {
				forStar, starred = true, true
			}
		case "allow", "disallow":
			inAgents = false
			if value == "" {
				continue // "Disallow:" allows everything
			}
			r := rule{allow: key == "allow", pattern: value}
			if forMe {
				mine = append(mine, r)
			}
			if forStar {
				star = append(star, r)
			}
		default:
			inAgents = false
		}
	}
	if named {
		return robots{rules: mine}
	}
	if starred {
		return robots{rules: star}
	}
	return robots{}
}

// allowed applies the longest matching rule to path (with its query);
// allow wins a tie, and no match allows.
func (r robots) allowed(path string) bool {
	if path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, ru := range r.rules {
		if n := len(ru.pattern); n >= best && match(ru.pattern, path) {
			if n > best || ru.allow {
				allow = ru.allow
			}
			best = n
		}
	}
	return allow
}

// match reports whether path starts with pattern, where "*" matches any
// run of characters and a final "$" anchors the end.
func match(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, p := range parts[1:] {
		if anchored && i == len(parts)-2 {
			return strings.HasSuffix(rest, p)
		}
		k := strings.Index(rest, p)
		if k < 0 {
			return false
		}
		rest = rest[k+len(p):]
	}
	return !anchored || rest == ""
}
