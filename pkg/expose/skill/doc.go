// Package skill serves the `skill` exposes entries of a capability: a
// read-only catalogue of agent skills over plain HTTP. It never runs a
// tool; a derived tool points at an operation or tool of a sibling rest
// or mcp entry, an instruction tool at a file of the skill's folder.
//
//	GET /skills                          {count, skills: [{name, description, license?, tools}]}
//	GET /skills/{name}                   the skill with its metadata and tools
//	GET /skills/{name}/download          the skill folder as a ZIP archive
//	GET /skills/{name}/contents          {name, files: [{path, size, type}]}
//	GET /skills/{name}/contents/{file...} one file of the folder
//
// Unknown skills, skills without a folder (none declared, or a declared
// one that cannot be opened at start, which is logged) and missing files
// get 404. Every
// segment of a file path must match [a-zA-Z0-9._-]+ and files are read
// through an [os.Root], so neither ".." nor a symbolic link can leave the
// folder (400 for a bad segment). The catalogue is checked when the
// exposer is built: each tool has exactly one of from and instruction, a
// from names a sibling rest or mcp namespace and one of its operations or
// tools, and an instruction needs the skill's location.
package skill
