package spec

// Rule describes one kind of diagnostic the loader reports.
type Rule struct {
	ID          string
	Severity    Severity
	Description string
}

// Rule identifiers of the structural checks.
const (
	RuleYAML    = "yaml"
	RuleLimit   = "limit"
	RuleVersion = "version"
	RuleSchema  = "schema"
	RuleImport  = "import"
)

// Rule identifiers of the compat relaxations (warnings at LevelCompat,
// schema errors at LevelStrict).
const (
	RuleCompatParamFields    = "compat-consumed-param-fields"
	RuleCompatRestDesc       = "compat-rest-description"
	RuleCompatImportDesc     = "compat-import-description"
	RuleCompatObjectPass     = "compat-object-passthrough"
	RuleCompatBaseURITmpl    = "compat-baseuri-template"
	RuleCompatArrayPass      = "compat-array-passthrough"
	RuleNamespacesUnique     = "naftiko-namespaces-unique"
	RuleBaseURISlash         = "naftiko-consumes-baseuri-no-trailing-slash"
	RuleConsumedPathQuery    = "naftiko-consumed-resource-no-query-in-path"
	RuleRestPathSlash        = "naftiko-rest-resource-path-no-trailing-slash"
	RuleRestPathQuery        = "naftiko-rest-resource-path-no-query"
	RuleAddressExample       = "naftiko-address-not-example"
	RuleConsumesDescription  = "naftiko-consumes-description"
	RuleRestResourceDesc     = "naftiko-rest-resource-description"
	RuleStepsNamePattern     = "naftiko-steps-name-pattern"
	RuleNoScriptTags         = "naftiko-no-script-tags-in-markdown"
	RuleNoEval               = "naftiko-no-eval-in-markdown"
	RuleCallTarget           = "call-target"
	RuleStepNamesUnique      = "step-names-unique"
	RuleStepIndex            = "step-index"
	RuleStepReference        = "step-reference"
	RuleToolNamesUnique      = "mcp-names-unique"
	RuleOperationNamesUnique = "operation-names-unique"
	RuleRouteUnique          = "rest-route-unique"
	RulePortCollision        = "port-collision"
	RulePathParameters       = "rest-path-parameters"
	RuleTemplateVariable     = "template-variable"
	RuleSkillFrom            = "skill-from"
)

// Rules lists every rule in a stable order; `naftiko validate
// --list-rules` prints it.
//
// TODO(#2): the reference ruleset's rules that are off by default
// (naftiko-info-tags, naftiko-rest-operation-description,
// naftiko-baseuri-not-example) are not implemented.
var Rules = []Rule{
	{RuleYAML, SeverityError, "the file is UTF-8 YAML holding one mapping, without duplicate keys"},
	{RuleLimit, SeverityError, "the file is at most 10 MiB and expands to a bounded size"},
	{RuleVersion, SeverityError, "naftiko names a supported spec version (1.0.0-alpha1)"},
	{RuleSchema, SeverityError, "the document matches the 1.0.0-alpha1 schema (strict or compat)"},
	{RuleImport, SeverityError, "each consumes import resolves to a namespace of a readable file"},
	{RuleCompatParamFields, SeverityWarning,
		"a consumed input parameter carries type, required or description (ignored)"},
	{RuleCompatRestDesc, SeverityWarning, "a rest exposes block carries a description (ignored)"},
	{RuleCompatImportDesc, SeverityWarning, "a consumes import carries a description (ignored)"},
	{RuleCompatObjectPass, SeverityWarning,
		"an object output without properties passes the mapped value through"},
	{RuleCompatBaseURITmpl, SeverityWarning,
		"a consumes baseUri is a {{VAR}} template, checked once rendered at run time"},
	{RuleCompatArrayPass, SeverityWarning,
		"an array output without items passes the mapped elements through"},
	{RuleNamespacesUnique, SeverityError,
		"namespaces of consumes (after imports), exposes and binds are unique"},
	{RuleBaseURISlash, SeverityWarning, "a consumes baseUri does not end with a slash"},
	{RuleConsumedPathQuery, SeverityWarning, "a consumed resource path holds no query string"},
	{RuleRestPathSlash, SeverityWarning, "a REST resource path does not end with a slash"},
	{RuleRestPathQuery, SeverityWarning, "a REST resource path holds no query string"},
	{RuleAddressExample, SeverityWarning, "an exposes address is not an example.com host"},
	{RuleConsumesDescription, SeverityWarning, "an inline consumes adapter has a description"},
	{RuleRestResourceDesc, SeverityWarning, "a REST resource has a description"},
	{RuleStepsNamePattern, SeverityWarning, "step names use letters, digits, - and _ only"},
	{RuleNoScriptTags, SeverityError, "descriptions and labels hold no <script tags"},
	{RuleNoEval, SeverityError, "descriptions and labels hold no eval( calls"},
	{RuleCallTarget, SeverityError,
		"every call names a consumed namespace and one of its operations"},
	{RuleStepNamesUnique, SeverityError, "step names are unique within their steps list"},
	{RuleStepIndex, SeverityError, "a lookup step's index names an earlier call step"},
	{RuleStepReference, SeverityError, "a $.step reference in mappings names a step"},
	{RuleToolNamesUnique, SeverityError,
		"MCP tool, resource and prompt names (and resource URIs) are unique per server"},
	{RuleOperationNamesUnique, SeverityWarning,
		"operation and resource names are unique per consumes adapter (the first one wins) " +
			"and per REST server"},
	{RuleRouteUnique, SeverityError, "a REST server has one operation per (path, method)"},
	{RulePortCollision, SeverityError, "two exposes blocks do not listen on the same port"},
	{RulePathParameters, SeverityWarning,
		"REST path placeholders and path input parameters match each other"},
	{RuleTemplateVariable, SeverityWarning,
		"a {{VAR}} in consumes is a binds key or an input parameter name"},
	{RuleSkillFrom, SeverityError,
		"a skill tool's from names a sibling rest or mcp adapter and one of its actions"},
}
