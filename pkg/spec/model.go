package spec

// This file holds the typed model of a 1.0.0-alpha1 document. Field names
// follow the YAML keys; the yaml tags are the contract with the decoder.
// Fields that the official schema does not allow but real documents use (the
// "compat" dialect, see [LevelCompat]) are kept in the model so the runtime
// can honour or ignore them deliberately.

// Document is one decoded YAML file: either a capability document (with
// [Document.Capability]) or a shared-consumes document (with root
// [Document.Consumes]).
type Document struct {
	Naftiko    string      `yaml:"naftiko"`
	Info       *Info       `yaml:"info,omitempty"`
	Capability *Capability `yaml:"capability,omitempty"`
	Consumes   []Consumes  `yaml:"consumes,omitempty"`
	Binds      []Bind      `yaml:"binds,omitempty"`
}

// Info describes a capability for people; it has no run-time effect.
type Info struct {
	Label        string   `yaml:"label"`
	Description  string   `yaml:"description,omitempty"`
	Tags         []string `yaml:"tags,omitempty"`
	Created      string   `yaml:"created,omitempty"`
	Modified     string   `yaml:"modified,omitempty"`
	Stakeholders []Person `yaml:"stakeholders,omitempty"`
}

// Person is a stakeholder of a capability.
type Person struct {
	Role     string `yaml:"role"`
	FullName string `yaml:"fullName"`
	Email    string `yaml:"email,omitempty"`
}

// Capability holds what a capability consumes and what it exposes.
type Capability struct {
	Exposes  []Exposes  `yaml:"exposes,omitempty"`
	Consumes []Consumes `yaml:"consumes,omitempty"`
	Binds    []Bind     `yaml:"binds,omitempty"`
}

// Bind maps variable names (the keys of Keys) to the names of their sources:
// environment variables when Location is empty, keys of a JSON or YAML file
// when Location is a file:// URI.
type Bind struct {
	Namespace   string            `yaml:"namespace"`
	Description string            `yaml:"description,omitempty"`
	Location    string            `yaml:"location,omitempty"`
	Keys        map[string]string `yaml:"keys"`
}

// Consumes is one entry of a consumes list. It is either an import
// (Location and Import set) or an inline HTTP adapter (Type "http").
// After loading, every import of a capability has been replaced by the
// inline adapter it names, with Origin recording where it came from.
type Consumes struct {
	// Import form.
	Import   string `yaml:"import,omitempty"`
	Location string `yaml:"location,omitempty"`
	As       string `yaml:"as,omitempty"`

	// Inline HTTP form.
	Type            string                   `yaml:"type,omitempty"`
	Namespace       string                   `yaml:"namespace,omitempty"`
	BaseURI         string                   `yaml:"baseUri,omitempty"`
	Description     string                   `yaml:"description,omitempty"`
	InputParameters []ConsumedInputParameter `yaml:"inputParameters,omitempty"`
	Authentication  *Authentication          `yaml:"authentication,omitempty"`
	Resources       []ConsumedResource       `yaml:"resources,omitempty"`

	// Origin is set by the loader on entries that came from an import: the
	// file they were read from and their field path inside it. It is nil
	// for entries written inline in the capability.
	Origin *Origin `yaml:"-"`
}

// IsImport reports whether c is an import entry that has not been resolved.
func (c *Consumes) IsImport() bool { return c.Location != "" || c.Import != "" }

// Origin locates an object in the file it was decoded from.
type Origin struct {
	File string // absolute path, or the name given to Parse
	Path string // field path, e.g. "capability.consumes[0]"
}

// ConsumedResource is a group of upstream operations sharing a path.
type ConsumedResource struct {
	Name            string                   `yaml:"name"`
	Path            string                   `yaml:"path"`
	Label           string                   `yaml:"label,omitempty"`
	Description     string                   `yaml:"description,omitempty"`
	InputParameters []ConsumedInputParameter `yaml:"inputParameters,omitempty"`
	Operations      []ConsumedOperation      `yaml:"operations"`
}

