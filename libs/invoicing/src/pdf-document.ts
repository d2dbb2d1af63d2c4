import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * PDF/A (hence Factur-X) requires every font to be embedded: the 14 standard PDF fonts
 * (Helvetica…) are not. DejaVu Sans Condensed (free licence, from npm) is embedded as a subset of
 * the glyphs used, and covers French typography (narrow no-break space, apostrophe, €).
 */
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const PDF_FONT = { regular: 'DejaVuSansCondensed', bold: 'DejaVuSansCondensed-Bold' } as const;

/** An A4 French pdfkit document with the embedded fonts registered, and its bytes once `end()` is called. */
export function frenchPdf(info: PDFKit.DocumentInfo, options: Pick<PDFKit.PDFDocumentOptions, 'pdfVersion'> = {}): { pdf: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const pdf = new PDFDocument({ size: 'A4', margin: 50, lang: 'fr-FR', ...options, info: { Creator: 'Filière', ...info } });
  for (const name of Object.values(PDF_FONT)) pdf.registerFont(name, join(FONT_DIR, `${name}.ttf`));
  pdf.font(PDF_FONT.regular);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  return { pdf, done };
}
