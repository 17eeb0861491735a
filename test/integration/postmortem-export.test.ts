import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { chromium } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPostmortem } from '../../electron/cli/commands/postmortem';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { DEMO_INCIDENT_ID, loadDemo } from '../../electron/core/demo/index';
import { saveActionItem } from '../../electron/core/investigation/action-items';
import { updateHypothesis } from '../../electron/core/investigation/hypotheses/actions';
import { runInvestigation } from '../../electron/core/investigation/run';
import { draftPostmortem } from '../../electron/core/postmortem/draft';
import { exportPostmortemFile } from '../../electron/core/postmortem/export/index';
import { publishToKnowledgeBase } from '../../electron/core/postmortem/export/publish';
import { chromiumPath } from '../../electron/core/postmortem/export/pdf';
import { saveDraft } from '../../electron/core/postmortem/versions';
import { parseKbFile } from '../../electron/core/kb/parse';

const SCREENSHOT = path.resolve('test-results', 'screenshots', 'postmortem-pdf-page1.png');
const AUTHOR_LINE = 'The on-call engineer rolled back within minutes of confirming the pool size.';
const TRACKING = 'https://tracker.example.com/browse/CHK-1234';

let db: Db;
let dir: string;
let rootCause: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'iwb-pm-export-'));
  db = openWorkspaceDb(path.join(dir, 'ws.db')).db;
  loadDemo(db);
  const investigation = await runInvestigation(db, DEMO_INCIDENT_ID);
  const top = investigation.hypotheses[0];
  if (!top) throw new Error('the demo investigation proposed no hypothesis');
  rootCause = top.description;
  updateHypothesis(db, { hypothesisId: top.id, status: 'confirmed' });
  saveActionItem(db, {
    incidentId: DEMO_INCIDENT_ID,
    description: 'Diff Helm chart defaults against the previous release in CI',
    owner: 'checkout team',
    type: 'prevent',
    priority: 'P1',
    trackingUrl: TRACKING,
    status: 'open',
  });
  const draft = draftPostmortem(db, DEMO_INCIDENT_ID).markdown;
  const edited = draft.replace('## Impact\n', `## Impact\n\n${AUTHOR_LINE}\n`);
  saveDraft(db, DEMO_INCIDENT_ID, edited, { autosave: false, actor: 'ana' });
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const out = (name: string) => path.join(dir, name);

