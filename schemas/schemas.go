// Package schemas embeds the JSON Schemas that naftiko-go checks documents
// against. They were written for this project; [Strict] accepts exactly the
// documents the published Naftiko 1.0.0-alpha1 schema accepts. The compat
// level is derived from it in package spec.
package schemas

import _ "embed"

// StrictURL is the $id of [Strict].
const StrictURL = "https://github.com/naftiko/naftiko-go/schemas/naftiko-1.0.0-alpha1.strict.json"

// Strict is the JSON text of the strict 1.0.0-alpha1 schema (draft 2020-12).
//
//go:embed naftiko-1.0.0-alpha1.strict.json
var Strict []byte
