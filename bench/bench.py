#!/usr/bin/env python3
"""`make bench`: quire beside Hugo, pandoc and the cmark-gfm + gzip floor.

Every row runs several times in this one run and reports the median, so the
ratios hold even where absolute times drift between machines. A row whose
tool or corpus is missing says so and the rest still run.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time, pathlib, json

ROOT = pathlib.Path(__file__).resolve().parent.parent
QUIRE = ROOT / ".build" / "release" / "quire"
CORPUS = pathlib.Path(os.environ.get("QUIRE_CORPUS", ROOT.parent / "shared" / "corpus" / "nodejs-blog"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PANDOC_SAMPLE = int(os.environ.get("BENCH_PANDOC_POSTS", "8"))
SAVES = int(os.environ.get("BENCH_SAVES", "40"))

rows = []  # (name, work, seconds or None, peak MB or None, note)


def timed(cmd, cwd=None, env=None, stdin=None, stdout=subprocess.DEVNULL):
    """Wall seconds and peak RSS (MB) of one command, through /usr/bin/time."""
    fmt = "%e %M"
    with tempfile.NamedTemporaryFile("r") as report:
        full = ["/usr/bin/time", "-o", report.name, "-f", fmt] + cmd
        start = time.perf_counter()
        proc = subprocess.run(full, cwd=cwd, env=env, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode()[-400:]}")
        fields = report.read().split()
        return wall, int(fields[-1]) / 1024.0


def median_of(runs, fn):
    results = [fn() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def posts():
    return sorted(p for p in CORPUS.rglob("*.md"))


def quire_config(work, source):
    config = work / "quire.yaml"
    config.write_text(
        f"source: {source}\n"
        f"state: {work / 'state'}\n"
        f"targets:\n"
        f"  - {{ format: html, path: {work / 'out' / 'html'} }}\n"
        f"  - {{ format: epub, path: {work / 'out' / 'epub'} }}\n"
        f"  - {{ format: text, path: {work / 'out' / 'text'} }}\n")
    return config


def has_build():
    out = subprocess.run([str(QUIRE), "--help"], capture_output=True, text=True).stdout
    return " build " in out or "\n  build" in out


def bench_quire():
    if not CORPUS.is_dir():
        rows.append(("quire", "full build, 3 formats", None, None, "corpus missing"))
        return None
    work = pathlib.Path(tempfile.mkdtemp(prefix="quire-bench-"))
    source = work / "posts"
    shutil.copytree(CORPUS, source)
    config = quire_config(work, source)
    if not has_build():
        def once():
            shutil.rmtree(work / "out", ignore_errors=True)
            return timed([str(QUIRE), "convert", str(source), "--to", "html,epub,text", "-o", str(work / "out")])
        t, mb = median_of(RUNS, once)
        rows.append(("quire", "convert, 3 formats (no `build` yet)", t, mb, ""))
        return t

    def clean():
        shutil.rmtree(work / "out", ignore_errors=True)
        shutil.rmtree(work / "state", ignore_errors=True)
        return timed([str(QUIRE), "build", "--quiet", "--config", str(config)])
    full, mb = median_of(RUNS, clean)
    rows.append(("quire", "full build, 3 formats", full, mb, f"{len(posts())} posts"))

    noop, mb2 = median_of(RUNS, lambda: timed([str(QUIRE), "build", "--quiet", "--config", str(config)]))
    rows.append(("quire", "no-op rebuild", noop, mb2, "target < 0.2 s"))

    # A book beside its page (issue 3): each format alone, one worker.
    for fmt in ("html", "epub"):
        def single():
            shutil.rmtree(work / "one", ignore_errors=True)
            return timed([str(QUIRE), "convert", str(source), "--to", fmt, "-o", str(work / "one"), "--jobs", "1"])
        t, mbf = median_of(RUNS, single)
        rows.append(("quire", f"convert --to {fmt}, one worker", t, mbf, "the book's cost beside the page's"))

    victim = sorted(source.rglob("*.md"))[len(posts()) // 2]
    counter = [0]
    def one_change():
        counter[0] += 1
        with open(victim, "a") as f:
            f.write(f"\nEdit {counter[0]}.\n")
        return timed([str(QUIRE), "build", "--quiet", "--config", str(config)])
    change, mb3 = median_of(RUNS, one_change)
    rows.append(("quire", "one post changed", change, mb3, "whole process, start-up included"))
    bench_watch(work, config, victim)
    shutil.rmtree(work, ignore_errors=True)
    return full


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


def watch_latency(cmd, victim, outputs_for, cwd=None):
    """Save-to-published latency of a watcher: append to `victim`, wait until
    every output file of the post is replaced. `outputs_for(marker)` finds
    them after a first, untimed save. Returns sorted seconds."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        outputs = None
        start = time.perf_counter()
        while outputs is None and time.perf_counter() - start < 120:
            time.sleep(0.5)
            marker = f"warm-up-{time.monotonic_ns()}"
            with open(victim, "a") as f:
                f.write(f"\n{marker}\n")
            time.sleep(1.5)
            outputs = outputs_for(marker)
        if not outputs:
            return []
        latencies = []
        for i in range(SAVES):
            before = [o.stat().st_mtime_ns if o.exists() else 0 for o in outputs]
            with open(victim, "a") as f:
                f.write(f"\nWatched edit {i}.\n")
            start = time.perf_counter()
            deadline = start + 5
            while time.perf_counter() < deadline:
                now = [o.stat().st_mtime_ns if o.exists() else 0 for o in outputs]
                if all(a != b for a, b in zip(before, now)):
                    latencies.append(time.perf_counter() - start)
                    break
                time.sleep(0.001)
            time.sleep(0.15)
        return sorted(latencies)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def latency_row(name, work, latencies):
    if latencies:
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        rows.append((name, work + ", median", statistics.median(latencies), None,
                     f"p99 {p99 * 1000:.0f} ms over {len(latencies)} saves"))
    else:
        rows.append((name, work, None, None, "no output changed"))


