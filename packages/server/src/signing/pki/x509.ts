// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata API.
// Everything in Congso imports @peculiar/x509 through this module, so the polyfill is always loaded first.
import 'reflect-metadata';

export * from '@peculiar/x509';
