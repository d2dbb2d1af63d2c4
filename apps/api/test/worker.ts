import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { WorkerRootModule } from '@filiere/jobs';

/** The worker (every job handler) in this test process, on the test app's database, Redis and queue prefix. */
export async function startWorker(): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerRootModule] }).compile();
  await moduleRef.init();
  return moduleRef;
}
