import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString } from '@cantoo/pdf-lib';
import { validateXML } from 'xmllint-wasm';

/** The `factur-x.xml` attachment of a Factur-X PDF, or null when there is none. */
export async function extractFacturXml(pdf: Uint8Array): Promise<string | null> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const files = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)?.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (!files) return null;
  for (let i = 0; i + 1 < files.size(); i += 2) {
    const name = files.lookup(i);
    const text = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : '';
    if (text !== 'factur-x.xml') continue;
    const stream = files.lookup(i + 1, PDFDict).lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) return null;
    return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
  }
  return null;
}

/**
 * The fonts of a PDF's pages that are not embedded (PDF/A forbids them): a simple font needs a
 * FontDescriptor with FontFile/FontFile2/FontFile3, a composite (Type0) one on its descendant.
 */
export async function unembeddedFonts(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const missing = new Set<string>();
  const embedded = (font: PDFDict): boolean => {
    const descriptor = font.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    return !!descriptor && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(PDFName.of(k)));
  };
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookup(ref, PDFDict);
      const descendants = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
      const holder = descendants ? descendants.lookup(0, PDFDict) : font;
      if (!embedded(holder)) missing.add(font.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText() ?? '?');
    }
  }
  return [...missing];
}

const XSD_DIR = join(__dirname, 'xsd');
const MAIN_XSD = 'Factur-X_1.07.3_EN16931.xsd';

/**
 * Validates CII XML against the official Factur-X 1.07.3 EN 16931 schema (committed under
 * `xsd/`, read from the source tree: a check for tests and tools, not for the built app).
 */
export async function validateFacturXml(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const schemas = readdirSync(XSD_DIR).filter((f) => f.endsWith('.xsd'));
  const load = (f: string) => ({ fileName: f, contents: readFileSync(join(XSD_DIR, f), 'utf8') });
  const result = await validateXML({ xml: [{ fileName: 'factur-x.xml', contents: xml }], schema: [load(MAIN_XSD)], preload: schemas.filter((f) => f !== MAIN_XSD).map(load) });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