// ConsumedOperation is one upstream HTTP operation, callable as
// "namespace.name".
type ConsumedOperation struct {
	Name             string                   `yaml:"name"`
	Method           string                   `yaml:"method,omitempty"`
	Label            string                   `yaml:"label,omitempty"`
	Description      string                   `yaml:"description,omitempty"`
	Path             string                   `yaml:"path,omitempty"` // compat: not in the schema
	InputParameters  []ConsumedInputParameter `yaml:"inputParameters,omitempty"`
	OutputRawFormat  string                   `yaml:"outputRawFormat,omitempty"`
	OutputSchema     string                   `yaml:"outputSchema,omitempty"`
	OutputParameters []OutputParameter        `yaml:"outputParameters,omitempty"`
	Body             *RequestBody             `yaml:"body,omitempty"`
}

// ConsumedInputParameter puts a value on the outgoing request.
// Type, Required and Description are documentation in the compat dialect.
type ConsumedInputParameter struct {
	Name        string `yaml:"name"`
	In          string `yaml:"in"`
	Value       string `yaml:"value,omitempty"`
	Type        string `yaml:"type,omitempty"`
	Required    *bool  `yaml:"required,omitempty"`
	Description string `yaml:"description,omitempty"`
}

// RequestBody is the body of an upstream request. A body written as a plain
// string has Raw set and Type empty; the structured form has Type (json,
// text, xml, sparql, formUrlEncoded, multipartForm) and Data.
type RequestBody struct {
	Raw  string `yaml:"-"`
	Type string `yaml:"type,omitempty"`
	Data any    `yaml:"data,omitempty"`
}

// Authentication is used by consumes (client side) and exposes (server
// side). Type is one of basic, digest, bearer, apikey.
type Authentication struct {
	Type      string `yaml:"type"`
	Username  string `yaml:"username,omitempty"`
	Password  string `yaml:"password,omitempty"`
	Token     string `yaml:"token,omitempty"`
	Key       string `yaml:"key,omitempty"`
	Value     string `yaml:"value,omitempty"`
	Placement string `yaml:"placement,omitempty"`
}

// Exposes is one exposed adapter. Type selects which of Rest, MCP or Skill
// is set; an unknown type leaves all three nil and keeps the raw Type so
// that an embedding program can serve it with its own exposer.
type Exposes struct {
	Type  string        `yaml:"type"`
	Rest  *ExposesRest  `yaml:"-"`
	MCP   *ExposesMCP   `yaml:"-"`
	Skill *ExposesSkill `yaml:"-"`

	// Raw is the decoded mapping of the entry, for exposers of other types.
	Raw map[string]any `yaml:"-"`
}

// Namespace returns the namespace of whichever adapter is set.
func (e *Exposes) Namespace() string {
	switch {
	case e.Rest != nil:
		return e.Rest.Namespace
	case e.MCP != nil:
		return e.MCP.Namespace
	case e.Skill != nil:
		return e.Skill.Namespace
	}
	ns, _ := e.Raw["namespace"].(string)
	return ns
}

// ExposesRest is a REST server.
type ExposesRest struct {
	Type           string            `yaml:"type"`
	Port           int               `yaml:"port"`
	Namespace      string            `yaml:"namespace"`
	Address        string            `yaml:"address,omitempty"`
	Description    string            `yaml:"description,omitempty"` // compat
	Authentication *Authentication   `yaml:"authentication,omitempty"`
	Resources      []ExposedResource `yaml:"resources,omitempty"`
}

// ExposedResource is a REST path with its operations.
type ExposedResource struct {
	Path            string                  `yaml:"path"`
	Name            string                  `yaml:"name,omitempty"`
	Label           string                  `yaml:"label,omitempty"`
	Description     string                  `yaml:"description,omitempty"`
	InputParameters []ExposedInputParameter `yaml:"inputParameters,omitempty"`
	Operations      []ExposedOperation      `yaml:"operations,omitempty"`
	Forward         *Forward                `yaml:"forward,omitempty"`
}

// Invocation is what an exposed operation, MCP tool or MCP resource does:
// call one consumed operation (Call, With) or run Steps, then shape the
// result with Mappings and OutputParameters. With neither Call nor Steps it
// is a mock that answers from static output values.
type Invocation struct {
	Call             string            `yaml:"call,omitempty"`
	With             map[string]any    `yaml:"with,omitempty"`
	Steps            []Step            `yaml:"steps,omitempty"`
	Mappings         []StepMapping     `yaml:"mappings,omitempty"`
	OutputParameters []OutputParameter `yaml:"outputParameters,omitempty"`
}

