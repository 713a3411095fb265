"""Start-up and memory figures of the provider binary (issue 9 section 4); run by scripts/bench.sh.

    python3 scripts/bench_startup.py [N] [--no-terraform] [BINARY ...]

Per binary (default: the e2e provider binary):
- N launches the way Terraform makes them (magic cookie, protocol 6, a client certificate for AutoMTLS), each
  measured from just before exec until the handshake line is on stdout: wall time, and the CPU time the process's
  threads used until then (schedstat; barely moved by other work on a shared machine). At the handshake the number
  of shared objects mapped (/proc/PID/maps) and VmHWM are read, then the process gets SIGTERM.
- unless --no-terraform, N/4 (at least 3) rounds of real Terraform runs: `terraform validate` (the schema
  launches) and `terraform apply` of tests/bench/gcnet (one hub, against a local moto; plan and apply launches),
  then destroy (not counted). Terraform starts the provider through a wrapper that runs it under GNU time, so the
  peak RSS of every launch is exact (the kernel's maxrss at exit, not a poll).
Prints medians (and min-max) plus the stripped size as markdown tables. With several binaries the runs alternate,
so that a machine shared with other work loads them alike. Quiet machine preferred: all of it is time or memory.
"""

import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import gcnet_e2e as e2e  # noqa: E402


def client_cert(tmp):
    key, crt = os.path.join(tmp, "c.key"), os.path.join(tmp, "c.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key, "-out", crt, "-days", "1", "-subj", "/O=HashiCorp/CN=localhost"],
                   check=True, capture_output=True)
    with open(crt, encoding="ascii") as fh:
        return fh.read()


def status_kib(pid, field):
    with open("/proc/%d/status" % pid) as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def mapped_objects(pid):
    paths = set()
    with open("/proc/%d/maps" % pid) as fh:
        for line in fh:
            parts = line.split(None, 5)
            if len(parts) == 6 and ".so" in os.path.basename(parts[5].strip()):
                paths.add(parts[5].strip())
    return len(paths)


def cpu_seconds(pid):
    """CPU time the process's threads have run so far (/proc/PID/task/*/schedstat, ns): unlike wall time, barely
    moved by other work on a shared machine."""
    total = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as fh:
                total += int(fh.read().split()[0])
        except OSError:
            pass
    return total / 1e9


