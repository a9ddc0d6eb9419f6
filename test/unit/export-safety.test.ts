import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXCEL_LIMITS, REPLACEMENT_CHARACTER, SheetNamer, cleanCellText, cutMarker, looksLikeFormula, safeHyperlink, validSheetName,
} from '../../src/core/export/safety';
import { parseIsoTime, formatUtc } from '../../src/core/export/time';
import { UniqueFileNames, reportFileName, safeFileStem } from '../../src/core/export/fileNames';
import { HOSTILE } from './exportFixtures';

test('looksLikeFormula: = + - @ tab CR (and LF) at the start, nothing else', () => {
  for (const s of ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1', '\n=1']) assert.equal(looksLikeFormula(s), true, JSON.stringify(s));
  for (const s of ['', 'a=1', ' =1', '1-2', 'x@y']) assert.equal(looksLikeFormula(s), false, JSON.stringify(s));
});

test('cleanCellText leaves ordinary text alone, including every hostile string without CR or look-alikes', () => {
  for (const s of HOSTILE.filter((x) => !x.includes('\r') && !x.includes('_x'))) {
    assert.deepEqual(cleanCellText(s), { text: s, replaced: 0 }, JSON.stringify(s));
  }
});

test('cleanCellText: CR and CRLF become LF; XML-illegal characters and lone surrogates become U+FFFD and are counted', () => {
  assert.deepEqual(cleanCellText('a\r\nb\rc\nd'), { text: 'a\nb\nc\nd', replaced: 0 });
  assert.deepEqual(cleanCellText('nul\u0000 bell\u0007 vt\u000B ff\u000C esc\u001B fffe\uFFFE ffff\uFFFF'), {
    text: `nul${REPLACEMENT_CHARACTER} bell${REPLACEMENT_CHARACTER} vt${REPLACEMENT_CHARACTER} ff${REPLACEMENT_CHARACTER} esc${REPLACEMENT_CHARACTER} fffe${REPLACEMENT_CHARACTER} ffff${REPLACEMENT_CHARACTER}`,
    replaced: 7,
  });
  assert.deepEqual(cleanCellText('tab\tand\nnewline stay'), { text: 'tab\tand\nnewline stay', replaced: 0 });
  assert.deepEqual(cleanCellText('lone \uD83D high, lone \uDE00 low, pair 😀'), { text: `lone ${REPLACEMENT_CHARACTER} high, lone ${REPLACEMENT_CHARACTER} low, pair 😀`, replaced: 2 });
});

test('cleanCellText escapes _xHHHH_ look-alikes so readers do not decode them into other characters', () => {
  assert.equal(cleanCellText('_x0041_ and _x00e9_').text, '_x005F_x0041_ and _x005F_x00e9_');
  assert.equal(cleanCellText('_x41_ and x0041_').text, '_x41_ and x0041_');
});

test('cleanCellText cuts text over 32 767 characters with a visible marker that says how much is shown', () => {
  const long = 'abc'.repeat(40_000);
  const r = cleanCellText(long);
  assert.equal(r.cutFrom, 120_000);
  assert.equal(r.text.length, EXCEL_LIMITS.cellCharacters);
  assert.ok(r.text.endsWith(cutMarker(EXCEL_LIMITS.cellCharacters - cutMarker(EXCEL_LIMITS.cellCharacters, 120_000).length, 120_000)));
  assert.match(r.text, / … \[cut: 32 7\d\d of 120 000 characters shown; see the cell's note\]$/);
  assert.ok(long.startsWith(r.text.slice(0, 32_000)));
  const exact = 'x'.repeat(EXCEL_LIMITS.cellCharacters);
  assert.deepEqual(cleanCellText(exact), { text: exact, replaced: 0 }, 'exactly at the limit is not cut');
});

test('cutting never splits a surrogate pair', () => {
  for (let shift = 0; shift < 4; shift++) {
    const text = 'a'.repeat(shift) + '😀'.repeat(20_000);
    const r = cleanCellText(text);
    assert.ok(r.text.length <= EXCEL_LIMITS.cellCharacters);
    assert.equal(cleanCellText(r.text).replaced, 0, 'no lone surrogate left');
  }
});

test('safeHyperlink: only absolute http(s) URLs without credentials, within Excel\'s length', () => {
  assert.equal(safeHyperlink('https://contoso-corp.atp.azure.com/securityAlert/1'), 'https://contoso-corp.atp.azure.com/securityAlert/1');
  assert.equal(safeHyperlink(' http://example.com/a b '), undefined, 'embedded whitespace is refused');
  assert.equal(safeHyperlink(' http://example.com/ab '), 'http://example.com/ab');
  for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'vbscript:x', 'ms-excel:ofe|u|http://x', '//example.com', '/relative',
    'https://user:pw@example.com/', 'https://example.com/\u0000', `https://example.com/${'a'.repeat(2100)}`, '', 42, null]) {
    assert.equal(safeHyperlink(bad), undefined, String(bad).slice(0, 40));
  }
});

test('validSheetName and SheetNamer: no forbidden characters, 31 characters, unique case-insensitively', () => {
  assert.equal(validSheetName('a[b]c:d*e?f/g\\h'), 'a-b-c-d-e-f-g-h');
  assert.equal(validSheetName("'quoted'"), 'quoted');
  assert.equal(validSheetName("Bob's role"), 'Bob\u2019s role', 'print titles quote the name: no straight apostrophe inside');
  assert.equal(validSheetName('   '), 'Sheet');
  assert.equal(validSheetName('History'), 'History (data)');
  assert.equal(validSheetName('x'.repeat(40)).length, 31);
  assert.equal(validSheetName('line\nbreak\ttab'), 'line break tab');
  const namer = new SheetNamer();
  assert.equal(namer.name('Summary'), 'Summary');
  assert.equal(namer.name('summary'), 'summary (2)');
  assert.equal(namer.name('SUMMARY'), 'SUMMARY (3)');
  const long = 'Destination Computer Resolution Method';
  const a = namer.name(long);
  const b = namer.name(long);
  const c = namer.name(long, ' (2)');
  assert.deepEqual([a.length, b.length <= 31, c.length <= 31], [31, true, true]);
  assert.ok(b.endsWith(' (2)') && c.endsWith(' (2) (2)'), `${b} / ${c}`);
});

test('parseIsoTime: up to 7 (or more) fractional digits cut to milliseconds, offsets, and refusals', () => {
  assert.equal(parseIsoTime('2019-01-02T10:04:11.2170000Z')?.toISOString(), '2019-01-02T10:04:11.217Z');
  assert.equal(parseIsoTime('2018-08-01T18:25:34.6679999Z')?.toISOString(), '2018-08-01T18:25:34.667Z');
  assert.equal(parseIsoTime('2018-08-01T18:25:34Z')?.toISOString(), '2018-08-01T18:25:34.000Z');
  assert.equal(parseIsoTime('2018-08-01T20:25:34.5+02:00')?.toISOString(), '2018-08-01T18:25:34.500Z');
  for (const bad of ['2019-02-30T00:00:00Z', '2019-01-02T24:00:00Z', '2019-01-02 10:04:11Z', '2019-01-02T10:04:11', 'yesterday', '1899-12-31T00:00:00Z', 5, null]) {
    assert.equal(parseIsoTime(bad), undefined, String(bad));
  }
  assert.equal(formatUtc('2025-01-21T07:05:12Z'), '2025-01-21 07:05:12 UTC');
  assert.equal(formatUtc('2025-01-21T07:05:12.25Z'), '2025-01-21 07:05:12.250 UTC');
  assert.equal(formatUtc('not a time'), 'not a time');
});

test('report file names: built from safe characters only, never a path', () => {
  assert.equal(reportFileName({ externalId: '2007', title: 'Network mapping reconnaissance (DNS)', id: '215e6985-6a9c-478d-accb-f4ca73a2e531' }),
    '2007-network-mapping-reconnaissance-dns-215e6985.xlsx');
  for (const title of ['../../etc/passwd', '..\\..\\windows\\system32', 'a/b\\c:d*e?f"g<h>i|j', '\u0000\u0001', 'CON', '.hidden', '']) {
    const name = reportFileName({ externalId: '../2003', title, id: '../../x' });
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(name, /[/\\:*?"<>|\u0000-\u001f]/, name);
    assert.doesNotMatch(name, /^\./, name);
    assert.match(name, /\.xlsx$/);
  }
  assert.equal(safeFileStem('CON'), 'alert');
  assert.equal(safeFileStem('x'.repeat(200)).length, 80);
  const names = new UniqueFileNames(['index.xlsx']);
  assert.deepEqual([names.take('a.xlsx'), names.take('A.xlsx'), names.take('a.xlsx'), names.take('index.xlsx')], ['a.xlsx', 'A-2.xlsx', 'a-3.xlsx', 'index-2.xlsx']);
});
