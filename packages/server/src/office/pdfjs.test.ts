import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleFile } from '../testing';
import { extractPdfText } from './pdf-text';

// Taken before pdf.js loads (./pdf-text loads it on first use).
const natives = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };

test('reading a PDF leaves the process its own JSON and Array.prototype.push (pdf.js’s polyfills put back)', async () => {
  assert.equal(typeof (globalThis as { pdfjsLib?: unknown }).pdfjsLib, 'undefined', 'pdf.js not loaded yet');
  await extractPdfText(sampleFile('sample.pdf'));
  assert.equal(typeof (globalThis as { pdfjsLib?: unknown }).pdfjsLib, 'object', 'pdf.js loaded (and its worker)');
  assert.equal(JSON.stringify, natives.stringify);
  assert.equal(JSON.parse, natives.parse);
  assert.equal(Array.prototype.push, natives.push);
  // And they still work as JSON must (lone surrogates escaped, ES2019).
  assert.equal(JSON.stringify('\ud800'), '"\\ud800"');
  assert.deepEqual(JSON.parse('{"a":[1,2]}'), { a: [1, 2] });
});
