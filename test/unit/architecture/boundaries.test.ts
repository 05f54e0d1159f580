/**
 * The house rules that imports can break: the domain stays pure, application code never reaches
 * for an adapter, and workflows import nothing that does I/O. A forbidden import fails CI here.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function files(dir: string): string[] {
  const absolute = path.join(root, dir);
  return readdirSync(absolute).flatMap((name) => {
    const full = path.join(absolute, name);
    return statSync(full).isDirectory() ? files(path.join(dir, name)) : name.endsWith('.ts') ? [path.join(dir, name)] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...readFileSync(path.join(root, file), 'utf8').matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => `${m[2] ? 'type ' : ''}${m[3]}`);

const modules = readdirSync(path.join(root, 'src')).filter((name) => statSync(path.join(root, 'src', name)).isDirectory() && name !== 'shared');

describe('architecture', () => {
  it('domain code imports only its own module and src/shared, and reads no clock or randomness', () => {
    const offences: string[] = [];
    for (const module of modules) {
      for (const file of files(`src/${module}`).filter((f) => f.includes(`${path.sep}domain${path.sep}`))) {
        for (const specifier of importsOf(file)) {
          const target = specifier.replace(/^type /, '');
          const resolved = target.startsWith('.') ? path.relative(root, path.resolve(path.dirname(path.join(root, file)), target)) : target;
          const allowed = resolved.startsWith(`src${path.sep}${module}${path.sep}domain`) || resolved.startsWith(`src${path.sep}shared`);
          if (!allowed) offences.push(`${file} imports ${target}`);
        }
        const source = readFileSync(path.join(root, file), 'utf8');
        if (/Date\.now\(|new Date\(\)|Math\.random\(|randomUUID\(/.test(source)) offences.push(`${file} reads the clock or randomness`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('application code and ports never import an adapter or a framework', () => {
    const offences = modules
      .flatMap((module) => files(`src/${module}`).filter((f) => !f.includes(`${path.sep}domain${path.sep}`)))
      .flatMap((file) =>
        importsOf(file)
          .filter((s) => /adapters\/|workflows\/|^(type )?(koa|@koa|@mikro-orm|@temporalio|inversify|pg|stripe|razorpay|@paypal)/.test(s))
          .map((s) => `${file} imports ${s}`),
      );
    expect(offences).toEqual([]);
  });

  it('workflows import only @temporalio/workflow, activity types, pure code and temporal.config', () => {
    const offences = files('workflows').flatMap((file) =>
      importsOf(file)
        .filter((s) => !s.startsWith('type '))
        .filter((s) => !(s === '@temporalio/workflow' || s.startsWith('.')))
        .map((s) => `${file} imports ${s}`),
    );
    const valueImportsOfAdapters = files('workflows').flatMap((file) =>
      importsOf(file)
        .filter((s) => !s.startsWith('type ') && /adapters\//.test(s))
        .map((s) => `${file} imports ${s}`),
    );
    expect([...offences, ...valueImportsOfAdapters]).toEqual([]);
  });
});
