export * from './pagination';
export * from './request-id';
export * from './logging.module';
export * from './configure-app';
export * from './uuid-param.pipe';
export * from './request-context';
export * from './dto';
export * from './openapi';
