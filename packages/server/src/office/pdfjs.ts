/**
 * pdf.js, loaded on first use. Its legacy build (the one that runs on Node 20) installs core-js polyfills over
 * `JSON.stringify`, `JSON.parse` and `Array.prototype.push` for the whole process (they add JSON.rawJSON and
 * parse-with-source, which Node 20 lacks and nothing here uses). They are much slower than the natives: 6.5 %
 * of the CPU of a payment callback that never reads a PDF went to them. The natives are kept before pdf.js
 * loads and put back after it and its worker (loaded with the first document) have run their polyfills.
 */
type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

const natives = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };

/** Puts back the natives pdf.js's polyfills replaced (a no-op when nothing was replaced). */
export function restoreNatives(): void {
  if (JSON.stringify !== natives.stringify) JSON.stringify = natives.stringify;
  if (JSON.parse !== natives.parse) JSON.parse = natives.parse;
  // biome-ignore lint/suspicious/noExplicitAny: the prototype's own method, put back as it was
  if (Array.prototype.push !== natives.push) (Array.prototype as any).push = natives.push;
}

let loading: Promise<Pdfjs> | undefined;

function loadPdfjs(): Promise<Pdfjs> {
  loading ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((pdfjs) => {
    restoreNatives();
    return pdfjs;
  });
  return loading;
}

/** Opens a PDF with pdf.js (text extraction only: no fonts installed, no messages). */
export async function openPdf(bytes: Uint8Array) {
  const { getDocument } = await loadPdfjs();
  try {
    return await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, verbosity: 0 }).promise;
  } finally {
    // The fake worker's module, imported with the first document, installs the same polyfills.
    restoreNatives();
  }
}
