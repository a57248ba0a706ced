/** The registry of `socle` commands, in the order `socle --help` lists them. */
import type { Command } from '../command.js';
import { validateCommand } from './validate.js';

export const COMMANDS: readonly Command[] = [validateCommand];
