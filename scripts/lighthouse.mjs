#!/usr/bin/env node
// Lighthouse bar from docs (DESIGN.md §5): on every key page, performance ≥ 0.95 and
// accessibility, best practices and SEO = 1.00, on the mobile and the desktop form factor.
//
// It builds the real program, serves it on a free loopback port with a fresh SQLite file (the
// bundled starter data is loaded on first run), waits for GET /healthz = 200, asks the JSON API
// for chair slugs, runs the Lighthouse CLI from node_modules (npm ci first) once per page and form
// factor, prints each page's four scores and, on failure, every failing audit. Exit status 1 on any
// failure. The server is stopped at the end whatever happens. The first chair gets a demo photo
// first (go run ./scripts/screenshots -add-photo), so its chair page and the catalog are measured
// with a picture.
//
// Environment:
//   CHROME_PATH      Chromium binary (default /usr/bin/chromium)
//   LH_FORM_FACTORS  comma-separated, default "mobile,desktop"
//   LH_KEEP_REPORTS  if set, a directory where each page's JSON report is kept
//
// Notes on audits and localhost (nothing is skipped; these pass when the pages are right):
//   - is-on-https / redirects-http: Lighthouse counts http://127.0.0.1 as a secure origin, so they
//     pass on a local plain-HTTP server.
//   - is-crawlable: passes as long as the server sends no "noindex" (meta robots or X-Robots-Tag).
//   - robots-txt: passes when /robots.txt is valid or answered with a 4xx; a 5xx fails it.
//   - canonical: Lighthouse 12 fails an invalid, relative or conflicting <link rel=canonical>, or one
//     that points a non-home page at the site root; a canonical on another host (a configured public
//     base URL) is accepted, so the audit is meaningful on localhost too.
//   - Performance runs with Lighthouse's default simulated throttling, which estimates load times
//     from the recorded network graph, so a busy 2-core CI machine moves the score little. A page whose
//     only failure is performance is measured twice more and judged on the median of the three runs
//     (what Lighthouse CI recommends against run-to-run variance); every run's score is printed.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync, copyFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LH_CLI = join(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js');
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const FORM_FACTORS = (process.env.LH_FORM_FACTORS || 'mobile,desktop').split(',').map((s) => s.trim()).filter(Boolean);
const KEEP = process.env.LH_KEEP_REPORTS || '';
const CHROME_FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
].join(' ');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const MIN = { performance: 0.95, accessibility: 1, 'best-practices': 1, seo: 1 };
const PERF_RUNS = 3;

function die(msg) {
  console.error(`lighthouse: ${msg}`);
  process.exit(1);
}

if (!existsSync(LH_CLI)) die(`${LH_CLI} is missing: run "npm ci" in ${ROOT} first`);
if (!existsSync(CHROME_PATH)) die(`Chromium not found at ${CHROME_PATH} (set CHROME_PATH, or apt-get install chromium)`);
for (const f of FORM_FACTORS) if (f !== 'mobile' && f !== 'desktop') die(`unknown form factor ${f}`);

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(base, server, deadlineMs) {
  const end = Date.now() + deadlineMs;
  let last = '';
  while (Date.now() < end) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`server exited early (code ${server.exitCode}, signal ${server.signalCode})`);
    }
    try {
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) return;
      last = `status ${r.status}`;
    } catch (e) {
      last = e.cause?.code || e.message;
    }
    await sleep(200);
  }
  throw new Error(`GET ${base}/healthz did not answer 200 in ${deadlineMs / 1000}s (last: ${last})`);
}

async function stopServer(server) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  const t = setTimeout(() => server.kill('SIGKILL'), 15000);
  await exited;
  clearTimeout(t);
}

function runLighthouse(url, formFactor, outPath) {
  const args = [
    LH_CLI, url,
    '--output=json', `--output-path=${outPath}`, '--quiet',
    `--only-categories=${CATEGORIES.join(',')}`,
    `--chrome-flags=${CHROME_FLAGS}`,
    '--max-wait-for-load=45000',
  ];
  if (formFactor === 'desktop') args.push('--preset=desktop');
  return new Promise((res) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, CHROME_PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const killer = setTimeout(() => child.kill('SIGKILL'), 180000);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (code !== 0 || !existsSync(outPath)) {
        res({ error: `lighthouse exited with ${code}:\n${out.trim()}` });
        return;
      }
      try {
        res({ lhr: JSON.parse(readFileSync(outPath, 'utf8')) });
      } catch (e) {
        res({ error: `cannot read report ${outPath}: ${e.message}` });
      }
    });
  });
}

