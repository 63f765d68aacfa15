// Package sagatest compiles .saga sources for tests that need the ASL a
// saga becomes: one helper for the compile, generate and parse steps that
// many packages' tests take, failing the test on any error.
//
// It is apart from package testutil because it imports the compiler and the
// ASL backend, which package jsonv's own tests (that use testutil) must not.
package sagatest

import (
	"strings"
	"testing"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/jsonv"
)

// ASL compiles src with the given options and returns the emitted ASL JSON.
func ASL(tb testing.TB, filename string, src []byte, opts compiler.Options) []byte {
	tb.Helper()
	saga, diags := compiler.Compile(filename, src, opts)
	if diags.HasErrors() {
		tb.Fatalf("compile %s: %v", filename, diags)
	}
	out, diags := asl.Generate(saga, asl.Options{})
	if diags.HasErrors() {
		tb.Fatalf("generate %s: %v", filename, diags)
	}
	return out
}

// Definition parses ASL JSON, compiling it first when filename ends in
// .saga, and returns the definition as a jsonv value.
func Definition(tb testing.TB, filename string, src []byte) *jsonv.Value {
	tb.Helper()
	if strings.HasSuffix(filename, ".saga") {
		src = ASL(tb, filename, src, compiler.Options{})
	}
	v, diags := jsonv.Parse(filename, src)
	if diags.HasErrors() {
		tb.Fatalf("parse %s: %v", filename, diags)
	}
	return v
}
