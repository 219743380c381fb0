package locale

import "strconv"

// verbs reads the fmt placeholders of a message: argument number (from 1)
// → verb letter. "%s and %[1]d" is {1: "d"} after {1: "s"}, so a clash
// shows as the last verb; "%%" is no placeholder. Flags, width and
// precision are skipped.
func verbs(format string) map[int]string {
	out := map[int]string{}
	arg := 1
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && (format[i] == '+' || format[i] == '-' || format[i] == '#' || format[i] == ' ' || format[i] == '0' ||
			format[i] == '.' || format[i] >= '1' && format[i] <= '9') {
			i++
		}
		if i < len(format) && format[i] == '[' {
			end := i + 1
			for end < len(format) && format[end] != ']' {
				end++
			}
			if n, err := strconv.Atoi(format[i+1 : min(end, len(format))]); err == nil {
				arg = n
			}
			i = end + 1
		}
		if i >= len(format) || format[i] == '%' {
			continue
		}
		out[arg] = string(format[i])
		arg++
	}
	return out
}
