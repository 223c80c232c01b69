export * from './edxml/index';
