// dist/index.html opened in headless Chromium (Debian's, installed by .ci/run): what a person sees.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { CATALOG } from '../src/catalog';
import { catalogPage, writeCatalogPage } from '../src/catalog-page';
import { resourceGraph } from '../src/resource-graph';
import { renderTemplate, RenderedTemplate } from '../src/synth';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '..', 'test-output', 'catalog-page.png');

describe('the catalog page', () => {
  let rendered: RenderedTemplate[];
  let page: string;
  beforeAll(async () => {
    rendered = [];
    for (const d of CATALOG) rendered.push(await renderTemplate(d));
    page = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-page-')), 'index.html');
    writeCatalogPage(page, rendered);
  });

  test('the diagram edges are the references in the Terraform: the VM uses the agent and the disk', () => {
    const vm = resourceGraph(rendered[0].json);
    expect(vm.edges).toContainEqual({ from: 'coder_agent.main', to: 'kubernetes_manifest.vm' });
    expect(vm.edges).toContainEqual({ from: 'kubernetes_manifest.root_disk', to: 'kubernetes_manifest.vm' });
    expect(vm.edges).toContainEqual({ from: 'kubernetes_manifest.vm', to: 'kubernetes_secret_v1.cloud_init' });
    expect(vm.nodes.find((n) => n.address === 'kubernetes_secret_v1.cloud_init')!.ephemeral).toBe(true);
    expect(vm.nodes.find((n) => n.address === 'kubernetes_manifest.root_disk')!.ephemeral).toBe(false);
  });

  test('in Chromium: every template with its backend, parameters and diagram; the backend filter works', async () => {
    expect(fs.existsSync(CHROMIUM)).toBe(true);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await tab.goto(`file://${page}`);
      expect(await tab.title()).toBe('cvmkit catalog');
      for (const r of rendered) {
        const section = tab.locator(`section#${r.definition.name}`);
        await expect(section.locator('h2').isVisible()).resolves.toBe(true);
        expect(await section.locator('h2').innerText()).toBe(`${r.definition.displayName} ${r.definition.name}`);
        expect(await section.locator('.backend').innerText()).toBe(r.definition.backend);
        expect(await section.locator('.isolation').innerText()).toBe(r.definition.isolation);
        const params = await section.locator('tbody tr td:first-child code').allInnerTexts();
        expect(params).toEqual(r.parameters.map((p) => p.name));
        // One box per resource, each drawn with a size (laid out, not collapsed).
        const boxes = section.locator('svg.diagram g.resource');
        expect(await boxes.count()).toBe(r.resources);
        const box = await boxes.first().boundingBox();
        expect(box!.width).toBeGreaterThan(100);
        expect(await section.locator('svg.diagram line.ref').count()).toBe(resourceGraph(r.json).edges.length);
      }
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await tab.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);

      await tab.getByRole('button', { name: 'gvisor' }).click();
      expect(await tab.locator('section#gvisor-sandbox').isVisible()).toBe(true);
      expect(await tab.locator('section#kubevirt-vm').isVisible()).toBe(false);
      expect(await tab.getByRole('button', { name: 'gvisor' }).getAttribute('aria-pressed')).toBe('true');
      await tab.getByRole('button', { name: 'all' }).click();
      expect(await tab.locator('section.template:visible').count()).toBe(CATALOG.length);
    } finally {
      await browser.close();
    }
  });

  test('in Chromium at 1400 and 420 px: every diagram fits its card, nothing overflows a card, number parameters show their bounds', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      for (const width of [1400, 420]) {
        const tab = await browser.newPage({ viewport: { width, height: 900 } });
        await tab.goto(`file://${page}`);
        for (const r of rendered) {
          const section = tab.locator(`section#${r.definition.name}`);
          const card = (await section.boundingBox())!;
          const diagram = (await section.locator('svg.diagram').boundingBox())!;
          // Inside the card's border box, and drawn (not collapsed to nothing).
          expect(card.width).toBeLessThanOrEqual(width);
          expect(diagram.x).toBeGreaterThanOrEqual(card.x);
          expect(diagram.x + diagram.width).toBeLessThanOrEqual(card.x + card.width);
          expect(diagram.width).toBeGreaterThan(Math.min(200, card.width / 2));
          // The card itself never needs to scroll sideways (wide tables and commands scroll in their own box).
          const { scroll, client } = await section.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
          expect(scroll).toBeLessThanOrEqual(client);
          for (const p of r.parameters.filter((x) => x.type === 'number')) {
            const row = section.locator('tbody tr', { has: tab.locator(`code:text-is("${p.name}")`) });
            expect(await row.locator('td.choices').innerText()).toBe(`${p.min}–${p.max}`);
          }
        }
        await tab.close();
      }
    } finally {
      await browser.close();
    }
  });

  test('names and descriptions are escaped, not injected', () => {
    const hostile = { ...rendered[0], definition: { ...rendered[0].definition, description: 'Fast <img src=x onerror=alert(1)> & "safe"' } };
    const html = catalogPage([hostile]);
    expect(html).toContain('Fast &lt;img src=x onerror=alert(1)&gt; &amp; &quot;safe&quot;');
    expect(html).not.toContain('<img');
  });
});
