//go:build unix

package moto_test

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/moto"
)

// TestStopEndsTheProcessGroup starts a server of its own and checks that
// Stop leaves no process of it behind.
func TestStopEndsTheProcessGroup(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := moto.Start(ctx)
	engine.Require(t, err)
	pid := s.Pid()
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	// Signal 0 to the group: ESRCH once every member is gone.
	if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process group %d still has members after Stop (kill -0: %v)", pid, err)
	}
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}