def bench_watch(work, config, victim):
    """Save-to-published latency of `quire watch`: all three outputs replaced."""
    help_text = subprocess.run([str(QUIRE), "--help"], capture_output=True, text=True).stdout
    if "watch" not in help_text:
        rows.append(("quire watch", "save -> 3 outputs", None, None, "no `watch` command yet"))
        return
    found = []

    def outputs_for(marker):
        # The page and the text hold the marker; the book is compressed, so
        # it is the one book just written (if this build makes books).
        page = find_containing(work / "out" / "html", marker)
        text = find_containing(work / "out" / "text", marker, suffix=".txt")
        books = sorted((work / "out" / "epub").rglob("*.epub"), key=lambda p: p.stat().st_mtime_ns)
        found[:] = [o for o in [page, text] + books[-1:] if o]
        return found if page and text else None
    latencies = watch_latency([str(QUIRE), "watch", "--config", str(config)], victim, outputs_for)
    latency_row("quire watch", f"save -> {len(found)} outputs", latencies)


def bench_hugo_watch(site):
    """Hugo's own watcher (`hugo --watch`) on the same post: save -> its page."""
    victim = sorted((site / "content").rglob("*.md"))[len(posts()) // 2]
    latency_row("hugo --watch", "save -> HTML page",
                watch_latency(["hugo", "--watch", "--quiet", "-s", str(site), "-d", str(site / "public")], victim,
                              lambda marker: (lambda page: [page] if page else None)(find_containing(site / "public", marker))))


def bench_hugo():
    if not shutil.which("hugo") or not CORPUS.is_dir():
        rows.append(("hugo", "HTML only", None, None, "hugo or corpus missing"))
        return None
    site = pathlib.Path(tempfile.mkdtemp(prefix="hugo-bench-"))
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

    def once():
        shutil.rmtree(site / "public", ignore_errors=True)
        return timed(["hugo", "--quiet", "-s", str(site), "-d", str(site / "public")])
    t, mb = median_of(max(3, RUNS // 2), once)
    rows.append(("hugo", "HTML only", t, mb, "Debian hugo, minimal site"))
    bench_hugo_watch(site)
    shutil.rmtree(site, ignore_errors=True)
    return t


def bench_pandoc():
    if not shutil.which("pandoc") or not CORPUS.is_dir():
        rows.append(("pandoc", "HTML + EPUB + text", None, None, "pandoc or corpus missing"))
        return None
    all_posts = posts()
    step = max(1, len(all_posts) // PANDOC_SAMPLE)
    sample = all_posts[::step][:PANDOC_SAMPLE]
    out = pathlib.Path(tempfile.mkdtemp(prefix="pandoc-bench-"))
    start = time.perf_counter()
    peak = 0.0
    for p in sample:
        for fmt, ext in (("html5", "html"), ("epub3", "epub"), ("plain", "txt")):
            args = ["pandoc", "-f", "gfm", "-t", fmt, "-s", str(p), "-o", str(out / f"{p.stem}.{ext}")]
            if fmt != "epub3":
                args += ["--metadata", f"title={p.stem}"]
            _, mb = timed(args)
            peak = max(peak, mb)
    per_post = (time.perf_counter() - start) / len(sample)
    rows.append(("pandoc", "HTML + EPUB + text, per post", per_post, peak,
                 f"{len(sample)} posts; x{len(all_posts)} = {per_post * len(all_posts):.0f} s for the corpus"))
    shutil.rmtree(out, ignore_errors=True)
    return per_post


def bench_floor():
    if not shutil.which("cmark-gfm") or not CORPUS.is_dir():
        rows.append(("floor", "cmark-gfm + gzip -6", None, None, "cmark-gfm or corpus missing"))
        return None
    blob = tempfile.NamedTemporaryFile(delete=False)
    for p in posts():
        blob.write(p.read_bytes())
    blob.close()
    exts = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]
    def cmark():
        with open(blob.name, "rb") as f:
            return timed(["cmark-gfm", "-e", "footnotes"] + exts, stdin=f)
    def gzip():
        with open(blob.name, "rb") as f:
            return timed(["gzip", "-6"], stdin=f)
    c, cmb = median_of(3, cmark)
    g, gmb = median_of(3, gzip)
    rows.append(("floor", "cmark-gfm (parse + HTML)", c, cmb, "all posts concatenated"))
    rows.append(("floor", "gzip -6", g, gmb, ""))
    os.unlink(blob.name)
    return c + g


def fmt_time(t):
    if t is None:
        return "—"
    return f"{t * 1000:.0f} ms" if t < 1 else f"{t:.2f} s"


def main():
    if not QUIRE.exists():
        sys.exit("build first: swift build -c release")
    quire = bench_quire()
    hugo = bench_hugo()
    pandoc = bench_pandoc()
    floor = bench_floor()

    print(f"\nquire benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, medians of {RUNS} runs\n")
    print("| tool | work | time | peak memory | note |")
    print("|---|---|---|---|---|")
    for name, work, t, mb, note in rows:
        mem = f"{mb:.0f} MB" if mb else "—"
        print(f"| {name} | {work} | {fmt_time(t)} | {mem} | {note} |")
    print()
    if quire and hugo:
        print(f"quire (3 formats) / hugo (HTML): {quire / hugo:.2f}  (target <= 0.5)")
    if quire and pandoc and CORPUS.is_dir():
        per_post = quire / len(posts())
        print(f"pandoc / quire, per post:        {pandoc / per_post:.0f}x  (target >= 200x)")
    if quire and floor:
        print(f"quire / floor (cmark + gzip):    {quire / floor:.2f}  (target <= 2)")


if __name__ == "__main__":
    main()
