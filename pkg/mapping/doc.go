// Package mapping evaluates JSONPath expressions and shapes decoded
// upstream bodies through output parameters.
//
// [CompilePath] wraps github.com/PaesslerAG/jsonpath behind one small
// contract: "$" and "$." select the whole document, dashed or spaced names
// work in dot notation ("$.get-ship.imo") and in brackets ("$['a-b']"),
// filters use the full expression language, and a path that selects
// nothing yields nil, never an error.
//
// [Compile] turns an output parameter into an [Output]: typed mapped
// outputs with absolute paths in nested objects, arrays mapped item by
// item, static values rendered as Mustache templates, and the "$."
// pass-through of objects without properties and arrays without items.
// [First] returns the first non-null result of a list, [Named] the step
// output of consumed output parameters, and [MockAll] the answer of a mock.
package mapping
