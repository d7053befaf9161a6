// Package template compiles Mustache templates (github.com/cbroglie/mustache,
// without HTML escaping) and renders them against a [Scope] of maps while
// tracking which variables were found.
//
// Values are substituted as text: numbers without a trailing ".0", lists
// and objects as JSON, null as nothing. Dotted names walk nested objects
// ("{{step.field}}"). [Template.Render] reports the variables that were
// missing, so callers can drop optional parameters or refuse an unresolved
// path, and takes an [Escaper] applied to every substituted value (never to
// literal text). [Template.Value] keeps the type of a template that is
// exactly one tag. [CompileURI] also reads single-brace placeholders such as
// "/users/{id}". Partials are disabled: a template never reads files.
package template
