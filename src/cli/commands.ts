import type { CliCommand } from './io';
import { validateCommand } from './commands/validate';
import { listCommand } from './commands/list';
import { classifyCommand } from './commands/classify';
import { verdictsCommand } from './commands/verdicts';
import { exportCommand } from './commands/export';

/** Every CLI command; `atp-workbench help` lists them in this order. */
export const COMMANDS: CliCommand[] = [validateCommand, listCommand, classifyCommand, verdictsCommand, exportCommand];
