import type { CliCommand } from './io';
import { validateCommand } from './commands/validate';

/** Every CLI command; `atp-workbench help` lists them in this order. */
export const COMMANDS: CliCommand[] = [validateCommand];
