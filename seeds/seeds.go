// Package seeds embeds the bundled sample articles, the input of `kg build`
// when it is given no path, so that the binary works anywhere.
package seeds

import "embed"

// FS holds the sample articles as plain-text files at its root.
//
//go:embed *.txt
var FS embed.FS
