// Browser tests of the dashboard: playwright-core driving Debian's chromium
// headless against the server tests/integration/dashboard.sh started.
// Env: HERALD_URL, HERALD_OUT (screenshots + results.txt), HERALD_WEB_DIR
// (where node_modules/playwright-core is), HERALD_CHROMIUM, E2E_ADMIN and
// E2E_VIEWER ("name:password"); E2E_ONLY (a regex) runs only the matching cases. A case that needs the server's sign-in
// routes is reported "skip" with the reason when they are not there yet.
import { createRequire } from 'node:module';
import { writeFileSync, appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(join(resolve(process.env.HERALD_WEB_DIR), 'package.json'));
const { chromium } = require('playwright-core');
const URL0 = process.env.HERALD_URL;
const OUT = process.env.HERALD_OUT;
const [ADMIN, ADMIN_PW] = process.env.E2E_ADMIN.split(':');
const [VIEWER, VIEWER_PW] = process.env.E2E_VIEWER.split(':');
const results = join(OUT, 'results.txt');
writeFileSync(results, '');
let failed = 0;

function report(line) {
  console.log(line);
  appendFileSync(results, `${line}\n`);
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
async function test(name, fn, skipReason) {
  if (skipReason) return report(`skip - ${name}: ${skipReason}`);
  // E2E_ONLY=REGEX runs the matching cases alone (while working on them).
  if (process.env.E2E_ONLY && !new RegExp(process.env.E2E_ONLY).test(name)) return undefined;
  const t0 = Date.now();
  try {
    await fn();
    report(`ok - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed += 1;
    report(`not ok - ${name}: ${e.message.split('\n')[0]}`);
    console.error(e.stack);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.HERALD_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const sessionStatus = (await fetch(`${URL0}/api/v1/session`)).status;
const noAuth = sessionStatus === 404 || sessionStatus === 405
  ? `the server has no /api/v1/session yet (GET answered ${sessionStatus}): the sign-in routes have not landed` : null;

// A fresh browser context (its own cookies) with a page that records script
// errors and CSP violations; 1366x768 as on the office's laptops.
async function newPage(lang) {
  // A browser far from the office's time zone (+07:00): the dashboard's
  // days are the office's, never the browser's.
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'America/Los_Angeles' });
  await ctx.addInitScript((l) => { try { localStorage.setItem('herald.lang', l); } catch { /* none */ } }, lang || 'vi');
  const page = await ctx.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  // HTTP errors are recorded with their URL (the console line has none);
  // GET /api/v1/session answers 401/404 before sign-in or without auth.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (r.status() >= 400 && !(u.pathname === '/api/v1/session' && r.request().method() === 'GET')) {
      page.problems.push(`HTTP ${r.status()} ${r.request().method()} ${u.pathname}`);
    }
  });
  page.on('dialog', (d) => d.accept());
  page.setDefaultTimeout(20000); // sign-in hashes with Argon2id: slow on a busy 2-core machine or under ASan
  return page;
}
async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}
function clean(page) {
  assert(!page.problems.length, `problems on the page: ${page.problems.join(' | ')}`);
}
async function signIn(page, name, pw) {
  await page.goto(`${URL0}/`);
  await page.waitForURL(/\/signin/);
  await page.getByLabel('Tên đăng nhập').fill(name);
  await page.getByLabel('Mật khẩu').fill(pw);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('who').waitFor();
}
// Opens the dashboard as admin (signed in) or, without auth routes, as is.
async function adminPage(lang) {
  const page = await newPage(lang);
  if (noAuth) await page.goto(`${URL0}/`);
  else await signIn(page, ADMIN, ADMIN_PW);
  return page;
}

await test('every interface string is in both web/i18n/vi.json and en.json', async () => {
  const dir = resolve(process.env.HERALD_WEB_DIR);
  const vi = JSON.parse(readFileSync(join(dir, 'i18n/vi.json'), 'utf8'));
  const en = JSON.parse(readFileSync(join(dir, 'i18n/en.json'), 'utf8'));
  const only = [...Object.keys(vi).filter((k) => !(k in en)), ...Object.keys(en).filter((k) => !(k in vi))];
  assert(!only.length, `keys in one file only: ${only}`);
  const files = readdirSync(join(dir, 'src'), { recursive: true }).filter((f) => f.endsWith('.js'));
  const used = files.flatMap((f) => [...readFileSync(join(dir, 'src', f), 'utf8').matchAll(/\bt\('([a-z_]+\.[a-z_0-9]+)'/g)].map((m) => m[1]));
  const missing = [...new Set(used)].filter((k) => !(k in vi));
  assert(used.length > 50 && !missing.length, `keys used but not defined: ${missing}`);
});

await test('every taxonomy topic has a Vietnamese and an English label', async () => {
  const dir = resolve(process.env.HERALD_WEB_DIR);
  const tax = readFileSync(join(dir, '../data/topics/taxonomy'), 'utf8');
  const slugs = [...tax.matchAll(/^\[([a-z0-9]+)\]/gm)].map((m) => m[1]);
  assert(slugs.length >= 9, `taxonomy slugs: ${slugs}`);
  for (const l of ['vi', 'en']) {
    const table = JSON.parse(readFileSync(join(dir, `i18n/${l}.json`), 'utf8'));
    const bad = slugs.filter((s) => !table[`topic.${s}`] || table[`topic.${s}`] === s);
    assert(!bad.length, `${l}.json lacks topic labels for ${bad}`);
  }
});

await test('sign in: unknown password refused, then the admin signs in and sees the overview', async () => {
  const page = await newPage();
  await page.goto(`${URL0}/search?q=abc`);
  await page.waitForURL(/\/signin\?next=/);
  await shot(page, '01-signin');
  await page.getByLabel('Tên đăng nhập').fill(ADMIN);
  await page.getByLabel('Mật khẩu').fill('not-the-password');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').filter({ hasText: 'Sai tên đăng nhập hoặc mật khẩu' }).waitFor();
  await page.getByLabel('Mật khẩu').fill(ADMIN_PW);
  await page.keyboard.press('Enter');
  await page.getByTestId('who').filter({ hasText: 'E2E Admin' }).waitFor();
  await page.waitForURL(/\/search\?q=abc/);
  page.problems = page.problems.filter((p) => p !== 'HTTP 401 POST /api/v1/session'); // the refused attempt
  clean(page);
  await page.context().close();
}, noAuth);

await test('overview: today\'s volume, tone shares, countries ranked, 30/90/365-day trend chart', async () => {
  const page = await adminPage();
  await page.getByRole('heading', { level: 1, name: 'Báo chí thế giới nói gì' }).waitFor();
  assert((await page.getByTestId('today-count').textContent()).trim() === '2', 'today count is not 2');
  await page.locator('.uplot canvas').first().waitFor();
  const countries = await page.locator('.bars .bar-label').allTextContents();
  assert(countries.includes('GB') && countries.includes('VN'), `countries: ${countries}`);
  const legend = await page.locator('.share-legend').textContent();
  assert(/Tiêu cực/.test(legend) && /Tích cực/.test(legend), `tone legend: ${legend}`);
  await page.getByRole('button', { name: '90 ngày' }).click();
  await page.waitForURL(/days=90/);
  await page.getByRole('button', { name: '90 ngày', pressed: true }).waitFor();
  await page.locator('.uplot canvas').first().waitFor();
  await shot(page, '02-overview');
  clean(page);
  await page.context().close();
});

await test('language switch: Vietnamese and English, the keyboard reaches the skip link first', async () => {
  const page = await adminPage();
  await page.getByRole('link', { name: 'Tìm kiếm' }).waitFor();
  await page.getByLabel('Ngôn ngữ giao diện').selectOption('en');
  await page.getByRole('link', { name: 'Search' }).waitFor();
  await page.getByRole('heading', { level: 1, name: "What the world's media said" }).waitFor();
  assert(await page.evaluate(() => document.documentElement.lang) === 'en', 'html lang not en');
  await shot(page, '03-overview-en');
  await page.getByLabel('Interface language').selectOption('vi');
  await page.goto(`${URL0}/sources`); // a fresh load: focus starts at the top
  await page.locator('#sources-table tbody tr').first().waitFor();
  await page.keyboard.press('Tab');
  assert(await page.evaluate(() => document.activeElement.id) === 'skip-link', 'first Tab is not the skip link');
  await page.keyboard.press('Enter');
  assert(await page.evaluate(() => document.activeElement.id) === 'main', 'the skip link does not move focus to main');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => [document.activeElement.tagName, getComputedStyle(document.activeElement).outlineStyle]);
  assert(focused[0] === 'SELECT' && focused[1] !== 'none', `no visible focus ring on the first control: ${focused}`);
  clean(page);
  await page.context().close();
});

let articleId = null;
await test('search in Vietnamese without diacritics finds the article with diacritics, highlighted', async () => {
  const page = await adminPage();
  await page.getByRole('link', { name: 'Tìm kiếm' }).click();
  await page.getByLabel('Tìm kiếm', { exact: true }).fill('thong tin doi ngoai');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.waitForURL(/q=thong/);
  const first = page.locator('.result').first();
  await first.getByRole('link', { name: 'Hội nghị thông tin đối ngoại toàn quốc' }).waitFor();
  const marks = await first.locator('.snippet mark').allTextContents();
  assert(marks.some((m) => /thông tin đối ngoại/i.test(m)), `highlighted: ${marks}`);
  articleId = await first.getAttribute('data-id');
  await shot(page, '04-search');
  clean(page);
  await page.context().close();
});

await test('filter by tone: negative only, then negative + positive', async () => {
  const page = await adminPage();
  await page.goto(`${URL0}/search`);
  await page.locator('.result').first().waitFor();
  assert(await page.locator('.result').count() === 5, 'not all 5 articles listed');
  await page.locator('fieldset[data-facet=tone]').getByLabel('Tiêu cực').check();
  await page.waitForURL(/tone=negative/);
  await page.locator('.result').first().waitFor();
  const tones = await page.locator('.result .badge[data-tone]').evaluateAll((els) => els.map((e) => e.dataset.tone));
  assert(tones.length === 1 && tones[0] === 'negative', `tones: ${tones}`);
  assert(/river pollution/.test(await page.locator('.result h3').first().textContent()), 'not the negative article');
  await shot(page, '05-search-negative');
  await page.locator('fieldset[data-facet=tone]').getByLabel('Tích cực').check();
  await page.waitForURL(/tone=negative%2Cpositive|tone=negative,positive/);
  await page.waitForFunction(() => document.querySelectorAll('.result').length === 4);
  clean(page);
  await page.context().close();
});

await test('open an article: title, outlet and its analysis', async () => {
  const page = await adminPage();
  await page.goto(`${URL0}/search?q=thong+tin+doi+ngoai`);
  await page.getByRole('link', { name: 'Hội nghị thông tin đối ngoại toàn quốc' }).click();
  await page.waitForURL(new RegExp(`/articles/${articleId || '\\d+'}$`));
  await page.getByRole('heading', { level: 1, name: 'Hội nghị thông tin đối ngoại toàn quốc' }).waitFor();
  const analysis = await page.locator('.analysis').textContent();
  assert(/Phân tích/.test(analysis) && /Viết về đất nước/.test(analysis) && /vi/.test(analysis), `analysis: ${analysis}`);
  assert(/Hà Nội tổ chức hội nghị/.test(await page.locator('.text').textContent()), 'article text missing');
  await shot(page, '06-article');
  await page.goBack();
  await page.waitForURL(/\/search\?q=/);
  clean(page);
  await page.context().close();
});

await test('an article title with <script> and an onerror image never runs and shows as text', async () => {
  const page = await adminPage();
  await page.goto(`${URL0}/search?q=trade+talks`);
  const link = page.locator('.result h3 a').filter({ hasText: '<script>' });
  await link.waitFor();
  assert((await link.textContent()).includes('<img src=x onerror='), 'title not shown as text');
  await link.click();
  await page.locator('h1', { hasText: '<script>window.__xss = 1</script>' }).waitFor();
  await page.waitForTimeout(200);
  const state = await page.evaluate(() => ({ xss: window.__xss, scripts: document.querySelectorAll('main script, main img').length }));
  assert(state.xss === undefined, `window.__xss = ${state.xss}`);
  assert(state.scripts === 0, 'a script or img element was created from article content');
  await shot(page, '07-article-script-title');
  clean(page);
  await page.context().close();
});

await test('a viewer sees no source controls and the API answers 403 to the change', async () => {
  const page = await newPage();
  await signIn(page, VIEWER, VIEWER_PW);
  await page.getByRole('link', { name: 'Nguồn tin' }).click();
  await page.locator('#sources-table tbody tr').first().waitFor();
  assert(await page.locator('#sources-table button').count() === 0, 'viewer sees source buttons');
  assert(await page.getByRole('link', { name: 'Người dùng' }).count() === 0, 'viewer sees the users link');
  const status = await page.evaluate(async () => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch('/api/v1/sources/2', { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf }, body: '{"enabled":false}' });
    return r.status;
  });
  assert(status === 403, `PATCH as viewer answered ${status}`);
  await shot(page, '08-sources-viewer');
  await page.goto(`${URL0}/admin/users`);
  await page.getByRole('alert').waitFor();
  page.problems = page.problems.filter((p) => p !== 'HTTP 403 PATCH /api/v1/sources/2');
  clean(page);
  await page.context().close();
}, noAuth);

await test('the admin disables a source from the sources page', async () => {
  const page = await adminPage();
  await page.getByRole('link', { name: 'Nguồn tin' }).click();
  const row = page.locator('#sources-table tr[data-source-id="2"]');
  await row.getByRole('button', { name: 'Tắt E2E World' }).click();
  await row.getByRole('button', { name: 'Bật E2E World' }).waitFor();
  assert(/Đã tắt/.test(await row.textContent()), 'row does not say disabled');
  const src = await page.evaluate(async () => (await fetch('/api/v1/sources/2')).json());
  assert(src.enabled === false, `API says enabled=${src.enabled}`);
  await shot(page, '09-sources-admin');
  clean(page);
  await page.context().close();
}, noAuth);

await test('the admin adds a source through the sources page form, then deletes it', async () => {
  const page = await adminPage();
  await page.getByRole('link', { name: 'Nguồn tin' }).click();
  await page.locator('#sources-table tr[data-source-id="2"]').waitFor();
  const form = page.locator('form.inline-form', { has: page.getByRole('heading', { name: 'Thêm nguồn tin' }) });
  await form.getByLabel('Địa chỉ nguồn tin (URL)').fill('https://example.org/e2e-added/feed.xml');
  await form.getByLabel('Tên', { exact: true }).fill('E2E Added Outlet');
  await form.getByLabel('Quốc gia (2 chữ cái)').fill('jp');
  await form.getByLabel('Ngôn ngữ', { exact: true }).fill('ja');
  await form.getByLabel('Loại', { exact: true }).selectOption('foreign');
  // keyboard: Enter in a field submits the form
  await form.getByLabel('Tên', { exact: true }).press('Enter');
  const row = page.locator('#sources-table tbody tr', { hasText: 'E2E Added Outlet' });
  await row.waitFor();
  const text = await row.textContent();
  assert(/example\.org\/e2e-added\/feed\.xml/.test(text) && /JP/.test(text) && /ja/.test(text), `row: ${text}`);
  const id = Number(await row.getAttribute('data-source-id'));
  const list = await page.evaluate(async () => (await fetch('/api/v1/sources')).json());
  const added = list.items.find((x) => x.id === id);
  assert(added && added.name === 'E2E Added Outlet' && added.country === 'JP' && added.enabled, `API: ${JSON.stringify(added)}`);
  await shot(page, '09b-source-added');
  await row.getByRole('button', { name: 'Xóa E2E Added Outlet' }).click(); // the confirm dialog is accepted
  await page.waitForFunction((i) => !document.querySelector(`#sources-table tr[data-source-id="${i}"]`), id);
  const gone = await page.evaluate(async (i) => (await fetch(`/api/v1/sources/${i}`)).status, id);
  assert(gone === 404, `GET the deleted source answered ${gone}`);
  page.problems = page.problems.filter((p) => p !== `HTTP 404 GET /api/v1/sources/${id}`);
  await shot(page, '09c-source-deleted');
  clean(page);
  await page.context().close();
}, noAuth);

await test('the admin creates a user on the users page and changes its role', async () => {
  const page = await adminPage();
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await page.locator('tr[data-user="e2eviewer"]').waitFor();
  const form = page.locator('form.inline-form', { has: page.getByRole('heading', { name: 'Thêm người dùng' }) });
  await form.getByLabel('Tên đăng nhập').fill('e2enew');
  await form.getByLabel('Tên hiển thị').fill('E2E New Analyst');
  await form.getByLabel('Vai trò', { exact: true }).selectOption('viewer');
  await form.getByLabel('Mật khẩu ban đầu').fill('e2e-new-password-1');
  await form.getByRole('button', { name: 'Thêm người dùng' }).click();
  const row = page.locator('tr[data-user="e2enew"]');
  await row.waitFor();
  assert(/E2E New Analyst/.test(await row.textContent()), `row: ${await row.textContent()}`);
  await page.getByRole('status').filter({ hasText: 'Đã thêm e2enew với vai trò Người xem.' }).waitFor();
  const role = row.getByLabel('Vai trò của e2enew');
  assert(await role.inputValue() === 'viewer', 'new user is not a viewer');
  await shot(page, '10b-user-added');
  await role.focus();
  const patched = page.waitForResponse((r) => /\/api\/v1\/users\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
  await role.selectOption('analyst');
  assert((await patched).status() === 200, 'PATCH /users answered an error');
  await page.waitForFunction(() => {
    const sel = document.querySelector('tr[data-user="e2enew"] select');
    return sel && sel.value === 'analyst';
  });
  await page.getByRole('status').filter({ hasText: 'e2enew nay có vai trò Chuyên viên phân tích.' }).waitFor();
  const users = await page.evaluate(async () => (await fetch('/api/v1/users')).json());
  const u = (users.items || users.users).find((x) => x.name === 'e2enew');
  assert(u && u.role === 'analyst' && !u.disabled, `API: ${JSON.stringify(u)}`);
  // the new user signs in with the password the admin set, as an analyst
  const p2 = await newPage();
  await signIn(p2, 'e2enew', 'e2e-new-password-1');
  const me = await p2.evaluate(async () => (await fetch('/api/v1/session')).json());
  assert(me.user.role === 'analyst', `signed in as ${me.user.role}`);
  await p2.context().close();
  await shot(page, '10c-user-role');
  clean(page);
  await page.context().close();
}, noAuth);

await test('admin pages: users and the audit log with the change', async () => {
  const page = await adminPage();
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await page.locator('tr[data-user="e2eviewer"]').waitFor();
  await shot(page, '10-users');
  await page.getByRole('link', { name: 'Nhật ký kiểm tra' }).click();
  await page.locator('table tbody tr').first().waitFor();
  const text = await page.locator('table tbody').textContent();
  assert(/source/.test(text) && /e2eadmin/.test(text), 'the source change is not in the audit log');
  await shot(page, '11-audit');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/signin/);
  clean(page);
  await page.context().close();
}, noAuth);

// ---- stories, signals and alerts (issue 5) --------------------------------

const STORY1 = 'Việt Nam đẩy mạnh hợp tác kinh tế với các đối tác';

await test('stories: the list by importance, a story with its timeline and its articles by language, and back from an article', async () => {
  const page = await adminPage();
  await page.getByRole('link', { name: 'Câu chuyện' }).click();
  await page.waitForURL(/\/stories$/);
  const first = page.locator('#stories-table tbody tr').first();
  await first.getByRole('link', { name: STORY1 }).waitFor();
  assert(await page.locator('#stories-table tbody tr').count() === 3, 'not 3 stories');
  const cells = await first.locator('td').allTextContents();
  assert(cells[0] === '3' && /en, vi/.test(cells[3]) && /GB, VN/.test(cells[4]), `first row: ${cells}`);
  const mix = await first.getByRole('img').getAttribute('aria-label');
  assert(/tích cực 3/i.test(mix) && /tiêu cực 0/i.test(mix), `tone mix label: ${mix}`);
  await shot(page, '12-stories');
  await first.getByRole('link', { name: STORY1 }).click();
  await page.waitForURL(/\/stories\/1$/);
  await page.getByRole('heading', { level: 1, name: STORY1 }).waitFor();
  await page.locator('#story-timeline .uplot canvas').first().waitFor();
  assert(await page.locator('section[data-lang="en"] li').count() === 2, 'not 2 English articles');
  assert(await page.locator('section[data-lang="vi"] li').count() === 1, 'not 1 Vietnamese article');
  assert(await page.locator('section.lang-group').first().getAttribute('data-lang') === 'en', 'largest language group not first');
  await shot(page, '13-story');
  await page.locator('section[data-lang="vi"]').getByRole('link', { name: STORY1 }).click();
  await page.waitForURL(/\/articles\/\d+$/);
  await page.locator('.story-link').getByRole('link', { name: STORY1 }).click();
  await page.waitForURL(/\/stories\/1$/);
  await page.getByRole('heading', { level: 1, name: STORY1 }).waitFor();
  clean(page);
  await page.context().close();
});

// Counts canvas pixels near an RGB colour (within tol on each channel).
async function pixels(page, selector, rgb, tol) {
  return page.locator(selector).first().evaluate((c, [want, tl]) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - want[0]) <= tl && Math.abs(d[i + 1] - want[1]) <= tl && Math.abs(d[i + 2] - want[2]) <= tl) n += 1;
    }
    return n;
  }, [rgb, tol]);
}

