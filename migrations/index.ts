export * from './schema';
export * from './list';
export { DASHBOARD_SOURCES } from './1795500000000-DashboardChanges';
