package expose

import (
	"fmt"
	"net/url"
	"path/filepath"
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
