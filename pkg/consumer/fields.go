package consumer

// Fields names the parts of a JSON body a caller reads, so that a call
// decodes only those: every listed member, whole, and the objects on the
// way to it. It is immutable and safe for concurrent use; a nil *Fields
// reads the whole body.
type Fields struct {
	root *fieldNode
	raw  bool // see RawJSON
}

// fieldNode is one object level: the members read below it. A nil node,
// or one with all set, is read whole.
type fieldNode struct {
	all  bool
	kids map[string]*fieldNode
}

// NewFields builds the set of the given paths, each the member names from
// the root down. An empty path (the whole body) makes the result nil,
// which reads everything.
func NewFields(paths [][]string) *Fields {
	root := &fieldNode{}
	for _, p := range paths {
		if len(p) == 0 {
			return nil
		}
		n := root
		for _, name := range p {
			if n.all {
				break
			}
			if n.kids == nil {
				n.kids = map[string]*fieldNode{}
			}
			kid := n.kids[name]
			if kid == nil {
				kid = &fieldNode{}
				n.kids[name] = kid
			}
			n = kid
		}
		n.all, n.kids = true, nil
	}
	return &Fields{root: root}
}

// whole reports whether n is read entirely.
func (n *fieldNode) whole() bool { return n == nil || n.all }