// ExposedOperation is one method of a REST resource.
type ExposedOperation struct {
	Method          string                  `yaml:"method,omitempty"`
	Name            string                  `yaml:"name,omitempty"`
	Label           string                  `yaml:"label,omitempty"`
	Description     string                  `yaml:"description,omitempty"`
	InputParameters []ExposedInputParameter `yaml:"inputParameters,omitempty"`
	Invocation      `yaml:",inline"`
}

// ExposedInputParameter reads a value from an inbound REST request.
type ExposedInputParameter struct {
	Name        string `yaml:"name"`
	In          string `yaml:"in,omitempty"`
	Type        string `yaml:"type,omitempty"`
	Description string `yaml:"description,omitempty"`
	Pattern     string `yaml:"pattern,omitempty"`
	Value       string `yaml:"value,omitempty"`
	Required    *bool  `yaml:"required,omitempty"` // compat
}

// Forward proxies unmatched methods of a resource to a consumed namespace.
type Forward struct {
	TargetNamespace string   `yaml:"targetNamespace"`
	TrustedHeaders  []string `yaml:"trustedHeaders,omitempty"`
}

// ExposesMCP is an MCP server.
type ExposesMCP struct {
	Type        string        `yaml:"type"`
	Namespace   string        `yaml:"namespace"`
	Transport   string        `yaml:"transport,omitempty"` // http (default) or stdio
	Port        int           `yaml:"port,omitempty"`
	Address     string        `yaml:"address,omitempty"`
	Description string        `yaml:"description,omitempty"`
	Tools       []MCPTool     `yaml:"tools"`
	Resources   []MCPResource `yaml:"resources,omitempty"`
	Prompts     []MCPPrompt   `yaml:"prompts,omitempty"`
}

// MCPTool is one MCP tool.
type MCPTool struct {
	Name            string              `yaml:"name"`
	Label           string              `yaml:"label,omitempty"`
	Description     string              `yaml:"description"`
	InputParameters []MCPInputParameter `yaml:"inputParameters,omitempty"`
	Hints           *MCPToolHints       `yaml:"hints,omitempty"`
	Invocation      `yaml:",inline"`
}

// MCPInputParameter is one property of a tool's input schema. Required is
// true when absent.
type MCPInputParameter struct {
	Name        string `yaml:"name"`
	Type        string `yaml:"type"`
	Description string `yaml:"description"`
	Required    *bool  `yaml:"required,omitempty"`
}

// IsRequired reports whether the parameter is required (the default).
func (p *MCPInputParameter) IsRequired() bool { return p.Required == nil || *p.Required }

// MCPToolHints become MCP tool annotations; only the hints that are set are
// sent.
type MCPToolHints struct {
	ReadOnly    *bool `yaml:"readOnly,omitempty"`
	Destructive *bool `yaml:"destructive,omitempty"`
	Idempotent  *bool `yaml:"idempotent,omitempty"`
	OpenWorld   *bool `yaml:"openWorld,omitempty"`
}

// MCPResource is an MCP resource served from a call, from steps, or from a
// static file:/// folder (Location).
type MCPResource struct {
	Name        string `yaml:"name"`
	Label       string `yaml:"label,omitempty"`
	URI         string `yaml:"uri"`
	Description string `yaml:"description,omitempty"`
	MimeType    string `yaml:"mimeType,omitempty"`
	Location    string `yaml:"location,omitempty"`
	Invocation  `yaml:",inline"`
}

// MCPPrompt is an MCP prompt from an inline template or a file.
type MCPPrompt struct {
	Name        string              `yaml:"name"`
	Label       string              `yaml:"label,omitempty"`
	Description string              `yaml:"description,omitempty"`
	Arguments   []MCPPromptArgument `yaml:"arguments,omitempty"`
	Template    []MCPPromptMessage  `yaml:"template,omitempty"`
	Location    string              `yaml:"location,omitempty"`
}

