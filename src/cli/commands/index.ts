import type { CliCommand } from '../io';
import { validateCommand } from './validation';
import { listCommand } from './tree';
import { classifyCommand, verdictsCommand } from './verdicts';
import { exportCommand } from './export';
import { coverageCommand } from './coverage';
import { importCommand } from './import';
import { newCommand } from './scaffold';
import { scrubCommand } from './scrub';

/** Every CLI command; `atp-workbench help` lists them in this order. */
export const COMMANDS: CliCommand[] = [validateCommand, listCommand, classifyCommand, verdictsCommand, coverageCommand, exportCommand, importCommand, newCommand, scrubCommand];
