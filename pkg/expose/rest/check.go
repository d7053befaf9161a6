package rest

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/naftiko/naftiko-go/pkg/spec"
)

// inputCheck verifies one input value against its declared type and
// pattern (strict inputs only). Absent values pass: required-ness is not
// part of the spec's exposed inputs.
type inputCheck struct {
	name, in, typ string
	pattern       *regexp.Regexp
}

func newInputCheck(p spec.ExposedInputParameter) (inputCheck, error) {
	c := inputCheck{name: p.Name, in: p.In, typ: p.Type}
	if c.in == "" {
		c.in = "body"
	}
	if p.Pattern != "" {
		re, err := regexp.Compile(p.Pattern)
		if err != nil {
			return c, fmt.Errorf("pattern: %w", err)
		}
		c.pattern = re
	}
	return c, nil
}

func (c inputCheck) check(inputs map[string]any) error {
	v, ok := inputs[c.name]
	if !ok {
		return nil
	}
	fail := func(what string) error {
		return fmt.Errorf("%s input %s: %s", c.in, c.name, what)
	}
	if s, isString := v.(string); isString {
		if c.pattern != nil && !c.pattern.MatchString(s) {
			return fail(fmt.Sprintf("%q does not match the pattern %s", s, c.pattern))
		}
		switch c.typ {
		case "number":
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				return fail(fmt.Sprintf("%q is not a number", s))
			}
		case "integer":
			if _, err := strconv.ParseInt(s, 10, 64); err != nil {
				return fail(fmt.Sprintf("%q is not an integer", s))
			}
		case "boolean":
			if _, err := strconv.ParseBool(s); err != nil {
				return fail(fmt.Sprintf("%q is not a boolean", s))
			}
		case "array", "object":
			if c.in == "body" {
				return fail("is a string, not an " + c.typ)
			}
		}
		return nil
	}
	// JSON body values keep their JSON type.
	if !hasType(v, c.typ) {
		return fail(fmt.Sprintf("is not of type %s", c.typ))
	}
	return nil
}

// hasType reports whether a decoded JSON value that is not a string is of
// the declared type; an unknown or empty type admits every value.
func hasType(v any, typ string) bool {
	switch typ {
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "string":
		return false
	}
	return true
}
