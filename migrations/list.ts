import { Invoicing1795458285385 } from './1795458285385-Invoicing';
import { Coaching1795452753654 } from './1795452753654-Coaching';
import { WorkerPlatform1795452397556 } from './1795452397556-WorkerPlatform';
import { NationalMethodology1795451300000 } from './1795451300000-NationalMethodology';
import { Initial1795451244137 } from './1795451244137-Initial';
// Migrations in order. `npm run migration:generate -- <Name>` adds a file and a line here.
export const MIGRATIONS = [Initial1795451244137, NationalMethodology1795451300000, WorkerPlatform1795452397556, Coaching1795452753654, Invoicing1795458285385];
