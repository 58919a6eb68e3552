#!/usr/bin/env python3
"""`make bench`: quire beside Hugo, pandoc and the cmark-gfm + gzip floor.

Every row runs several times in this one run and reports the median, so the
ratios hold even where absolute times drift between machines. quire's and
Hugo's full builds take turns (quire, quire HTML only, hugo, quire, ...) so
that all see the same load on a shared machine. A row whose tool or corpus is
missing says so and the rest still run.

Peak memory is the largest sum of the proportional set sizes (PSS) of a
command and all its descendants, sampled every 10 ms: quire converts in
worker processes, whose memory counts, but the Swift libraries they share
with quire count once, as they take memory once. For a single process PSS
is its resident size less its share of libraries other programs also map.
Sampling costs processor time (each sample walks the page tables of every
process in the tree: about 1 ms, so a tenth of a core), so the timed runs
are not sampled: each row's memory comes from one more run of its own.

Every full build writes into fresh folders, and nothing is deleted until
the end: deleting thousands of files makes ext4 (without a journal, as
here) scan its recently deleted inodes on every file created for half a
minute after, which would be a cost of the benchmark, not of quire (a
one-post build measured 42 ms of work right after such a deletion, 29 ms
without).
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, threading, time, pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
QUIRE = ROOT / ".build" / "release" / "quire"
CORPUS = pathlib.Path(os.environ.get("QUIRE_CORPUS", ROOT.parent / "shared" / "corpus" / "nodejs-blog"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PANDOC_SAMPLE = int(os.environ.get("BENCH_PANDOC_POSTS", "8"))
SAVES = int(os.environ.get("BENCH_SAVES", "60"))
FORMATS = ("html", "epub", "text")
# When the last run deleted its folders (see `settle_after_last_run`).
CLEANED = pathlib.Path(tempfile.gettempdir()) / "quire-bench-cleaned"
# ext4 skips inodes freed in the last 60 s, 360 s while their inode table
# block is still dirty (fs/ext4/ialloc.c, `recently_deleted`).
RECENTLY_DELETED = 360

rows = []  # (tool, work, seconds or None, peak MB or None, note)
SUMMARY = re.compile(r"built (\d+), unchanged (\d+), removed (\d+), failed (\d+) in (\d+) ms")


class Run:
    """One command's wall time, processor time, peak memory and output."""
    def __init__(self, wall, cpu, mb, stdout):
        self.wall, self.cpu, self.mb, self.stdout = wall, cpu, mb, stdout

    def summary(self):
        """quire's own last line: (built, unchanged, failed, milliseconds)."""
        m = SUMMARY.search(self.stdout or "")
        return (int(m.group(1)), int(m.group(2)), int(m.group(4)), int(m.group(5))) if m else None


