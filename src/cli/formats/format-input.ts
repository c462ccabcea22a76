/** What every output format is given: the reports, the inputs that failed, and how to judge and place them. */
import type { JsonError } from '../../core/export/json.js';
import type { Report, Verdict } from '../../core/model.js';
import type { Location } from './location.js';

export interface FormatInput {
  readonly reports: readonly Report[];
  /** Inputs that could not be read or parsed (lint), or the probe's failure. */
  readonly errors: readonly JsonError[];
  /** The tool's version (package.json). */
  readonly version: string;
  /** Whether a verdict fails the run (`--fail-on`). */
  readonly fails: (verdict: Verdict) => boolean;
  /** Where a report or error source sits in its input. */
  readonly locate: (source: string) => Location;
}