def launch(binary, env):
    """(seconds from exec to the handshake line, CPU seconds until then, shared objects mapped, VmHWM KiB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        fd, buf = proc.stdout.fileno(), b""
        while b"\n" not in buf:
            ready, _, _ = select.select([fd], [], [], 15.0)
            chunk = os.read(fd, 4096) if ready else b""
            if not chunk:
                raise SystemExit("bench_startup: %s gave no handshake line" % binary)
            buf += chunk
        seconds = time.perf_counter() - t0
        if not buf.startswith(b"1|6|unix|"):
            raise SystemExit("bench_startup: unexpected handshake %r" % buf)
        return seconds, cpu_seconds(proc.pid), mapped_objects(proc.pid), status_kib(proc.pid, "VmHWM")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def stripped_size(path):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "s")
        subprocess.run(["strip", "-o", out, path], check=True)
        return os.path.getsize(out)


def measure(binaries, n):
    """{binary: {"handshake": [s], "cpu": [s], "objects": [n], "hwm": [KiB]}} over n alternating rounds."""
    with tempfile.TemporaryDirectory(prefix="gcnet-startup-") as tmp:
        env = e2e.clean_env({"TMPDIR": tmp, "TF_PLUGIN_MAGIC_COOKIE": e2e.MAGIC_COOKIE,
                             "PLUGIN_PROTOCOL_VERSIONS": "6", "PLUGIN_CLIENT_CERT": client_cert(tmp)})
        env.pop("TF_IN_AUTOMATION", None)
        out = {b: {"handshake": [], "cpu": [], "objects": [], "hwm": []} for b in binaries}
        for b in binaries:
            launch(b, env)  # warm the page cache
        for i in range(n):
            for b in (binaries if i % 2 == 0 else binaries[::-1]):
                s, cpu, objs, hwm = launch(b, env)
                out[b]["handshake"].append(s)
                out[b]["cpu"].append(cpu)
                out[b]["objects"].append(objs)
                out[b]["hwm"].append(hwm)
        return out


def _wrapper_dir(tmp, binary, rss_file):
    """A dev_overrides directory whose terraform-provider-gcnet runs `binary` under GNU time: each launch appends its
    maxrss (KiB) to rss_file when it exits (Terraform stops a plugin with the Shutdown RPC, so it does exit)."""
    d = tempfile.mkdtemp(prefix="wrap-", dir=tmp)
    path = os.path.join(d, e2e.PROVIDER_BIN_NAME)
    with open(path, "w") as fh:
        fh.write("#!/bin/sh\nexec /usr/bin/time -a -o '%s' -f %%M '%s' \"$@\"\n" % (rss_file, binary))
    os.chmod(path, 0o755)
    return d


def _launch_peaks(rss_file):
    with open(rss_file) as fh:
        peaks = [int(line) for line in fh if line.strip().isdigit()]
    os.truncate(rss_file, 0)
    return peaks


def terraform_peaks(binaries, rounds):
    """{binary: {"validate": [KiB], "apply": [KiB], "launches": {...}}}: per round the largest maxrss of the
    provider launches of `terraform validate`, and of `terraform apply` (create) of one hub against moto."""
    if not os.access("/usr/bin/time", os.X_OK):
        raise SystemExit("bench_startup: /usr/bin/time (GNU time) is needed for the peak RSS of Terraform runs")
    out = {b: {"validate": [], "apply": [], "launches": {"validate": 0, "apply": 0}} for b in binaries}
    main_tf = os.path.join(e2e.REPO, "tests", "bench", "gcnet", "main.tf")
    moto = e2e.Moto().start()
    with tempfile.TemporaryDirectory(prefix="gcnet-startup-tf-") as tmp:
        try:
            wds = {}
            for i, b in enumerate(binaries):
                rss_file = os.path.join(tmp, "rss-%d" % i)
                open(rss_file, "w").close()
                wd = e2e.TfWorkdir(moto=moto, prefix="gcnet-startup-",
                                   dev_override_dir=_wrapper_dir(tmp, b, rss_file))
                shutil.copy(main_tf, wd.path)
                wds[b] = (wd, rss_file)
            for r in range(rounds):
                for b in (binaries if r % 2 == 0 else binaries[::-1]):
                    wd, rss_file = wds[b]
                    for step, args in (("validate", ("validate", "-no-color")),
                                       ("apply", ("apply", "-auto-approve", "-input=false", "-no-color"))):
                        res = wd.tf(*args)
                        if res.rc != 0:
                            raise SystemExit("bench_startup: terraform %s failed\n%s" % (step, res))
                        peaks = _launch_peaks(rss_file)
                        out[b][step].append(max(peaks) if peaks else 0)
                        out[b]["launches"][step] = len(peaks)
                    res = wd.tf("destroy", "-auto-approve", "-input=false", "-no-color")
                    if res.rc != 0:
                        raise SystemExit("bench_startup: terraform destroy failed\n%s" % res)
                    _launch_peaks(rss_file)
            for wd, _ in wds.values():
                wd.cleanup()
        finally:
            moto.stop()
    return out


def spread(values, fmt):
    return "%s (%s–%s)" % (fmt(statistics.median(values)), fmt(min(values)), fmt(max(values)))


def main(argv):
    args = argv[1:]
    with_terraform = "--no-terraform" not in args
    args = [a for a in args if a != "--no-terraform"]
    n = int(args[0]) if args else 40
    binaries = [os.path.abspath(b) for b in args[1:]] or [e2e.provider_binary()]
    res = measure(binaries, n)
    ms = lambda v: "%.1f ms" % (v * 1000.0)  # noqa: E731
    mib = lambda v: "%.1f MiB" % (v / 1024.0)  # noqa: E731
    print()
    print("Start-up: median (min–max) of %d launches per binary, alternating; exec to handshake line, with AutoMTLS; "
          "load average %.1f (wall times grow with it, CPU times barely)." % (n, os.getloadavg()[0]))
    print()
    print("| binary | exec → handshake | CPU until handshake | shared objects mapped | VmHWM at handshake "
          "| stripped size |")
    print("|---|---|---|---|---|---|")
    for b in binaries:
        r = res[b]
        print("| %s | %s | %s | %d | %s | %.2f MiB |" % (
            os.path.relpath(b), spread(r["handshake"], ms), spread(r["cpu"], ms), statistics.median(r["objects"]),
            spread(r["hwm"], mib), stripped_size(b) / 1048576.0))
    if not with_terraform:
        return
    rounds = max(3, n // 4)
    tf = terraform_peaks(binaries, rounds)
    print()
    print("Peak RSS of the provider under Terraform: median (min–max) over %d rounds of the largest maxrss of the "
          "launches of one command (one hub against moto)." % rounds)
    print()
    print("| binary | `terraform validate` (schema launches) | `terraform apply` (create) |")
    print("|---|---|---|")
    for b in binaries:
        t = tf[b]
        print("| %s | %s, %d launches | %s, %d launches |" % (
            os.path.relpath(b), spread(t["validate"], mib), t["launches"]["validate"], spread(t["apply"], mib),
            t["launches"]["apply"]))


if __name__ == "__main__":
    main(sys.argv)

