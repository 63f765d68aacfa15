package arn

import "testing"

func TestIsStateMachineAndRegion(t *testing.T) {
	tests := []struct {
		s      string
		is     bool
		region string
	}{
		{"arn:aws:states:eu-west-1:123456789012:stateMachine:Trip", true, "eu-west-1"},
		{"arn:aws:states:eu-west-1:123456789012:stateMachine:Trip:3", true, "eu-west-1"},
		{"arn:aws:states:eu-west-1:123456789012:stateMachine:Trip:live", true, "eu-west-1"},
		{"arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Trip", true, "cn-north-1"},
		{"arn:aws:states:eu-west-1:123456789012:execution:Trip:run1", false, "eu-west-1"},
		{"arn:aws:lambda:eu-west-1:123456789012:function:f", false, "eu-west-1"},
		{"arn:aws:states::123456789012:stateMachine:Trip", false, ""},
		{"arn:aws:states:eu-west-1:123456789012:stateMachine:", false, "eu-west-1"},
		{"arn:aws:states:eu-west-1:123456789012:stateMachine:Trip:3:x", false, "eu-west-1"},
		{"HEAD:sagas/trip.saga", false, ""},
		{"trip.saga", false, ""},
	}
	for _, tt := range tests {
		if got := IsStateMachine(tt.s); got != tt.is {
			t.Errorf("IsStateMachine(%q) = %v, want %v", tt.s, got, tt.is)
		}
		if got := Region(tt.s); got != tt.region {
			t.Errorf("Region(%q) = %q, want %q", tt.s, got, tt.region)
		}
	}
}
