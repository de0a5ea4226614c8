import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSend } from '../../src/cli/send.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let dir: string;
beforeAll(async () => {
  gw = await startTestGateway();
  // The reference client signs with the real clock; the gateway under test keeps its own.
  gw.clock.set(new Date().toISOString());
  dir = mkdtempSync(join(tmpdir(), 'vs-send-'));
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function send(file: string, ...extra: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
  try {
    const code = await runSend([file, '--as', join(gw.home, 'partners', 'huur'), '--url', gw.url, ...extra]);
    return { code, out: out.join('\n'), err: err.join('') };
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
}

const csvTemplate = readFileSync(new URL('../../examples/signalen-huur.csv', import.meta.url), 'utf8');

describe('vroegsignaal send', () => {
  it('sends one JSON signal, verifies the signed receipt, and says so', async () => {
    const file = join(dir, 'een.json');
    const signal = JSON.parse(readFileSync(new URL('../../examples/signaal-huur.json', import.meta.url), 'utf8'));
    writeFileSync(file, JSON.stringify({ ...signal, id: 'SEND-JSON-1' }));
    const first = await send(file);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Geaccepteerd (202):     1');
    const again = await send(file);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Al ontvangen (200):     1');
  });

  it('sends a CSV through _batch in chunks with a progress bar and a summary', async () => {
    const file = join(dir, 'signalen.csv');
    writeFileSync(file, csvTemplate);
    const res = await send(file, '--chunk', '2');
    expect(res.code).toBe(0);
    expect(res.out).toContain('Geaccepteerd (202):     4');
    expect(res.err).toMatch(/4\/4 signalen/);
    expect(res.err).toMatch(/2\/4 signalen/);
  });

  it('lists rejected rows with their reasons and exits 1', async () => {
    const lines = csvTemplate.trim().split('\n');
    const header = lines[0]!;
    const tooEarly = lines[1]!.replace('HUUR-2026-000201', 'SEND-CSV-TE-VROEG').replace('2026-09-15', '2026-11-01');
    const badBool = lines[2]!.replace('HUUR-2026-000202', 'SEND-CSV-BOOL').replace(',true,false,true,true,true,', ',misschien,false,true,true,true,');
    const good = lines[3]!.replace('HUUR-2026-000203', 'SEND-CSV-GOED');
    const file = join(dir, 'gemengd.csv');
    writeFileSync(file, [header, tooEarly, badBool, good].join('\n') + '\n');
    const res = await send(file);
    expect(res.code).toBe(1);
    expect(res.out).toContain('Geaccepteerd (202):     1');
    expect(res.out).toContain('Geweigerd:              2');
    expect(res.out).toMatch(/SEND-CSV-TE-VROEG.*400 beleid-geweigerd/);
    expect(res.out).toMatch(/\/ontstaansdatum: achterstand-te-kort/);
    expect(res.out).toMatch(/regel 3: .*crisissignaal/);
  });
});