def tree_pss_kb(pid):
    """Proportional set size (kB) of `pid` and every descendant, from
    /proc: each shared page counts once in the sum, so quire's workers are
    not charged three times for the Swift libraries they share."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            pass
    return total


def run(cmd, cwd=None, stdin=None, capture=False, sample=False):
    """Runs `cmd`; its wall time, processor time (with its reaped
    descendants'), its output, and with `sample` the peak memory of its
    process tree (else the kernel's high-water mark of its largest process).

    Every run starts after a `sync`, as `hyperfine --prepare sync` would:
    quire makes its outputs durable with one `syncfs`, which waits for all
    the file system's dirty data, so without it quire's time would include
    writing back the previous command's outputs (Hugo's, which it never
    flushes itself)."""
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=stdin,
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()
    streams = {}

    def sampler():
        while not done.is_set():
            peak[0] = max(peak[0], tree_pss_kb(proc.pid))
            done.wait(0.01)

    def drain(name, stream):
        streams[name] = stream.read()
    threads = [threading.Thread(target=drain, args=("err", proc.stderr))]
    if sample:
        threads.append(threading.Thread(target=sampler, daemon=True))
    if capture:
        threads.append(threading.Thread(target=drain, args=("out", proc.stdout)))
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    for t in threads:
        t.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {streams.get('err', b'').decode()[-400:]}")
    # A process too short-lived to be sampled (a cmark or pandoc run may
    # be) falls back on the kernel's resident high-water mark.
    mb = (peak[0] or usage.ru_maxrss) / 1024.0
    out = streams["out"].decode() if capture else None
    return Run(wall, usage.ru_utime + usage.ru_stime, mb, out)


def median(runs, key):
    return statistics.median(key(r) for r in runs)


def posts():
    return sorted(p for p in CORPUS.rglob("*.md"))


def quire_config(work, source, name, formats=FORMATS):
    out = work / name
    config = work / f"{name}.yaml"
    config.write_text(
        f"source: {source}\n"
        f"state: {out / 'state'}\n"
        f"targets:\n" + "".join(f"  - {{ format: {f}, path: {out / f} }}\n" for f in formats))
    return config, out


def quire_help():
    return subprocess.run([str(QUIRE), "--help"], capture_output=True, text=True).stdout


def snapshot(folder):
    """Every file below `folder` with its inode and modification time."""
    seen = {}
    for dirpath, _, files in os.walk(folder):
        for name in files:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            seen[p] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return seen


def changed_files(before, after):
    return sorted(p for p in after if before.get(p) != after[p]) + sorted(p for p in before if p not in after)


def full_builds(work, source):
    """quire's full builds (every format, then HTML alone, Hugo's work)
    and Hugo's, taking turns; appends their rows."""
    site = prepare_hugo(work) if shutil.which("hugo") else None
    quire_runs, html_runs, hugo_runs, last = [], [], [], None
    for i in range(RUNS):
        config, out = quire_config(work, source, f"full-{i}")
        quire_runs.append(run([str(QUIRE), "build", "--quiet", "--config", str(config)], capture=True))
        last = (config, out)
        html_config, _ = quire_config(work, source, f"html-{i}", formats=("html",))
        html_runs.append(run([str(QUIRE), "build", "--quiet", "--config", str(html_config)], capture=True))
        if site:
            hugo_runs.append(run(["hugo", "--quiet", "-s", str(site), "-d", str(work / f"hugo-public-{i}")]))
    config, out = last
    # Memory from one more build of each, sampled (see the top of the file).
    mem_config, _ = quire_config(work, source, "full-memory")
    quire_mb = run([str(QUIRE), "build", "--quiet", "--config", str(mem_config)], sample=True).mb
    hugo_mb = run(["hugo", "--quiet", "-s", str(site), "-d", str(work / "hugo-public-memory")], sample=True).mb if site else None
    made = {f: sum(1 for p in (out / f).rglob("*") if p.is_file()) for f in FORMATS if (out / f).is_dir()}
    formats = ", ".join(f"{f} {n}" for f, n in made.items() if n)
    missing = [f for f in FORMATS if not made.get(f)]
    note = f"{len(posts())} posts; files: {formats}"
    if missing:
        note += f"; no {'/'.join(missing)} output in this build"
    work_ms = median(quire_runs, lambda r: r.summary()[3] if r.summary() else 0)
    rows.append(("quire", f"full build, {sum(1 for n in made.values() if n)} formats",
                 median(quire_runs, lambda r: r.wall), quire_mb,
                 f"{note}; {median(quire_runs, lambda r: r.cpu):.2f} s processor (all processes)"))
    html = median(html_runs, lambda r: r.wall)
    rows.append(("quire", "full build, HTML only", html, None,
                 f"Hugo's work: the same posts, pages only; {median(html_runs, lambda r: r.cpu):.2f} s processor"))
    hugo = None
    if site:
        pages = sum(1 for _ in (work / f"hugo-public-{RUNS - 1}").rglob("index.html"))
        hugo = median(hugo_runs, lambda r: r.wall)
        rows.append(("hugo", "HTML only", hugo, hugo_mb,
                     f"Debian hugo {hugo_version()}, minimal site, {pages} pages; "
                     f"{median(hugo_runs, lambda r: r.cpu):.2f} s processor"))
    else:
        rows.append(("hugo", "HTML only", None, None, "hugo missing"))
    return median(quire_runs, lambda r: r.wall), html, hugo, config, out


