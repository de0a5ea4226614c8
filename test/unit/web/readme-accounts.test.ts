import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../../src/web/auth/demo-accounts.js';
import { navigationFor } from '../../../src/web/layout/navigation.js';

/** The README's table of demo accounts: what a newcomer tries first must be exactly what the IdP offers. */
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## The Werkplek'), readme.indexOf('## Configuration'));
const rows = section.split('\n').filter((line) => /^\| `/.test(line)).map((line) => line.split('|').map((cell) => cell.trim()));

describe('the README lists the demo accounts of the development IdP', () => {
  it('names every account once, with its password', () => {
    const listed = new Map<string, string>();
    for (const [, accounts, password] of rows) {
      for (const sub of [...accounts!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)) {
        listed.set(sub, password!.replace(/`/g, ''));
      }
    }
    expect([...listed.keys()].sort()).toEqual(demoAccounts.map((a) => a.sub).sort());
    for (const account of demoAccounts) {
      const code = account.gemeentecode;
      expect(listed.get(account.sub)!.replace('<code>', code), account.sub).toBe(account.password);
    }
  });

  it('says what each role sees, as the navigation offers it', () => {
    for (const [, accounts, , , sees] of rows) {
      const sub = /`([^`]+)`/.exec(accounts!)![1]!;
      const account = demoAccounts.find((a) => a.sub === sub)!;
      for (const item of navigationFor(account.roles)) expect(sees, sub).toContain(item.label);
    }
  });
});
