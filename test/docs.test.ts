// The documentation: the README stays short, every relative link and image in README.md, docs/*.md
// and bench/README.md reaches a file (and a heading, for an anchor), and `npm run docs` (TypeDoc,
// run the same way into a temporary folder) builds an offline API reference of the package.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, relative, resolve } from "node:path";
import { test } from "node:test";

/** The repository: the nearest folder above this file with gmm-em's package.json. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "gmm-em") return dir;
    if (dirname(dir) === dir) throw new Error(`no gmm-em package.json above ${from}`);
  }
}
const ROOT = findRoot(__dirname);

const README_MAX_LINES = 150;

/** Markdown without fenced code blocks and inline code spans (links in code are not links). */
function proseOf(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchor for each heading of a Markdown file (lower case, punctuation dropped, spaces to hyphens, -1, -2 … for repeats). */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseOf(markdown).split("\n")) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1].replace(/<[^>]+>/g, "").replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Every link and image target of a Markdown file that does not resolve, as "target: why". */
function brokenLinks(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const broken: string[] = [];
  const targets = [...proseOf(text).matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1],
  );
  for (const target of targets) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: … : not files of this repository
    const hash = target.indexOf("#");
    const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved = path === "" ? file : resolve(dirname(file), path);
    if (path.startsWith("/")) {
      broken.push(`${target}: an absolute path`);
      continue;
    }
    if (!existsSync(resolved)) {
      broken.push(`${target}: no such file`);
      continue;
    }
    if (anchor !== undefined) {
      if (!statSync(resolved).isFile() || extname(resolved) !== ".md") {
        broken.push(`${target}: an anchor into a file that is not Markdown`);
        continue;
      }
      if (!headingAnchors(readFileSync(resolved, "utf8")).has(anchor))
        broken.push(`${target}: no heading #${anchor} in ${relative(ROOT, resolved)}`);
    }
  }
  return broken;
}

const markdownFiles = (): string[] => [
  join(ROOT, "README.md"),
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(ROOT, "docs", f)),
  join(ROOT, "bench", "README.md"),
];

test(`README.md is at most ${README_MAX_LINES} lines`, () => {
  const lines = readFileSync(join(ROOT, "README.md"), "utf8").replace(/\n$/, "").split("\n").length;
  assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines; the longer guides belong in docs/`);
});

test("the link checker finds a missing file, a missing heading and a link in prose only", () => {
  const dir = mkdtempSync(join(tmpdir(), "gmm-em-docs-links-"));
  try {
    writeFileSync(join(dir, "other.md"), "# Other page\n\n## The parameters\n");
    writeFileSync(
      join(dir, "page.md"),
      [
        "# A page",
        "",
        "## How our EM differs from the original's",
        "",
        "[fine](other.md#the-parameters) [fine](#how-our-em-differs-from-the-originals) ![fine](other.md) [web](https://example.org/x)",
        "[gone](missing.md) ![gone](missing.png) [no heading](other.md#nowhere) [no heading](#nowhere)",
        "`[in code](not-checked.md)`",
        "```",
        "[in a block](not-checked.md)",
        "```",
        "",
      ].join("\n"),
    );
    assert.deepEqual(brokenLinks(join(dir, "page.md")), [
      "missing.md: no such file",
      "missing.png: no such file",
      `other.md#nowhere: no heading #nowhere in ${relative(ROOT, join(dir, "other.md"))}`,
      `#nowhere: no heading #nowhere in ${relative(ROOT, join(dir, "page.md"))}`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every relative link and image in README.md, docs/*.md and bench/README.md resolves", () => {
  const files = markdownFiles();
  assert.ok(
    files.length >= 4,
    `expected README.md, docs/*.md and bench/README.md, found ${files.map((f) => relative(ROOT, f)).join(", ")}`,
  );
  const broken = files.flatMap((file) => brokenLinks(file).map((b) => `${relative(ROOT, file)}: ${b}`));
  assert.deepEqual(broken, []);
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.match(readme, /!\[[^\]]*\]\(docs\/screenshot\.png\)/, "the README shows the screenshot");
});

test("npm run docs: TypeDoc writes an offline API reference documenting GaussianMixture and applyGmm", () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
    .scripts;
  assert.equal(scripts.docs, "typedoc", "npm run docs runs TypeDoc with typedoc.json");
  const out = mkdtempSync(join(tmpdir(), "gmm-em-docs-api-"));
  try {
    // As `npm run docs`, into a temporary folder; typedoc.json treats warnings as errors.
    const run = spawnSync(process.execPath, [join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--out", out], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 180_000,
    });
    assert.equal(run.status, 0, `TypeDoc failed:\n${run.stdout}\n${run.stderr}`);
    assert.doesNotMatch(run.stdout + run.stderr, /warning|error/i);
    const index = readFileSync(join(out, "index.html"), "utf8");
    assert.match(index, /href="classes\/GaussianMixture\.html"/);
    assert.match(index, /href="functions\/applyGmm\.html"/);
    const gm = readFileSync(join(out, "classes", "GaussianMixture.html"), "utf8");
    assert.match(gm, /sklearn\.mixture\.GaussianMixture/, "GaussianMixture's page carries its doc comment");
    assert.match(gm, /predictProba/);
    const apply = readFileSync(join(out, "functions", "applyGmm.html"), "utf8");
    assert.match(apply, /apply_gmm/, "applyGmm's page carries its doc comment");
    assert.match(apply, /ApplyGmmOptions/);
    // Offline: no page, style sheet or script loads anything from the network.
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(out);
    const remote: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      if (file.endsWith(".html")) {
        for (const m of text.matchAll(
          /<(?:script|link|img|iframe|source|audio|video|embed|object)\b[^>]*?\b(?:src|href|data)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi,
        ))
          remote.push(`${relative(out, file)}: ${m[1]}`);
      }
      if (file.endsWith(".css")) {
        for (const m of text.matchAll(/(?:@import\s+(?:url\()?|url\()\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi))
          remote.push(`${relative(out, file)}: ${m[1]}`);
      }
      if (file.endsWith(".js")) {
        for (const m of text.matchAll(/\b(?:fetch|importScripts|import)\s*\(\s*["'`]((?:https?:)?\/\/[^"'`]+)/g))
          remote.push(`${relative(out, file)}: ${m[1]}`);
      }
    }
    assert.deepEqual(remote, [], "the API reference loads nothing from the network");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  assert.ok(!existsSync(out));
});
