export * from './milestone-template';
export * from './programme.entity';
export * from './programmes.dto';
export * from './programmes.service';
export * from './programmes.module';