describe('post-mortem exports of the demo incident', () => {
  it('writes Markdown from the saved document with the charts as inline SVG images', async () => {
    await exportPostmortemFile(db, DEMO_INCIDENT_ID, 'md', out('pm.md'));
    const md = fs.readFileSync(out('pm.md'), 'utf8');
    expect(md).toContain(AUTHOR_LINE);
    expect(md).toContain(rootCause);
    expect(md).not.toContain('```chart');
    const image = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(md);
    expect(Buffer.from(image?.[1] ?? '', 'base64').toString()).toContain('<polyline');
  });

  it('writes self-contained HTML that loads in Chromium offline without a single request', async () => {
    await exportPostmortemFile(db, DEMO_INCIDENT_ID, 'html', out('pm.html'));
    const html = fs.readFileSync(out('pm.html'), 'utf8');
    expect(html).toContain(rootCause);
    expect(html).toContain('<svg');
    expect(html).toContain('stroke-dasharray');
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect([...new Set(urls)]).toEqual([TRACKING]);
    expect(html).toContain(`<a href="${TRACKING}"`);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);

    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const failed: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('requestfailed', (request) => failed.push(request.url()));
      await page.goto(`file://${out('pm.html')}`, { waitUntil: 'load' });
      expect(await page.locator('h2').allTextContents()).toContain('Root causes');
      expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(1);
      const ref = page.locator('a.ref').first();
      const target = (await ref.getAttribute('href'))?.slice(1) ?? '';
      expect(await page.locator(`[id="${target}"]`).count()).toBe(1);
      expect(failed).toEqual([]);
      expect(requests).toEqual([`file://${out('pm.html')}`]);
    } finally {
      await browser.close();
    }
  });

  it('prints a PDF whose first page renders to PNG', async () => {
    await exportPostmortemFile(db, DEMO_INCIDENT_ID, 'pdf', out('pm.pdf'));
    expect(fs.readFileSync(out('pm.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = execFileSync('pdfinfo', [out('pm.pdf')]).toString();
    expect(Number(/Pages:\s+(\d+)/.exec(pages)?.[1])).toBeGreaterThan(1);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '50',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      out('pm.pdf'),
      out('page1'),
    ]);
    const png = fs.readFileSync(`${out('page1')}.png`);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    fs.copyFileSync(`${out('page1')}.png`, SCREENSHOT);
    const text = execFileSync('pdftotext', [out('pm.pdf'), '-'])
      .toString()
      .replace(/\s+/g, ' ');
    expect(text).toContain('Root causes');
    expect(text).toContain('CheckoutHighErrorRate');
  });

  it('writes a DOCX with the headings, tables, the root cause and a chart image', async () => {
    await exportPostmortemFile(db, DEMO_INCIDENT_ID, 'docx', out('pm.docx'));
    const xml = execFileSync('unzip', ['-p', out('pm.docx'), 'word/document.xml'], {
      maxBuffer: 64 << 20,
    }).toString();
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    for (const heading of ['Root causes', 'Trigger', 'Detection', 'Action items', 'Timeline']) {
      expect(xml).toMatch(new RegExp(`<w:pStyle w:val="Heading2"/>.*?${heading}`));
    }
    expect(text).toContain(rootCause);
    expect(text).toContain('Diff Helm chart defaults against the previous release in CI');
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(xml).toContain('<a:blip');
    const files = execFileSync('unzip', ['-Z1', out('pm.docx')])
      .toString()
      .split('\n');
    expect(files.some((f) => f.startsWith('word/media/') && f.endsWith('.svg'))).toBe(true);
    expect(files.some((f) => f.startsWith('word/media/') && f.endsWith('.png'))).toBe(true);
  });

  it('publishes a knowledge-base incident file with its front matter filled, and refuses to clobber another', () => {
    const kb = out('kb');
    const { path: file } = publishToKnowledgeBase(db, DEMO_INCIDENT_ID, kb);
    expect(file).toBe(path.join(kb, 'incidents', `${DEMO_INCIDENT_ID}.md`));
    const text = fs.readFileSync(file, 'utf8');
    const front = parse(text.split('\n---\n')[0]?.replace(/^---\n/, '') ?? '') as Record<string, unknown>;
    expect(front).toMatchObject({
      id: DEMO_INCIDENT_ID,
      root_cause: rootCause,
      severity: 'SEV2',
      date: '2026-11-18',
    });
    expect(front.title).toBe('Checkout latency and errors after v2.14.0 deploy');
    expect(front.alerts).toEqual(expect.arrayContaining(['CheckoutHighErrorRate', 'ApiGatewayUpstream5xx']));
    expect(parseKbFile(file, 'incident', text).ok).toBe(true);
    expect(text).toContain(AUTHOR_LINE);

    expect(publishToKnowledgeBase(db, DEMO_INCIDENT_ID, kb).path).toBe(file);
    fs.writeFileSync(file, `${text}\nA reviewer's note.\n`);
    expect(() => publishToKnowledgeBase(db, DEMO_INCIDENT_ID, kb)).toThrow(/already exists/);
    expect(fs.readFileSync(file, 'utf8')).toContain("A reviewer's note.");
    publishToKnowledgeBase(db, DEMO_INCIDENT_ID, kb, { overwrite: true });
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('exports through the iwb postmortem command and names a bad format', async () => {
    const program = new Command()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerPostmortem(program);
    const dbArgs = ['--db', path.join(dir, 'ws.db')];
    await program.parseAsync(
      ['postmortem', 'export', DEMO_INCIDENT_ID, '--format', 'html', '--out', out('cli.html'), ...dbArgs],
      {
        from: 'user',
      },
    );
    expect(fs.readFileSync(out('cli.html'), 'utf8')).toContain(AUTHOR_LINE);
    await expect(
      program.parseAsync(
        ['postmortem', 'export', DEMO_INCIDENT_ID, '--format', 'odt', '--out', out('x'), ...dbArgs],
        { from: 'user' },
      ),
    ).rejects.toThrow(/'odt' is not one of md, html, pdf, docx/);
    await expect(
      program.parseAsync(
        ['postmortem', 'export', 'INC-nope', '--format', 'md', '--out', out('x.md'), ...dbArgs],
        { from: 'user' },
      ),
    ).rejects.toThrow(/no incident 'INC-nope'/);
  });
});
