package spec

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// UnmarshalYAML decodes either a plain string body or {type, data}.
func (b *RequestBody) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		b.Raw = n.Value
		return nil
	}
	type plain RequestBody
	return n.Decode((*plain)(b))
}

// UnmarshalYAML decodes the adapter that the entry's type names.
func (e *Exposes) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: exposes entry must be a mapping", n.Line)
	}
	var head struct {
		Type string `yaml:"type"`
	}
	if err := n.Decode(&head); err != nil {
		return err
	}
	e.Type = head.Type
	switch head.Type {
	case "rest":
		e.Rest = new(ExposesRest)
		return n.Decode(e.Rest)
	case "mcp":
		e.MCP = new(ExposesMCP)
		return n.Decode(e.MCP)
	case "skill":
		e.Skill = new(ExposesSkill)
		return n.Decode(e.Skill)
	}
	return n.Decode(&e.Raw)
}

// UnmarshalYAML decodes an ordered mapping of name to output parameter.
func (p *OutputProperties) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: properties must be a mapping", n.Line)
	}
	out := make(OutputProperties, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		var param OutputParameter
		if err := n.Content[i+1].Decode(&param); err != nil {
			return err
		}
		out = append(out, NamedOutput{Name: n.Content[i].Value, Param: param})
	}
	*p = out
	return nil
}

// UnmarshalYAML decodes an output parameter; items may be one object or a
// list (orchestrated arrays).
func (o *OutputParameter) UnmarshalYAML(n *yaml.Node) error {
	type plain OutputParameter
	var aux struct {
		plain `yaml:",inline"`
		Items yaml.Node `yaml:"items,omitempty"`
	}
	if err := n.Decode(&aux); err != nil {
		return err
	}
	*o = OutputParameter(aux.plain)
	switch aux.Items.Kind {
	case yaml.MappingNode:
		o.Items = new(OutputParameter)
		return aux.Items.Decode(o.Items)
	case yaml.SequenceNode:
		if err := aux.Items.Decode(&o.ItemsList); err != nil {
			return err
		}
		if len(o.ItemsList) > 0 {
			o.Items = &o.ItemsList[0]
		}
	}
	return nil
}
