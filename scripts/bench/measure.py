"""Runs a command N times; prints the median wall time (ms) and the peak
resident memory (MiB) of the command. Usage: measure.py N command [args...]

Memory comes from GNU time (/usr/bin/time, Debian package "time") run
separately: Python's own rusage of its children would count the forked
Python interpreter before it execs the command (about 14 MiB for anything,
even /bin/true)."""
import os
import shutil
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
cmd = sys.argv[2:]


def run(argv):
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        sys.exit(f"{argv[0]} exited {proc.returncode}")
    return proc


walls = []
for _ in range(runs):
    start = time.perf_counter()
    run(cmd)
    walls.append((time.perf_counter() - start) * 1000)

gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else shutil.which("gtime")
if gnu_time:
    peaks = []
    for _ in range(3):
        out = run([gnu_time, "-f", "maxrss=%M"] + cmd).stderr.decode(errors="replace")
        peaks.append(int(out.rsplit("maxrss=", 1)[1].split()[0]))
    peak = f"{max(peaks) / 1024:.1f}"
else:
    peak = "n/a"  # install GNU time (apt-get install time) for this column
print(f"{statistics.median(walls):.1f} {peak}")
