import type { CliCommand } from '../io';
import { validateCommand } from './validation';
import { listCommand } from './tree';
import { classifyCommand, verdictsCommand } from './verdicts';
import { exportCommand } from './export';

/** Every CLI command; `atp-workbench help` lists them in this order. */
export const COMMANDS: CliCommand[] = [validateCommand, listCommand, classifyCommand, verdictsCommand, exportCommand];
