"""Runs a command N times; prints the median wall time (ms) and the peak
resident memory (MiB) of the runs. Usage: measure.py N command [args...]"""
import resource
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
cmd = sys.argv[2:]
walls = []
for _ in range(runs):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    walls.append((time.perf_counter() - start) * 1000)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        sys.exit(f"{cmd[0]} exited {proc.returncode}")
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{statistics.median(walls):.1f} {peak_kib / 1024:.1f}")
