// Package spec loads Naftiko 1.0.0-alpha1 capability documents.
//
// [Load] reads a file and [Parse] a document held in memory. Both decode
// the YAML into a node tree that keeps positions, check it against the
// project's own JSON Schema at one of two levels, resolve consumes imports
// and run the semantic rules. Every finding is a [Diagnostic] naming the
// file, line, column and field path (such as
// "capability.exposes[0].resources[0].operations[0].call") with a rule id
// from [Rules]; [Diagnostics.Err] turns the errors among them into one
// error.
//
// The two levels:
//
//   - [LevelStrict] accepts exactly the documents the published
//     1.0.0-alpha1 schema accepts.
//   - [LevelCompat] (the default) also accepts a few habits of real
//     documents (documentation fields on consumed parameters, a
//     description on a rest exposes block or an import, object and array
//     outputs that pass the mapped value through, a {{VAR}} baseUri) and
//     reports each use as a warning with its own rule id. Typos stay
//     errors.
//
// Imports ("location" plus "import", optionally "as") resolve relative to
// the importing file; absolute paths and file:// URIs work too. The
// namespace is looked up in the imported document's root consumes, then in
// its capability consumes; nested imports are followed and cycles are
// reported. The imported file is checked as well, and only the named
// adapter is taken from it: its exposes never become part of the loaded
// capability. Resolved entries carry an [Origin].
//
// A [Cache] shared by several loads ([Options.Cache]) decodes and checks
// each file once, however many of the loaded documents import it, with
// the same diagnostics as without it; `naftiko validate` shares one
// across the files it is given and loads them in parallel.
//
// Decoding is bounded: files over [MaxFileSize], nesting deeper than 128
// levels and alias expansion past a million values are refused with a
// diagnostic, and binary input, duplicate keys and several documents in one
// stream are reported rather than guessed at.
package spec