await test('overview: the trend chart draws the expected band, spike markers and the next-day forecast with its interval; the series selector', async () => {
  const page = await adminPage();
  const note = page.getByTestId('forecast');
  await note.filter({ hasText: /Dự báo ngày \d{4}-\d\d-\d\d: .* bài \(khoảng 80 %/ }).waitFor();
  await page.getByTestId('spikes').waitFor();
  const legend = await page.locator('#trend-chart .u-legend').textContent();
  for (const l of ['Khoảng dự kiến', 'Đột biến', 'Dự báo', 'Khoảng dự báo']) assert(legend.includes(l), `legend has no ${l}: ${legend}`);
  const canvas = '#trend-chart canvas';
  await shot(page, '14-overview-signals');
  const px = [await pixels(page, canvas, [209, 73, 0], 30), await pixels(page, canvas, [247, 222, 209], 16), await pixels(page, canvas, [228, 234, 239], 8)];
  assert(px[0] > 10, `no dashed forecast segment drawn: ${px}`);
  assert(px[1] > 10, `no shaded forecast interval drawn: ${px}`);
  assert(px[2] > 10, `no expected band drawn: ${px}`);
  await page.getByLabel('Chuỗi số liệu').selectOption('country');
  await page.waitForURL(/dim=country&key=[A-Z]{2}/);
  await page.getByLabel('Giá trị').selectOption('VN');
  await page.waitForURL(/dim=country&key=VN/);
  await note.filter({ hasText: /Dự báo ngày/ }).waitFor();
  assert(await page.getByLabel('Chuỗi số liệu').inputValue() === 'country', 'dimension not kept');
  clean(page);
  await page.context().close();
});

await test('alert rules: create one from the form, a bad one is refused with the server\'s message, disable and delete', async () => {
  const page = await adminPage();
  await page.goto(`${URL0}/alerts/rules`);
  await page.locator('#rules-table tr[data-rule="E2E British volume"]').waitFor();
  const form = page.locator('form.rule-form');
  await form.getByLabel('Tên quy tắc').fill('E2E negative shift');
  await form.getByLabel('Tiêu cực', { exact: true }).check();
  await form.getByLabel('Khi nào').selectOption('negative_shift');
  await form.getByLabel('Tỷ lệ tiêu cực cần đạt').fill('0.4');
  assert(!(await form.getByLabel('Số bài trong giai đoạn').isVisible()), 'the threshold count shows for a negative shift');
  await form.getByLabel('Từ', { exact: true }).fill('22:00');
  await form.getByLabel('Đến', { exact: true }).fill('07:00');
  await form.getByRole('button', { name: 'Tạo quy tắc' }).click();
  const row = page.locator('#rules-table tr[data-rule="E2E negative shift"]');
  await row.waitFor();
  const text = await row.textContent();
  assert(/share=0.4/.test(text) && /22:00–07:00/.test(text) && /tone: negative/.test(text), `row: ${text}`);
  await shot(page, '15-rules');

  await form.getByLabel('Tên quy tắc').fill('E2E bad rule');
  await form.getByLabel('Khi nào').selectOption('threshold');
  await form.getByLabel('Số bài trong giai đoạn').fill('0');
  await form.getByRole('button', { name: 'Tạo quy tắc' }).click();
  const err = page.locator('#rule-error');
  await err.filter({ hasText: /condition\.count/ }).waitFor();
  const shown = await err.textContent();
  assert(await page.locator('#rules-table tr[data-rule="E2E bad rule"]').count() === 0, 'the bad rule was listed');
  await shot(page, '16-rules-refused');

  await row.getByRole('button', { name: 'Tắt quy tắc E2E negative shift' }).click();
  await page.locator('#rules-table tr[data-rule="E2E negative shift"]').getByRole('button', { name: 'Bật quy tắc E2E negative shift' }).waitFor();
  await page.locator('#rules-table tr[data-rule="E2E negative shift"]').getByRole('button', { name: 'Xóa quy tắc E2E negative shift' }).click();
  await page.waitForFunction(() => !document.querySelector('#rules-table tr[data-rule="E2E negative shift"]'));
  // The same body straight to the API (last: reading the session rotates the CSRF token).
  const server = await page.evaluate(async () => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch('/api/v1/alert-rules', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf }, body: JSON.stringify({ name: 'E2E bad rule', enabled: true, urgent: false, condition: { type: 'threshold', count: 0 }, channels: [{ type: 'inbox' }] }) });
    return (await r.json()).error.message;
  });
  assert(shown === server, `shown "${shown}", server said "${server}"`);
  page.problems = page.problems.filter((p) => p !== 'HTTP 400 POST /api/v1/alert-rules'); // the two refusals
  clean(page);
  await page.context().close();
});

