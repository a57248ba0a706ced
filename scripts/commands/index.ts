/** The registry of `socle` commands, in the order `socle --help` lists them. */
import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { costCommand } from './cost.js';
import { deployCommand } from './deploy.js';
import { destroyCommand } from './destroy.js';
import { planCommand } from './plan.js';
import { sizeCommand } from './size.js';
import { synthCommand } from './synth.js';
import { validateCommand } from './validate.js';
import { validateTerraformCommand } from './validate-terraform.js';

export const COMMANDS: readonly Command[] = [synthCommand, validateCommand, validateTerraformCommand, sizeCommand, costCommand, checkCommand, planCommand, deployCommand, destroyCommand];
