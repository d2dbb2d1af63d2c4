import { communePoint } from './geo';
import { findNaf } from './naf';
import { findCommune } from './territories';

/**
 * Loads the reference data now rather than on first query (e.g. from a Nest `onModuleInit`), so
 * the first request does not pay for it. Communes and NAF take ~0.5 s; `points: true` also loads
 * the commune coordinates (~0.3 s more, ~50 MB transient, ~1 MB kept). Throws ReferenceDataError if a package's
 * data is not in the expected shape.
 */
export function warmUpReferenceData(options: { points?: boolean } = {}): void {
  findCommune('75056');
  findNaf('C');
  if (options.points) communePoint('75056');
}
