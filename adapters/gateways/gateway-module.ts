import { z } from 'zod';
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

/**
 * A URL setting: demo mode's value is the sandbox's, `sandboxPath` under `sandboxBaseUrl`.
 * Outside demo mode it is required, unless it has a `liveDefault` (the gateway's own API).
 */
export interface UrlSetting {
  readonly env: string;
  readonly sandboxPath: string;
  readonly liveDefault?: string;
}

/**
 * A string setting (a key, a merchant code): demo mode's value is `demo`, which the sandbox
 * accepts. Outside demo mode it is required, unless it is `optional` (then left out when unset).
 */
export interface ValueSetting {
  readonly env: string;
  readonly demo: string;
  readonly optional?: true;
  /** The demo value is published with the service, so a deployment giving it is refused. */
  readonly publishedSecret?: true;
}

/** A gateway's settings by name, each read from its own environment variable. */
export type SettingsTable = Readonly<Record<string, UrlSetting | ValueSetting>>;

/** The zod shape of the table's variables: each optional, a URL or a non-empty string. */
type EnvShapeOf<Table extends SettingsTable> = {
  [Key in keyof Table as Table[Key]['env']]: Table[Key] extends UrlSetting ? z.ZodOptional<z.ZodURL> : z.ZodOptional<z.ZodString>;
};

/** The names of the table's `optional` settings. */
type OptionalKeys<Table extends SettingsTable> = { [Key in keyof Table]: Table[Key] extends { readonly optional: true } ? Key : never }[keyof Table];

/** An intersection as one object type, as an editor shows it. */
type Flat<T> = { [Key in keyof T]: T[Key] };

/** The settings a table yields: every one a string, the `optional` ones possibly left out. */
type TableSettings<Table extends SettingsTable> = { readonly [Key in Exclude<keyof Table, OptionalKeys<Table>>]: string } & {
  readonly [Key in OptionalKeys<Table>]?: string;
};

/** The demo values of the table's string settings, by setting name. */
type DemoOf<Table extends SettingsTable> = { readonly [Key in keyof Table as Table[Key] extends ValueSetting ? Key : never]: Extract<Table[Key], ValueSetting>['demo'] };

/** The settings a gateway config yields. */
export type SettingsOf<Config extends { settings(...args: never[]): unknown }> = ReturnType<Config['settings']>;

/**
 * A gateway's config from its table of settings: the environment schema, the settings (in table
 * order, so missing variables are named in that order), the demo values and the published
 * secrets all come from the table. `derived` adds settings that no variable sets.
 */
export function gatewayConfig<const Table extends SettingsTable, Derived extends object = Record<never, never>>(spec: {
  readonly settings: Table;
  readonly derived?: (context: SettingsContext) => Derived;
  readonly refusals: GatewayConfig<EnvShapeOf<Table>, Flat<TableSettings<Table> & Derived>, DemoOf<Table>>['refusals'];
}): GatewayConfig<EnvShapeOf<Table>, Flat<TableSettings<Table> & Derived>, DemoOf<Table>> {
  const rows = Object.entries(spec.settings);
  const valueRows = rows.filter((row): row is [string, ValueSetting] => 'demo' in row[1]);
  return {
    env: Object.fromEntries(rows.map(([, row]) => [row.env, 'sandboxPath' in row ? z.url().optional() : z.string().min(1).optional()])) as EnvShapeOf<Table>,
    demo: Object.fromEntries(valueRows.map(([key, row]) => [key, row.demo])) as DemoOf<Table>,
    publishedSecrets: Object.fromEntries(valueRows.filter(([, row]) => row.publishedSecret).map(([, row]) => [row.env, row.demo])),
    settings: (env, context) => {
      const given = env as Readonly<Record<string, string | undefined>>;
      const settings: Record<string, string> = {};
      for (const [key, row] of rows) {
        const value = readSetting(row, given[row.env], context);
        if (value !== undefined) settings[key] = value;
      }
      return { ...settings, ...spec.derived?.(context) } as Flat<TableSettings<Table> & Derived>;
    },
    refusals: spec.refusals,
  };
}

/** One setting's value: the variable's, else demo mode's, else as its row says (required, a default, or none). */
function readSetting(row: UrlSetting | ValueSetting, value: string | undefined, { demo, sandboxBaseUrl, required }: SettingsContext): string | undefined {
  if ('sandboxPath' in row) {
    const sandboxUrl = `${sandboxBaseUrl}${row.sandboxPath}`;
    return row.liveDefault === undefined ? required(row.env, value, sandboxUrl) : (value ?? (demo ? sandboxUrl : row.liveDefault));
  }
  return row.optional ? (value ?? (demo ? row.demo : undefined)) : required(row.env, value, row.demo);
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
