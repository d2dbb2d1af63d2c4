import type { FollowUpStage, TagCategory } from './observatory.entities';

/** French defaults of the three lists, seeded into a tenant's lists the first time they are read. */
export const OBSERVATORY_TAG_DEFAULTS: Record<TagCategory, string[]> = {
  motivation: [
    'Maîtrise de la qualité',
    'Réduction des délais',
    'Sécurisation des approvisionnements',
    'Coûts logistiques et de transport',
    'Image « fabriqué en France »',
    'Proximité des clients',
    'Empreinte carbone',
    'Commande publique et donneurs d’ordre',
  ],
  success_factor: [
    'Aides publiques obtenues',
    'Automatisation et robotisation',
    'Foncier disponible',
    'Compétences et formation locales',
    'Fournisseurs locaux identifiés',
    'Accompagnement CCI',
    'Engagement des clients',
  ],
  obstacle: [
    'Coût de la main-d’œuvre',
    'Recrutement difficile',
    'Coût de l’énergie',
    'Accès au financement',
    'Foncier ou bâtiment indisponible',
    'Fournisseurs locaux absents',
    'Normes et délais administratifs',
  ],
};

/** Cells of the network roll-up with fewer projects than this are suppressed. */
export const MIN_CELL_SIZE = 3;

/** A published count or sum: null and `suppressed` when too few projects stand behind it. */
export interface Cell {
  value: number | null;
  projects: number | null;
  suppressed: boolean;
}

export interface RawCell {
  value: number;
  projects: number;
}

/** Primary rule: a cell made of 1 or 2 projects is hidden (0 projects reveals nobody). */
export const isSmall = (projects: number): boolean => projects > 0 && projects < MIN_CELL_SIZE;

/**
 * One step of complementary suppression on a group of cells whose total is published: while
 * something is hidden and what is hidden is a single cell or holds fewer than 3 projects, the
 * total minus the visible cells would give it back, so the smallest visible non-empty cell is
 * hidden too. Returns whether it hid something.
 */
function protectGroup(cells: RawCell[], hide: boolean[]): boolean {
  let changed = false;
  for (;;) {
    const hiddenIdx = hide.flatMap((h, i) => (h ? [i] : []));
    const hiddenProjects = hiddenIdx.reduce((sum, i) => sum + (cells[i]?.projects ?? 0), 0);
    if (hiddenIdx.length === 0 || (hiddenIdx.length > 1 && hiddenProjects >= MIN_CELL_SIZE)) return changed;
    let pick = -1;
    cells.forEach((c, i) => {
      if (hide[i] || c.projects === 0) return;
      const best = pick >= 0 ? cells[pick] : undefined;
      if (!best || c.projects < best.projects) pick = i;
    });
    if (pick < 0) return changed;
    hide[pick] = true;
    changed = true;
  }
}

/**
 * Suppression on a table of cells (rows: régions; columns: categories). Primary: every small
 * cell (1 or 2 projects) and every cell of a hidden row. Complementary: each row whose total is
 * published (`rowTotals`: the categories partition the row, e.g. the three relocalisation types of
 * a région) and each column (the régions partition the national figure, always published) goes
 * through {@link protectGroup}, repeated until nothing changes. Returns the hidden flags.
 */
export function suppressGrid(grid: RawCell[][], opts: { rowTotals: boolean; hiddenRows?: boolean[] }): boolean[][] {
  const hide = grid.map((row, i) => row.map((c) => opts.hiddenRows?.[i] === true || isSmall(c.projects)));
  const width = grid[0]?.length ?? 0;
  for (let changed = true; changed; ) {
    changed = false;
    if (opts.rowTotals) grid.forEach((row, i) => (changed = protectGroup(row, hide[i]) || changed));
    for (let j = 0; j < width; j++) {
      const col = grid.map((row) => row[j]);
      const colHide = hide.map((row) => row[j]);
      if (protectGroup(col, colHide)) {
        changed = true;
        colHide.forEach((h, i) => ((hide[i])[j] = h));
      }
    }
  }
  return hide;
}

export const toCell = (c: RawCell, hidden: boolean): Cell => (hidden ? { value: null, projects: null, suppressed: true } : { value: c.value, projects: c.projects, suppressed: false });

/** A cell that is not part of a published partition (a tag count, an outcome sum). */
export const suppressCell = (c: RawCell): Cell => toCell(c, isSmall(c.projects));

/** The day a follow-up form is due: months after the cohort closed (end of month clamps). */
export function followUpDueOn(closedOn: string, stage: FollowUpStage): string {
  const [y, m, d] = closedOn.split('-').map(Number) as [number, number, number];
  const month = m - 1 + stage;
  const year = y + Math.floor(month / 12);
  const mon = month % 12;
  const last = new Date(Date.UTC(year, mon + 1, 0)).getUTCDate();
  return `${year}-${String(mon + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
