import type { z } from 'zod';
import type { AcceptedCurrencies, GatewayId } from '../../src/payments/api.js';
import type { GatewayAdapter, MountableSandbox } from './gateway-adapter.js';

/** The parsed values of a gateway's environment variables. */
export type EnvOf<Shape extends z.ZodRawShape> = z.output<z.ZodObject<Shape>>;

/** What a gateway's settings are read with, beside its own environment variables. */
export interface SettingsContext {
  readonly demo: boolean;
  /** `http://localhost:<SANDBOX_PORT>`: where demo mode's sandboxes answer. */
  readonly sandboxBaseUrl: string;
  /**
   * A setting the gateway cannot run without: the value given; else in demo mode the sandbox's;
   * else it is reported missing (when the gateway is enabled) and the demo value stands in.
   */
  readonly required: <T>(name: string, value: T | undefined, demoValue: T) => T;
}

/**
 * How a gateway is configured from the environment: the part of the service's environment schema
 * that is this gateway's, its settings, and what a deployment must never run it with.
 */
export interface GatewayConfig<Shape extends z.ZodRawShape, Settings, Demo> {
  /** Parsed with the rest of the environment: a malformed value names its variable. */
  readonly env: Shape;
  /** The values demo mode uses, which the sandbox accepts. */
  readonly demo: Demo;
  /** Variables whose demo value is published with the service: refused outside demo mode. */
  readonly publishedSecrets: Readonly<Record<string, string>>;
  settings(env: EnvOf<Shape>, context: SettingsContext): Settings;
  /** Outside demo mode and only while the gateway is enabled: each refusal names its setting. */
  refusals(settings: Settings, context: { readonly production: boolean }): string[];
}

export interface AdapterContext {
  /** This service's public base URL, for the URLs a gateway is told to call back. */
  readonly publicBaseUrl: string;
}

export interface SandboxContext {
  /** Where the sandbox is mounted, e.g. `http://localhost:3100/khalti`. */
  readonly publicBaseUrl: string;
  /** This service's webhook endpoint for the gateway, where the sandbox sends its webhooks. */
  readonly webhookUrl: string;
}

/**
 * Everything the service knows of one gateway, exported by its folder's `index.ts`: adding a
 * gateway is a folder and a line in `registry.ts`.
 */
export interface GatewayModule<Id extends GatewayId = GatewayId, Shape extends z.ZodRawShape = z.ZodRawShape, Settings = unknown, Demo = unknown, Control = unknown> {
  readonly id: Id;
  /** ISO 4217 codes the gateway takes, or `any` where that is the gateway's (and the account's) to answer. */
  readonly currencies: AcceptedCurrencies;
  readonly config: GatewayConfig<Shape, Settings, Demo>;
  createAdapter(settings: Settings, context: AdapterContext): GatewayAdapter;
  createSandbox(settings: Settings, context: SandboxContext): MountableSandbox<Control>;
}

/** Checks a gateway module's parts against each other and keeps its precise types. */
export function defineGateway<Id extends GatewayId, Shape extends z.ZodRawShape, Settings, Demo, Control>(
  module: GatewayModule<Id, Shape, Settings, Demo, Control>,
): GatewayModule<Id, Shape, Settings, Demo, Control> {
  return module;
}

/** A URL's host name, or empty when it is no URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
