// Package atomicfile writes files so that a reader never sees half of one:
// the data goes to a temporary file in the same directory, which is synced
// and then renamed over the target. A failed write leaves the old file as
// it was.
//
// What is already at the path is respected: a symbolic link is followed (the
// file it points to is replaced, the link stays), an existing file keeps its
// permissions, and a device or named pipe (/dev/null, /dev/stdout, a FIFO)
// is written to directly, since it cannot be replaced.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Pending is a file written to its temporary name, not yet in place.
type Pending struct {
	target string
	tmp    string // "" when the target is written directly
}

// WriteFile writes data to path atomically. perm applies to a new file; an
// existing file keeps its own permissions.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	p, err := Prepare(path, data, perm)
	if err != nil {
		return err
	}
	return p.Commit()
}

// Prepare writes data next to path under a temporary name, ready for
// Commit. Preparing every output first and committing them after lets a
// command that writes several files write none when one of them fails.
// A device or named pipe is written to at once, as it cannot be replaced.
func Prepare(path string, data []byte, perm os.FileMode) (*Pending, error) {
	target, err := resolve(path)
	if err != nil {
		return nil, err
	}
	var existing os.FileInfo
	if st, err := os.Stat(target); err == nil {
		switch {
		case st.IsDir():
			return nil, fmt.Errorf("cannot write %s: it is a directory", path)
		case !st.Mode().IsRegular():
			return &Pending{target: target}, writeDirect(target, data)
		}
		// Replacing by rename needs only the directory's permission; a
		// file its user may not write must stay as it is all the same.
		if err := syscall.Access(target, 2 /* W_OK */); err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", path, err)
		}
		perm, existing = st.Mode().Perm(), st
	}
	dir := filepath.Dir(target)
	if st, statErr := os.Stat(dir); statErr != nil {
		return nil, fmt.Errorf("cannot write %s: directory %s does not exist", path, dir)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("cannot write %s: %s is not a directory", path, dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	fail := func(err error) (*Pending, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fail(err)
	}
	keepOwner(tmp, existing)
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	return &Pending{target: target, tmp: tmp.Name()}, nil
}

// Commit renames the temporary file over the target.
func (p *Pending) Commit() error {
	if p.tmp == "" {
		return nil
	}
	if err := os.Rename(p.tmp, p.target); err != nil {
		os.Remove(p.tmp)
		return fmt.Errorf("cannot write %s: %w", p.target, unwrapPath(err))
	}
	return nil
}

// Abort removes the temporary file; the target is left as it was.
func (p *Pending) Abort() {
	if p.tmp != "" {
		os.Remove(p.tmp)
	}
}

// keepOwner gives the new file the owner and group of the one it replaces,
// where the process may (root may; others already own what they write).
func keepOwner(f *os.File, existing os.FileInfo) {
	if existing == nil {
		return
	}
	if st, ok := existing.Sys().(*syscall.Stat_t); ok {
		_ = f.Chown(int(st.Uid), int(st.Gid)) // best effort: not permitted is fine
	}
}

// resolve follows symbolic links at path, so the link's target is what gets
// replaced. A link to a file that does not exist yet resolves to that name.
func resolve(path string) (string, error) {
	for range 40 {
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", fmt.Errorf("cannot write %s: too many levels of symbolic links", path)
}

func writeDirect(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	return f.Close()
}

// unwrapPath drops the *PathError wrapper, whose text repeats the
// temporary file's name.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
