import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { BuyersController } from './buyers.controller';
import { BuyersService } from './buyers.service';
import { SourcingController, SuppliersController } from './sourcing.controller';
import { SourcingService } from './sourcing.service';
import { SuppliersService } from './suppliers.service';

/** API side of sourcing: the supplier directory, imports (queued), requests and candidates. */
@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Streamed to disk (SIRENE files are gigabytes), named by a random id, read by the worker.
        storage: diskStorage({ destination: config.uploadDir, filename: (_req, _file, done) => done(null, `sirene-${randomUUID()}`) }),
        limits: { fileSize: config.uploadMaxBytes, files: 3, fields: 0 },
      }),
    }),
  ],
  controllers: [SuppliersController, SourcingController, BuyersController],
  providers: [SuppliersService, SourcingService, BuyersService],
  exports: [SuppliersService, BuyersService],
})
export class SourcingModule {}
