package spec

import "fmt"

// checkPorts: two exposes blocks on one port collide unless they listen
// on different explicit addresses.
func checkPorts(r *reporter, root node) {
	type listener struct {
		addr string
		path []string
	}
	byPort := map[string][]listener{}
	for _, ex := range exposesOf(root) {
		p := ex.get("port")
		if p.v == nil {
			continue
		}
		port := fmt.Sprint(p.v)
		addr := ex.get("address").str()
		for _, other := range byPort[port] {
			if addr == "" || other.addr == "" || addr == other.addr ||
				addr == "0.0.0.0" || other.addr == "0.0.0.0" {
				line, _ := r.src.position(other.path)
				r.errorf(RulePortCollision, p.path, fmt.Sprintf(
					"port %s is already used by the exposes block at line %d", port, line))
				break
			}
		}
		byPort[port] = append(byPort[port], listener{addr, p.path})
	}
}

// checkSkills: a skill tool's from names a sibling adapter and an action
// it has.
func checkSkills(r *reporter, root node) {
	actions := map[string]map[string]bool{}
	for _, ex := range exposesOf(root) {
		set := map[string]bool{}
		switch ex.get("type").str() {
		case "rest":
			for _, res := range ex.get("resources").items() {
				for _, op := range res.get("operations").items() {
					set[op.get("name").str()] = true
				}
			}
		case "mcp":
			for _, t := range ex.get("tools").items() {
				set[t.get("name").str()] = true
			}
		default:
			continue
		}
		actions[ex.get("namespace").str()] = set
	}
	for _, ex := range exposesOf(root) {
		for _, sk := range ex.get("skills").items() {
			for _, t := range sk.get("tools").items() {
				from := t.get("from")
				if !from.isMap() {
					continue
				}
				ns, act := from.get("sourceNamespace"), from.get("action")
				set, ok := actions[ns.str()]
				switch {
				case !ok:
					r.errorf(RuleSkillFrom, ns.path, fmt.Sprintf(
						"sourceNamespace %q is not a rest or mcp exposes namespace", ns.str()))
				case !set[act.str()]:
					r.errorf(RuleSkillFrom, act.path, fmt.Sprintf(
						"action %q is not an operation or tool of %q", act.str(), ns.str()))
				}
			}
		}
	}
}
