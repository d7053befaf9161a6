package expose

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// LocalPath resolves a file:/// location of a capability document (an MCP
// static resource folder, a prompt file, a skill folder). An absolute
// path is taken as is; a relative one (file://./dir or file://dir)
// resolves against base, the capability's folder.
func LocalPath(location, base string) (string, error) {
	u, err := url.Parse(location)
	if err != nil || u.Scheme != "file" {
		return "", fmt.Errorf("location %q is not a file:/// URL", location)
	}
	p := filepath.FromSlash(u.Path)
	if u.Host != "" && u.Host != "localhost" {
		p = filepath.Join(u.Host, p)
	}
	if !filepath.IsAbs(p) || (u.Host != "" && u.Host != "localhost") {
		p = filepath.Join(base, p)
	}
	return p, nil
}

// RegularFiles lists the regular files under root as slash-separated
// paths, in lexical order.
func RegularFiles(root *os.Root) ([]string, error) {
	var out []string
	err := fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

var safeSegment = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// UnsafeSegment returns the first segment of the slash-separated relative
// path rel that a request may not name (empty, "." or "..", or holding a
// character other than letters, digits, ".", "_" and "-"), and whether
// there is one.
func UnsafeSegment(rel string) (string, bool) {
	for _, seg := range strings.Split(rel, "/") {
		if !safeSegment.MatchString(seg) || seg == "." || seg == ".." {
			return seg, true
		}
	}
	return "", false
}
