// Package phtime holds Philippine time, the one time zone the site shows
// and reads dates in: UTC+8 all year, with no daylight saving, so a fixed
// zone needs no tz database.
package phtime

import "time"

// Manila is Philippine Standard Time. It is never reassigned.
var Manila = time.FixedZone("PHT", 8*60*60)