function scoresOf(lhr) {
  const s = {};
  for (const c of CATEGORIES) s[c] = lhr.categories[c]?.score ?? null;
  return s;
}

function fmt(score) {
  return score === null ? ' n/a' : score.toFixed(2);
}

// Failing audits of one category: every weighted or binary audit below a full score.
function failingAudits(lhr, cat) {
  const out = [];
  for (const ref of lhr.categories[cat]?.auditRefs ?? []) {
    const a = lhr.audits[ref.id];
    if (!a) continue;
    const mode = a.scoreDisplayMode;
    if (mode === 'notApplicable' || mode === 'informative' || mode === 'manual') continue;
    if (mode === 'error') { out.push({ a, note: `audit error: ${a.errorMessage}` }); continue; }
    if (a.score === null || a.score >= 1) continue;
    if (cat === 'performance' && ref.weight === 0) continue; // opportunities/diagnostics listed apart
    out.push({ a, note: a.displayValue || '' });
  }
  return out;
}

function itemsOf(a, max = 5) {
  const items = a.details?.items ?? [];
  const lines = [];
  for (const it of items.slice(0, max)) {
    const n = it.node;
    if (n) lines.push(`${n.selector || ''} ${n.snippet || ''}`.trim());
    else if (it.url) lines.push(String(it.url));
    else if (it.source?.url) lines.push(`${it.source.url}:${it.source.line ?? ''} ${it.description ?? ''}`);
    else if (it.description) lines.push(String(it.description));
    else if (it.subItems?.items?.[0]?.relatedNode) lines.push(it.subItems.items[0].relatedNode.selector);
  }
  if (items.length > max) lines.push(`… and ${items.length - max} more`);
  return lines;
}

