import { DashboardChanges1795500000000 } from './1795500000000-DashboardChanges';
import { ObservatoryRollups1795470000000 } from './1795470000000-ObservatoryRollups';
import { JobRunsFillfactor1795479529243 } from './1795479529243-JobRunsFillfactor';
import { Reporting1795469062302 } from './1795469062302-Reporting';
import { Invoicing1795458285385 } from './1795458285385-Invoicing';
import { Experts1795460651992 } from './1795460651992-Experts';
import { Sourcing1795458671620 } from './1795458671620-Sourcing';
import { FinancingSeed1795457869150 } from './1795457869150-FinancingSeed';
import { Financing1795457869149 } from './1795457869149-Financing';
import { Coaching1795452753654 } from './1795452753654-Coaching';
import { JobRunsOpenIndex1795490000000 } from './1795490000000-JobRunsOpenIndex';
import { WorkerPlatform1795452397556 } from './1795452397556-WorkerPlatform';
import { NationalMethodology1795451300000 } from './1795451300000-NationalMethodology';
import { Initial1795451244137 } from './1795451244137-Initial';
import { SiretBinaryCollation1795510000000 } from './1795510000000-SiretBinaryCollation';
import { NafPosGenerated1795520000000 } from './1795520000000-NafPosGenerated';
import { PosGenerated1795530000000 } from './1795530000000-PosGenerated';
// Migrations in order. `npm run migration:generate -- <Name>` adds a file and a line here.
export const MIGRATIONS = [Initial1795451244137, NationalMethodology1795451300000, WorkerPlatform1795452397556, Coaching1795452753654, Financing1795457869149, FinancingSeed1795457869150, Invoicing1795458285385, Sourcing1795458671620, Experts1795460651992, Reporting1795469062302, ObservatoryRollups1795470000000, JobRunsFillfactor1795479529243, JobRunsOpenIndex1795490000000, DashboardChanges1795500000000, SiretBinaryCollation1795510000000, NafPosGenerated1795520000000, PosGenerated1795530000000];
