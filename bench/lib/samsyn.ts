/**
 * Samsyn under load: the real app (src/main.ts → startApp, local mode) in a child process, cases
 * set up through HTTP as a party would, and the card action that saves the wellbeing wheel.
 *
 * Each connection owns one case and saves Anna's wheel on it with the version it last read, as a
 * person at one card would: a save answers "saved" (the entry's version goes up by one). A
 * conflict answer (only if a request was lost) names the stored version, which the connection
 * takes up; it is counted as unexpected.
 */
import { invokeActivity, postInvoke, type LoadSpec } from './load';

const savedText = 'Hjulet är sparat';

/** Creates `n` anonymous consultations as Anna; returns their case ids. */
export async function setUpCases(url: string, serviceUrl: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await postInvoke(
      url,
      invokeActivity(
        'consultation.submit',
        { mode: 'anonymous', ageBand: '10-12', worryAreas: '', observations: '', tried: '' },
        serviceUrl,
      ),
    );
    const id = /"caseId":"([0-9a-f-]{36})"/.exec(r.text)?.[1];
    if (r.status !== 200 || id === undefined)
      throw new Error(`could not create a case: ${r.status} ${r.text.slice(0, 300)}`);
    ids.push(id);
  }
  return ids;
}

function wheelData(caseId: string, version: number): Record<string, unknown> {
  return {
    caseId,
    version,
    'tillhorighet.level': version % 2 === 0 ? 'some' : 'none',
    'tillhorighet.strengths': `Har en god vän i klassen (${version})`,
  };
}

/** Wheel saves, one case per connection; each case's version is tracked across loads. */
export class WheelSaves {
  private readonly versions: number[];
  saved = 0;
  /** A few of the answers that were not "saved" (status and the card's texts), to explain them. */
  readonly unexpectedSamples: string[] = [];

  constructor(
    private readonly url: string,
    private readonly serviceUrl: string,
    private readonly caseIds: readonly string[],
  ) {
    this.versions = caseIds.map(() => 0);
  }

  private body(c: number): string {
    return JSON.stringify(
      invokeActivity('wheel.submit', wheelData(this.caseIds[c] ?? '', this.versions[c] ?? 0), this.serviceUrl),
    );
  }

  private answer(c: number, status: number, body: string): boolean {
    if (status === 200 && body.includes(savedText)) {
      this.versions[c] = (this.versions[c] ?? 0) + 1;
      this.saved++;
      return true;
    }
    if (this.unexpectedSamples.length < 5) {
      const texts = [...body.matchAll(/"text":"([^"]{0,160})"/g)].map((m) => m[1]).join(' | ');
      this.unexpectedSamples.push(`${status}: ${texts || body.slice(0, 200)}`);
    }
    const stored = /"version":(\d+)/.exec(body)?.[1];
    if (stored !== undefined) this.versions[c] = Number(stored);
    return false;
  }

  /** Checks once that a save really answers "saved" (so the load measures the save, not an error card). */
  async check(): Promise<void> {
    const r = await postInvoke(this.url, { ...(JSON.parse(this.body(0)) as Record<string, unknown>) });
    if (!this.answer(0, r.status, r.text))
      throw new Error(`wheel.submit did not save: ${r.status} ${r.text.slice(0, 300)}`);
  }

  /**
   * Reads each case's stored version again (wheel.open). Needed after every load: autocannon stops
   * with requests in flight, which the server still completes without the connection seeing it.
   */
  async resync(): Promise<void> {
    for (let c = 0; c < this.caseIds.length; c++) {
      const r = await postInvoke(this.url, invokeActivity('wheel.open', { caseId: this.caseIds[c] }, this.serviceUrl));
      const stored = /"version":(\d+)/.exec(r.text)?.[1];
      if (r.status !== 200 || stored === undefined)
        throw new Error(`wheel.open did not answer the version: ${r.status}`);
      this.versions[c] = Number(stored);
    }
  }

  load(connections: number, durationS: number): LoadSpec {
    if (this.caseIds.length < connections) throw new Error(`need ${connections} cases, have ${this.caseIds.length}`);
    return {
      url: this.url,
      connections,
      durationS,
      bodyFor: (c) => this.body(c),
      onAnswer: (c, status, body) => this.answer(c, status, body),
    };
  }
}