function printFailures(lhr) {
  for (const cat of CATEGORIES) {
    const score = lhr.categories[cat]?.score ?? 0;
    if (score >= MIN[cat]) continue;
    console.log(`    ${cat} ${fmt(score)} < ${MIN[cat].toFixed(2)}; failing audits:`);
    for (const { a, note } of failingAudits(lhr, cat)) {
      console.log(`      - ${a.id}: ${a.title}${note ? ` (${note})` : ''}${a.score !== null ? ` [score ${a.score}]` : ''}`);
      for (const l of itemsOf(a)) console.log(`          ${l}`);
    }
    if (cat === 'performance') {
      const opps = Object.values(lhr.audits)
        .filter((a) => a.details?.type === 'opportunity' && a.score !== null && a.score < 1)
        .map((a) => `${a.id} (${a.displayValue || ''})`);
      if (opps.length) console.log(`      opportunities: ${opps.join(', ')}`);
    }
  }
  for (const w of lhr.runWarnings ?? []) console.log(`    warning: ${w}`);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'masahe-lh-'));
  const bin = '/tmp/masahe-lh';
  console.log('lighthouse: building ./cmd/masahe');
  try {
    execFileSync('go', ['build', '-o', bin, './cmd/masahe'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    die('go build ./cmd/masahe failed');
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logPath = join(work, 'server.log');
  const log = createWriteStream(logPath);
  const server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--database', join(work, 'lh.db')], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log, { end: false });
  server.stderr.pipe(log, { end: false });

  let failed = false;
  const onSignal = async () => { await stopServer(server); process.exit(130); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await waitHealthy(base, server, 60000);
    const r = await fetch(`${base}/api/v1/chairs?per_page=3`);
    if (r.status !== 200) throw new Error(`GET /api/v1/chairs?per_page=3: status ${r.status}`);
    const body = await r.json();
    const slugs = (body.items ?? []).map((c) => c.slug).filter(Boolean);
    if (slugs.length < 3) throw new Error(`GET /api/v1/chairs?per_page=3 gave ${slugs.length} slugs, need 3`);
    // The first chair's page is measured with a photo: a demo picture the screenshots command draws
    // and stores (no bundled photo). The page cache sees the change within a second.
    execFileSync('go', ['run', './scripts/screenshots', '-add-photo', join(work, 'lh.db'), '-chair', slugs[0]], { cwd: ROOT, stdio: 'inherit' });
    await sleep(1500);
    const pages = [
      '/',
      '/chairs',
      `/chairs/${encodeURIComponent(slugs[0])}`,
      `/compare?chairs=${slugs.slice(0, 3).map(encodeURIComponent).join(',')}`,
      '/search?q=osim',
      '/finder',
      '/finder?height_cm=175&weight_kg=70&room_width_cm=120&room_depth_cm=250&door_width_cm=80&budget_php=300000&goal=lower_back',
      '/safety/triage',
      '/safety/triage?hours_since_massage=30&pain=3&trend=better',
      '/articles/how-long-and-how-often',
      '/reviews/amamedics-hilux-4d',
      '/reviews/rubric',
      '/best/lower_back',
      '/where-to-try',
      '/where-to-try?region=XI',
      '/finder?height_cm=160&weight_kg=60&room_width_cm=250&room_depth_cm=300',
      // The key pages in Filipino (docs/I18N.md): longer words, the same bar.
      '/fil/',
      '/fil/chairs',
      `/fil/chairs/${encodeURIComponent(slugs[0])}`,
      `/fil/compare?chairs=${slugs.slice(0, 3).map(encodeURIComponent).join(',')}`,
      '/fil/finder',
      '/fil/safety/triage',
      '/fil/safety/red-flags',
      '/fil/articles',
      '/fil/articles/over-massaging-your-back',
      '/fil/search?q=upuan+para+sa+masakit+na+likod',
      '/fil/login',
    ];
    if (KEEP) mkdirSync(KEEP, { recursive: true });

    const results = [];
    let n = 0;
    for (const ff of FORM_FACTORS) {
      for (const page of pages) {
        const url = base + page;
        const perfRuns = [];
        let lhr;
        for (let i = 0; i < PERF_RUNS; i++) {
          const out = join(work, `report-${n++}.json`);
          const res = await runLighthouse(url, ff, out);
          if (res.error) { lhr = null; console.log(`${ff.padEnd(7)} ${page}\n    ${res.error}`); break; }
          if (res.lhr.runtimeError) {
            lhr = null;
            console.log(`${ff.padEnd(7)} ${page}\n    runtime error: ${res.lhr.runtimeError.code} ${res.lhr.runtimeError.message}`);
            break;
          }
          lhr = res.lhr;
          if (KEEP) copyFileSync(out, join(KEEP, `${ff}${page.replace(/[^a-z0-9]+/gi, '_')}.json`));
          perfRuns.push(lhr.categories.performance?.score ?? 0);
          const s = scoresOf(lhr);
          const othersOk = CATEGORIES.filter((c) => c !== 'performance').every((c) => (s[c] ?? 0) >= MIN[c]);
          // Re-measure only when performance alone is short; the other categories are deterministic.
          if (!othersOk || s.performance >= MIN.performance) break;
        }
        if (!lhr) { failed = true; results.push({ ff, page, ok: false }); continue; }
        const s = scoresOf(lhr);
        if (perfRuns.length > 1) s.performance = median(perfRuns);
        const ok = CATEGORIES.every((c) => (s[c] ?? 0) >= MIN[c]);
        const perfNote = perfRuns.length > 1 ? `  (performance runs: ${perfRuns.map(fmt).join(' ')}, median)` : '';
        console.log(`${ok ? 'PASS' : 'FAIL'} ${ff.padEnd(7)} ${page}  ` +
          CATEGORIES.map((c) => `${c} ${fmt(s[c])}`).join('  ') + perfNote);
        if (!ok) {
          failed = true;
          const shown = { ...lhr, categories: { ...lhr.categories, performance: { ...lhr.categories.performance, score: s.performance } } };
          printFailures(shown);
        }
        results.push({ ff, page, ok });
      }
    }
    const bad = results.filter((r) => !r.ok).length;
    // Worded unlike a test runner's closing line on purpose: .ci/run's verdict line is go test's.
    console.log(bad === 0
      ? `lighthouse: all ${results.length} page runs meet the bar`
      : `lighthouse: ${bad} of ${results.length} page runs below the bar`);
  } catch (e) {
    failed = true;
    console.error(`lighthouse: ${e.message}`);
  } finally {
    await stopServer(server);
    log.end();
    if (failed) {
      const tail = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n') : '';
      if (tail.trim()) console.error(`lighthouse: last lines of the server's output:\n${tail}`);
    }
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main();
