package lint

import "testing"

func TestGeneratedChainIsClean(t *testing.T) {
	src := GenerateChain(50)
	if ds := LintASL("chain.asl.json", src, Options{}); ds.HasErrors() {
		t.Fatalf("generated chain has errors:\n%s", ds.Errors().Error())
	}
}

// BenchmarkLint lints a generated 2,000-state definition.
func BenchmarkLint(b *testing.B) {
	src := GenerateChain(2000)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		LintASL("chain.asl.json", src, Options{})
	}
}
