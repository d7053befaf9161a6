package naftiko

// Version is the version of this runtime.
const Version = "0.1.0-dev"

// SpecVersion is the capability spec version this runtime implements.
const SpecVersion = "1.0.0-alpha1"