await test('alerts inbox: newest first, unacknowledged highlighted with the rule, why and delivery per channel; ack from the inbox updates the badge', async () => {
  const page = await adminPage();
  const badge = page.locator('#alerts-badge');
  await badge.filter({ hasText: /^\d+$/ }).waitFor();
  const before = Number(await badge.textContent());
  assert(before >= 1, `badge ${before}`);
  await page.getByRole('link', { name: /^Cảnh báo/ }).click();
  await page.waitForURL(/\/alerts$/);
  const items = page.locator('li.alert');
  await items.first().waitFor();
  const ids = (await items.evaluateAll((els) => els.map((e) => Number(e.dataset.alert))));
  assert(ids.length === before && ids.every((v, i) => !i || v < ids[i - 1]), `not newest first: ${ids}`);
  const top = items.first();
  assert(await top.evaluate((e) => e.classList.contains('unacked')), 'newest alert not highlighted');
  const txt = await top.textContent();
  assert(/E2E British volume/.test(txt) && /Ngưỡng/.test(txt) && /threshold 1/.test(txt), `alert text: ${txt}`);
  assert(/phát lúc .*20\d\d/.test(txt), `fired time not this century: ${txt}`);
  assert(/Trong ứng dụng/.test(await top.locator('[data-channel="inbox"]').textContent()), 'no in-app delivery');
  assert(/Webhook: (đang chờ gửi lại|thất bại)/.test(await top.locator('[data-channel="webhook"]').textContent()), 'no webhook state');
  await shot(page, '17-alerts');
  const id = ids[0];
  await top.getByRole('button', { name: `Xác nhận cảnh báo ${id} (E2E British volume)` }).click();
  await page.locator(`li.alert[data-alert="${id}"]:not(.unacked)`).waitFor();
  assert(/e2eadmin đã xác nhận/.test(await page.locator(`li.alert[data-alert="${id}"]`).textContent()), 'no acknowledged by');
  if (before > 1) await badge.filter({ hasText: String(before - 1) }).waitFor();
  else await page.waitForFunction(() => document.getElementById('alerts-badge').hidden);
  await shot(page, '18-alerts-acked');
  clean(page);
  await page.context().close();
}, noAuth);

await test('stories, alerts and rules in English', async () => {
  const page = await adminPage();
  await page.getByLabel('Ngôn ngữ giao diện').selectOption('en');
  await page.getByRole('link', { name: 'Stories' }).click();
  await page.getByRole('columnheader', { name: 'Growth (last 24 h)' }).waitFor();
  await page.getByRole('link', { name: /^Alerts/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
  await page.getByRole('link', { name: 'Alert rules' }).first().click();
  await page.getByRole('heading', { level: 2, name: 'New rule' }).waitFor();
  await shot(page, '19-rules-en');
  clean(page);
  await page.context().close();
}, noAuth);

await browser.close();
process.exit(failed ? 1 : 0);
