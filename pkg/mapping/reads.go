package mapping

import "strings"

// Fields returns the member names p reads, from the root down, when p is a
// plain dot path ("$.a.b-c.d": every segment a name of letters, digits, "_"
// or "-"); it returns an empty list for the root path. ok is false for any
// other form (wildcards, filters, brackets, recursive descent), whose reads
// cannot be listed.
//
// TODO(#6): bracketed names and indexes ("$.a[0].b", "$['a b']") could be
// listed too; today an output using them makes the whole body decoded.
func (p *Path) Fields() (names []string, ok bool) {
	if p == nil {
		return nil, false
	}
	if p.eval == nil {
		return []string{}, true
	}
	rest, found := strings.CutPrefix(strings.TrimSpace(p.src), "$.")
	if !found {
		return nil, false
	}
	names = strings.Split(rest, ".")
	for _, n := range names {
		if !plainName(n) {
			return nil, false
		}
	}
	return names, true
}

// plainName reports whether s is a non-empty run of letters, digits, "_"
// and "-": a segment the path reads as a member name and nothing else.
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
			c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return s != ""
}

// Reads lists every path of the body that [First] over outs may read, each
// as the member names from the root down; a listed path needs its whole
// subtree, and an empty list is the whole body. A caller that decodes only
// those subtrees (keeping the objects above them) gets the same results
// from First as with the whole body. ok is false when some path is not a
// plain dot path (see [Path.Fields]), and then the whole body is needed.
func Reads(outs []*Output) (paths [][]string, ok bool) {
	for _, o := range outs {
		if paths, ok = o.reads(paths, true); !ok {
			return nil, false
		}
	}
	return paths, true
}

// reads mirrors apply: it adds the paths apply(root, scope, top) reads.
func (o *Output) reads(paths [][]string, top bool) ([][]string, bool) {
	if o.isStatic {
		return paths, true
	}
	whole := o.Type != "object" || len(o.props) == 0 || (!top && o.path != nil)
	if !whole {
		for _, p := range o.props {
			var ok bool
			if paths, ok = p.out.reads(paths, false); !ok {
				return nil, false
			}
		}
		return paths, true
	}
	if o.path == nil {
		return paths, true // selects nothing
	}
	// An array's items read inside the elements the array's own path
	// selects: that whole subtree is already listed.
	names, ok := o.path.Fields()
	if !ok {
		return nil, false
	}
	return append(paths, names), true
}

// PassesThrough reports whether outs is one object parameter without
// properties that selects the root ("$." or "$"): First then yields the
// whole body as it is, whatever its type.
func PassesThrough(outs []*Output) bool {
	if len(outs) != 1 {
		return false
	}
	o := outs[0]
	return !o.isStatic && o.Type == "object" && len(o.props) == 0 && o.path != nil &&
		o.path.IsRoot()
}