def hugo_version():
    v = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    m = re.search(r"v(\d+\.\d+\.\d+)", v)
    return m.group(1) if m else "?"


def prepare_hugo(work):
    site = work / "hugo-site"
    shutil.copytree(CORPUS, site / "content" / "blog")
    (site / "config.toml").write_text(
        'baseURL = "https://example.com/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        '[markup.goldmark.renderer]\nunsafe = true\n')
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    page = '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n'
    (layouts / "single.html").write_text(page)
    (layouts / "list.html").write_text(page)
    return site


def bench_quire_and_hugo():
    if not CORPUS.is_dir():
        rows.append(("quire", "full build", None, None, "corpus missing"))
        rows.append(("hugo", "HTML only", None, None, "corpus missing"))
        return None, None, None
    work = pathlib.Path(tempfile.mkdtemp(prefix="quire-bench-"))
    try:
        source = work / "posts"
        shutil.copytree(CORPUS, source)
        if " build " not in quire_help() and "\n  build" not in quire_help():
            rows.append(("quire", "full build", None, None, "no `quire build` in this quire"))
            return None, None, None
        full, html, hugo, config, out = full_builds(work, source)
        bench_noop(config, out)
        bench_book_vs_page(work, source)
        victim, outputs = bench_one_change(config, out, source)
        bench_watch(config, victim, outputs)
        if (work / "hugo-site").is_dir():
            bench_hugo_watch(work / "hugo-site")
        return full, html, hugo
    finally:
        shutil.rmtree(work, ignore_errors=True)
        CLEANED.write_text(f"{time.time()}\n")


def bench_noop(config, out):
    before = snapshot(out)
    runs = [run([str(QUIRE), "build", "--quiet", "--config", str(config)], capture=True) for _ in range(RUNS)]
    mb = run([str(QUIRE), "build", "--quiet", "--config", str(config)], sample=True).mb
    written = changed_files(before, snapshot(out))
    work = median(runs, lambda r: r.summary()[3] if r.summary() else 0)
    rows.append(("quire", "no-op rebuild", median(runs, lambda r: r.wall), mb,
                 f"{work:.0f} ms of work; {len(written)} files written (outputs and state); target < 0.2 s, 0 files"))


def bench_book_vs_page(work, source):
    """A book beside its page (issue 3): `quire convert` to each format
    alone, one worker, into fresh folders."""
    if "--jobs" not in subprocess.run([str(QUIRE), "convert", "--help"], capture_output=True, text=True).stdout:
        return
    for fmt in ("html", "epub"):
        runs = [run([str(QUIRE), "convert", str(source), "--to", fmt, "-o", str(work / f"one-{fmt}-{i}"), "--jobs", "1"])
                for i in range(RUNS)]
        mb = run([str(QUIRE), "convert", str(source), "--to", fmt, "-o", str(work / f"one-{fmt}-memory"), "--jobs", "1"],
                 sample=True).mb
        rows.append(("quire", f"convert --to {fmt}, one worker", median(runs, lambda r: r.wall), mb,
                     f"{median(runs, lambda r: r.cpu):.2f} s processor; the book's cost beside the page's"))


def bench_one_change(config, out, source):
    victim = sorted(source.rglob("*.md"))[len(posts()) // 2]
    runs, outputs = [], set()
    for i in range(RUNS):
        before = snapshot(out)
        with open(victim, "a") as f:
            f.write(f"\nEdit {i}.\n")
        r = run([str(QUIRE), "build", "--quiet", "--config", str(config)], capture=True)
        built = r.summary()
        if not built or built[0] != 1:
            raise RuntimeError(f"one changed post: expected `built 1`, got {r.stdout!r}")
        runs.append(r)
        outputs |= {p for p in changed_files(before, snapshot(out)) if "/state/" not in p}
    with open(victim, "a") as f:
        f.write("\nEdit for the memory run.\n")
    mb = run([str(QUIRE), "build", "--quiet", "--config", str(config)], capture=True, sample=True).mb
    work = median(runs, lambda r: r.summary()[3])
    rows.append(("quire", "one post changed (work)", work / 1000, None,
                 f"quire's own figure; target < 20 ms; {len(outputs)} outputs replaced"))
    rows.append(("quire", "one post changed (process)", median(runs, lambda r: r.wall), mb,
                 "whole `quire build`, start-up and worker start included"))
    return victim, sorted(outputs)


def find_containing(folder, marker, suffix=".html"):
    """The output file that holds `marker` (how a post's page is found
    without knowing the tool's permalink rules)."""
    for path in pathlib.Path(folder).rglob("*" + suffix):
        try:
            if marker in path.read_text(errors="ignore"):
                return path
        except OSError:
            pass
    return None


def file_states(outputs):
    out = []
    for o in outputs:
        try:
            st = os.stat(o)
            out.append((st.st_ino, st.st_mtime_ns))
        except FileNotFoundError:
            out.append(None)
    return out


def watch_latency(cmd, victim, outputs_for, cwd=None):
    """Save-to-published latency of a watcher: append to `victim`, wait until
    every output file of the post is replaced (a new inode or modification
    time). `outputs_for(marker)` names them after an untimed warm-up save
    (which also waits out the watcher's start-up). Sorted seconds."""
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log)
    watch_latency.log = b""
    try:
        outputs = None
        start = time.perf_counter()
        while not outputs and time.perf_counter() - start < 120:
            time.sleep(0.5)
            marker = f"warm-up-{time.monotonic_ns()}"
            with open(victim, "a") as f:
                f.write(f"\n{marker}\n")
            time.sleep(1.5)
            outputs = outputs_for(marker)
        if not outputs:
            return [], 0
        latencies = []
        for i in range(SAVES):
            before = file_states(outputs)
            with open(victim, "a") as f:
                f.write(f"\nWatched edit {i}.\n")
            start = time.perf_counter()
            deadline = start + 5
            while time.perf_counter() < deadline:
                if all(a != b for a, b in zip(before, file_states(outputs))):
                    latencies.append(time.perf_counter() - start)
                    break
                time.sleep(0.0005)
            time.sleep(0.15)
        return sorted(latencies), len(outputs)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.seek(0)
        watch_latency.log = log.read()
        log.close()


def latency_row(name, work, latencies, note=""):
    if latencies:
        # Nearest rank: with 60 saves the 99th percentile is the largest.
        p99 = latencies[min(len(latencies) - 1, max(0, -(-99 * len(latencies) // 100) - 1))]
        rows.append((name, work + ", median", statistics.median(latencies), None,
                     f"p99 {p99 * 1000:.0f} ms over {len(latencies)} of {SAVES} saves{note}"))
    else:
        rows.append((name, work, None, None, "no output changed"))


def bench_watch(config, victim, outputs):
    """Save-to-published latency of `quire watch`: every output of the post
    (found by the one-post-change row) replaced."""
    if "watch" not in quire_help():
        rows.append(("quire watch", "save -> outputs", None, None, "no `quire watch` in this quire"))
        return
    if not outputs:
        rows.append(("quire watch", "save -> outputs", None, None, "the post has no outputs"))
        return
    latencies, n = watch_latency([str(QUIRE), "watch", "--config", str(config)], victim, lambda marker: outputs)
    # The daemon's own figure per save: `published <post> (...) in N ms`,
    # from the settled change to the post's files in place.
    own = [int(m) for m in re.findall(rb"published .* in (\d+) ms", watch_latency.log)][-len(latencies):] if latencies else []
    work = f"; {statistics.median(own):.0f} ms of work (the daemon's own figure, median)" if own else ""
    latency_row("quire watch", f"save -> {n} outputs", latencies,
                f"; debounce included{work}; target median < 100 ms, p99 < 200 ms")


def bench_hugo_watch(site):
    """Hugo's own watcher (`hugo --watch`) on the same post: save -> its page."""
    victim = sorted((site / "content").rglob("*.md"))[len(posts()) // 2]
    public = site / "public-watch"
    latencies, _ = watch_latency(["hugo", "--watch", "--quiet", "-s", str(site), "-d", str(public)], victim,
                                 lambda marker: (lambda page: [page] if page else None)(find_containing(public, marker)))
    latency_row("hugo --watch", "save -> HTML page", latencies)


def bench_pandoc():
    if not shutil.which("pandoc") or not CORPUS.is_dir():
        rows.append(("pandoc", "HTML + EPUB + text", None, None, "pandoc or corpus missing"))
        return None
    all_posts = posts()
    step = max(1, len(all_posts) // PANDOC_SAMPLE)
    sample = all_posts[::step][:PANDOC_SAMPLE]
    out = pathlib.Path(tempfile.mkdtemp(prefix="pandoc-bench-"))
    total = 0.0
    peak = 0.0
    for p in sample:
        for fmt, ext in (("html5", "html"), ("epub3", "epub"), ("plain", "txt")):
            args = ["pandoc", "-f", "gfm", "-t", fmt, "-s", str(p), "-o", str(out / f"{p.stem}.{ext}")]
            if fmt != "epub3":
                args += ["--metadata", f"title={p.stem}"]
            r = run(args)
            total += r.wall
            peak = max(peak, r.mb)  # one process: its resident high-water mark
    per_post = total / len(sample)
    rows.append(("pandoc", "HTML + EPUB + text, per post", per_post, peak,
                 f"{len(sample)} posts; x{len(all_posts)} = {per_post * len(all_posts):.0f} s for the corpus"))
    shutil.rmtree(out, ignore_errors=True)
    return per_post


def cmark_per_post_seconds():
    """libcmark-gfm itself, post by post in one process (through ctypes):
    each post parsed with the extensions quire uses and rendered with
    cmark's own HTML renderer, as quire parses each post. Wall time of
    the library calls only (the files are read before); the fastest of 3.
    None when the library is missing."""
    import ctypes
    try:
        core = ctypes.CDLL("libcmark-gfm.so.0.29.0.gfm.6")
        ext = ctypes.CDLL("libcmark-gfm-extensions.so.0.29.0.gfm.6")
    except OSError:
        return None
    libc, P = ctypes.CDLL(None), ctypes.c_void_p
    ext.cmark_gfm_core_extensions_ensure_registered.restype = None
    core.cmark_parser_new.restype, core.cmark_parser_new.argtypes = P, [ctypes.c_int]
    core.cmark_find_syntax_extension.restype, core.cmark_find_syntax_extension.argtypes = P, [ctypes.c_char_p]
    core.cmark_parser_attach_syntax_extension.argtypes = [P, P]
    core.cmark_parser_feed.restype, core.cmark_parser_feed.argtypes = None, [P, ctypes.c_char_p, ctypes.c_size_t]
    core.cmark_parser_finish.restype, core.cmark_parser_finish.argtypes = P, [P]
    core.cmark_parser_get_syntax_extensions.restype, core.cmark_parser_get_syntax_extensions.argtypes = P, [P]
    core.cmark_render_html.restype, core.cmark_render_html.argtypes = P, [P, ctypes.c_int, P]
    core.cmark_node_free.argtypes = core.cmark_parser_free.argtypes = libc.free.argtypes = [P]
    ext.cmark_gfm_core_extensions_ensure_registered()
    extensions = [core.cmark_find_syntax_extension(n) for n in (b"table", b"strikethrough", b"autolink", b"tagfilter", b"tasklist")]
    footnotes, unsafe = 1 << 13, 1 << 17  # CMARK_OPT_FOOTNOTES, CMARK_OPT_UNSAFE
    texts = [p.read_bytes() for p in posts()]

    def once():
        start = time.perf_counter()
        for text in texts:
            parser = core.cmark_parser_new(footnotes | unsafe)
            for extension in extensions:
                core.cmark_parser_attach_syntax_extension(parser, extension)
            core.cmark_parser_feed(parser, text, len(text))
            document = core.cmark_parser_finish(parser)
            libc.free(core.cmark_render_html(document, unsafe, core.cmark_parser_get_syntax_extensions(parser)))
            core.cmark_node_free(document)
            core.cmark_parser_free(parser)
        return time.perf_counter() - start
    return min(once() for _ in range(3))


def bench_floor():
    """The floor of issue 7: cmark-gfm over the Markdown plus gzip -6 over
    it. The `cmark-gfm` command can only take the posts as one document,
    and over one 18 MB document its autolink and footnote passes cost
    about three times the parse itself, which no post-by-post converter
    pays: the floor the ratio uses is the library post by post, and the
    command's row stays for the record."""
    if not shutil.which("cmark-gfm") or not CORPUS.is_dir():
        rows.append(("floor", "cmark-gfm + gzip -6", None, None, "cmark-gfm or corpus missing"))
        return None
    blob = tempfile.NamedTemporaryFile(delete=False)
    for p in posts():
        blob.write(p.read_bytes())
    blob.close()
    exts = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist", "-e", "footnotes"]

    def piped(cmd):
        with open(blob.name, "rb") as f:
            return run(cmd, stdin=f)
    cmark = [piped(["cmark-gfm"] + exts) for _ in range(3)]
    gzip = [piped(["gzip", "-6"]) for _ in range(3)]
    c, g = median(cmark, lambda r: r.wall), median(gzip, lambda r: r.wall)
    per_post = cmark_per_post_seconds()
    rows.append(("floor", "cmark-gfm command (parse + HTML)", c, max(r.mb for r in cmark),
                 "all posts concatenated into one document, one process"))
    rows.append(("floor", "libcmark-gfm post by post (parse + HTML)", per_post, None,
                 "each post its own document, one process (ctypes), fastest of 3" if per_post else "libcmark-gfm missing"))
    rows.append(("floor", "gzip -6", g, max(r.mb for r in gzip), "the same bytes"))
    os.unlink(blob.name)
    return (per_post if per_post else c) + g


def fmt_time(t):
    if t is None:
        return "—"
    if t < 0.01:
        return f"{t * 1000:.1f} ms"
    return f"{t * 1000:.0f} ms" if t < 1 else f"{t:.2f} s"


def machine():
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}), Linux {os.uname().release}"


def settle_after_last_run():
    """A run deletes tens of thousands of files at its end. On ext4
    without a journal (as here) every file created in the next minutes
    walks past the freed inodes first: the first full builds of a second
    run took 1.3-2.0 s instead of 1.1 s, with three times the system time,
    and Hugo suffered alike. So a run waits until the last one's deletions
    are old enough (BENCH_NO_WAIT=1 to skip)."""
    if os.environ.get("BENCH_NO_WAIT") == "1" or not CLEANED.exists():
        return
    try:
        left = float(CLEANED.read_text()) + RECENTLY_DELETED - time.time()
    except ValueError:
        return
    if left > 0:
        print(f"waiting {left:.0f} s: the last run deleted its files less than {RECENTLY_DELETED} s ago", flush=True)
        time.sleep(left)


def main():
    if not QUIRE.exists():
        sys.exit("build first: make release")
    settle_after_last_run()
    load_before = os.getloadavg()[0]
    quire, html, hugo = bench_quire_and_hugo()
    pandoc = bench_pandoc()
    floor = bench_floor()
    load_after = os.getloadavg()[0]

    print(f"\nquire benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {machine()}")
    print(f"medians of {RUNS} runs; load average {load_before:.1f} before, {load_after:.1f} after\n")
    print("| tool | work | time | peak memory | note |")
    print("|---|---|---|---|---|")
    for name, work, t, mb, note in rows:
        mem = f"{mb:.0f} MB" if mb else "—"
        print(f"| {name} | {work} | {fmt_time(t)} | {mem} | {note} |")
    print()
    if quire and hugo:
        print(f"quire (all formats) / hugo (HTML): {quire / hugo:.2f}  (target <= 0.5)")
    if html and hugo:
        print(f"quire (HTML) / hugo (HTML):        {html / hugo:.2f}  (the same work)")
    if quire and pandoc and CORPUS.is_dir():
        per_post = quire / len(posts())
        print(f"pandoc / quire, per post:          {pandoc / per_post:.0f}x  (target >= 200x)")
    if quire and floor:
        print(f"quire / floor (cmark post by post + gzip): {quire / floor:.2f}  (target <= 2)")


if __name__ == "__main__":
    main()
