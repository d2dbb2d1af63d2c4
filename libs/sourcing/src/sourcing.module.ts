import { Module } from '@nestjs/common';
import { BuyersController } from './buyers.controller';
import { BuyersService } from './buyers.service';
import { SourcingController, SuppliersController } from './sourcing.controller';
import { SourcingService } from './sourcing.service';
import { SuppliersService } from './suppliers.service';

/** API side of sourcing: the supplier directory, imports (queued), requests and candidates. */
@Module({
  controllers: [SuppliersController, SourcingController, BuyersController],
  providers: [SuppliersService, SourcingService, BuyersService],
  exports: [SuppliersService, BuyersService],
})
export class SourcingModule {}
