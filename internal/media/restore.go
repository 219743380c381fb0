package media

import "strconv"

// Restore checks a picture's stored encodings read back from a catalog
// export (masahe export; docs/MEDIA.md) and returns them as an Image to
// store again with their bytes unchanged, so export then import gives the
// same files at the same addresses. width and height are the picture's own,
// as Intake gave them. Each encoding must be a WebP or JPEG (the formats
// Intake writes) that decodes whole, with the size it claims and no side
// over MaxSide; its hash is computed again, never taken from the file.
func Restore(width, height int, files []Variant) (Image, error) {
	if width < 1 || height < 1 || width > MaxSide || height > MaxSide {
		return Image{}, refuse(ReasonCorrupt, "stored_size", "The picture's size %s × %s is not a size a stored picture can have.", strconv.Itoa(width), strconv.Itoa(height))
	}
	if len(files) == 0 || len(files) > 2*(len(Widths())+1) {
		return Image{}, refuse(ReasonCorrupt, "stored_files", "A stored picture has 1 to %s files; this one has %s.", strconv.Itoa(2*(len(Widths())+1)), strconv.Itoa(len(files)))
	}
	out := Image{Source: files[0].Format, Width: width, Height: height, Variants: make([]Variant, len(files))}
	for i, v := range files {
		if v.Format != WebP && v.Format != JPEG {
			return Image{}, refuse(ReasonUnsupported, "stored_format", "Stored pictures are WebP or JPEG; file %s says %s.", strconv.Itoa(i+1), strconv.Quote(string(v.Format)))
		}
		if f, err := sniff(v.Bytes); err != nil || f != v.Format {
			return Image{}, corrupt(v.Format)
		}
		cfg, err := decodeConfig(v.Format, v.Bytes)
		if err != nil {
			return Image{}, err
		}
		if cfg.Width != v.Width || cfg.Height != v.Height || cfg.Width > MaxSide || cfg.Height > MaxSide {
			return Image{}, refuse(ReasonCorrupt, "stored_file", "File %s is %s × %s pixels, not the %s × %s it is listed as.", strconv.Itoa(i+1), strconv.Itoa(cfg.Width), strconv.Itoa(cfg.Height), strconv.Itoa(v.Width), strconv.Itoa(v.Height))
		}
		if _, err := decode(v.Format, v.Bytes); err != nil {
			return Image{}, err
		}
		v.Hash = contentHash(v.Bytes)
		out.Variants[i] = v
	}
	return out, nil
}