// MCPPromptArgument is one argument of a prompt; Required is true when
// absent.
type MCPPromptArgument struct {
	Name        string `yaml:"name"`
	Label       string `yaml:"label,omitempty"`
	Description string `yaml:"description,omitempty"`
	Required    *bool  `yaml:"required,omitempty"`
}

// MCPPromptMessage is one message of a prompt template.
type MCPPromptMessage struct {
	Role    string `yaml:"role"`
	Content string `yaml:"content"`
}

// ExposesSkill is a read-only skill catalogue server.
type ExposesSkill struct {
	Type           string          `yaml:"type"`
	Port           int             `yaml:"port,omitempty"`
	Namespace      string          `yaml:"namespace"`
	Address        string          `yaml:"address,omitempty"`
	Description    string          `yaml:"description,omitempty"`
	Authentication *Authentication `yaml:"authentication,omitempty"`
	Skills         []ExposedSkill  `yaml:"skills,omitempty"`
}

// ExposedSkill is one skill of a catalogue.
type ExposedSkill struct {
	Name                   string            `yaml:"name"`
	Description            string            `yaml:"description"`
	License                string            `yaml:"license,omitempty"`
	Compatibility          string            `yaml:"compatibility,omitempty"`
	Metadata               map[string]string `yaml:"metadata,omitempty"`
	AllowedTools           string            `yaml:"allowed-tools,omitempty"`
	ArgumentHint           string            `yaml:"argument-hint,omitempty"`
	UserInvocable          *bool             `yaml:"user-invocable,omitempty"`
	DisableModelInvocation *bool             `yaml:"disable-model-invocation,omitempty"`
	Location               string            `yaml:"location,omitempty"`
	Tools                  []SkillTool       `yaml:"tools,omitempty"`
}

// SkillTool is derived from a sibling adapter (From) or is an instruction
// file.
type SkillTool struct {
	Name        string     `yaml:"name"`
	Description string     `yaml:"description"`
	From        *SkillFrom `yaml:"from,omitempty"`
	Instruction string     `yaml:"instruction,omitempty"`
}

// SkillFrom names a tool or operation of a sibling rest or mcp adapter.
type SkillFrom struct {
	SourceNamespace string `yaml:"sourceNamespace"`
	Action          string `yaml:"action"`
}

// Step is one step of an orchestrated invocation: Type "call" (Call, With)
// or "lookup" (Index, Match, LookupValue, OutputParameters).
type Step struct {
	Type             string         `yaml:"type"`
	Name             string         `yaml:"name"`
	Call             string         `yaml:"call,omitempty"`
	With             map[string]any `yaml:"with,omitempty"`
	Index            string         `yaml:"index,omitempty"`
	Match            string         `yaml:"match,omitempty"`
	LookupValue      string         `yaml:"lookupValue,omitempty"`
	OutputParameters []string       `yaml:"outputParameters,omitempty"`
}

// StepMapping copies a step result ("$.step.path") to an output name.
type StepMapping struct {
	TargetName string `yaml:"targetName"`
	Value      string `yaml:"value"`
}

// OutputParameter is one output shape. The same type serves the three
// schema forms: mapped outputs (no Name; Mapping is a JSONPath, Value a
// static value), orchestrated outputs (Name and Type only) and consumed
// outputs (Name, Type, and Value holding a JSONPath).
type OutputParameter struct {
	Name        string            `yaml:"name,omitempty"`
	Type        string            `yaml:"type"`
	Description string            `yaml:"description,omitempty"`
	Mapping     string            `yaml:"mapping,omitempty"`
	Value       any               `yaml:"value,omitempty"`
	Const       any               `yaml:"const,omitempty"`
	MaxLength   int               `yaml:"maxLength,omitempty"`
	Properties  OutputProperties  `yaml:"properties,omitempty"`
	Items       *OutputParameter  `yaml:"-"` // decoded from an object or the first of a list
	ItemsList   []OutputParameter `yaml:"-"` // orchestrated arrays list their item fields
}

// OutputProperties is the ordered "properties" mapping of an object output.
type OutputProperties []NamedOutput

// NamedOutput is one entry of [OutputProperties].
type NamedOutput struct {
	Name  string
	Param OutputParameter
}
