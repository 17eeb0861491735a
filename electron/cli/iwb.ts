import { Command, CommanderError } from 'commander';
import { AppError, errorMessage } from '../core/errors';
import { APP_VERSION } from '../core/version';
import { registerAnomalies } from './commands/anomalies';
import { registerDemo } from './commands/demo';
import { registerImport } from './commands/import';
import { registerIncident } from './commands/incident';
import { registerInvestigate } from './commands/investigate';
import { registerKb } from './commands/kb';
import { registerKbSync } from './commands/kb-sync';
import { registerPostmortem } from './commands/postmortem';
import { registerRunbook } from './commands/runbook';
import { registerServe } from './commands/serve';
import { registerSource } from './commands/source';
import { registerSync } from './commands/sync';
import { registerTemplates } from './commands/templates';

function buildProgram(): Command {
  const program = new Command()
    .name('iwb')
    .description('Incident Workbench: logs, metrics and traces in a local cache for on-call engineers.')
    .version(APP_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help to see the commands and options)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerServe(program);
  registerDemo(program);
  registerImport(program);
  registerSource(program);
  registerSync(program);
  registerTemplates(program);
  registerInvestigate(program);
  registerRunbook(program);
  registerAnomalies(program);
  registerKbSync(registerKb(program));
  registerPostmortem(program);
  registerIncident(program);
  const override = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  return program;
}

/** Commander's own errors already printed their sentence; ours get one sentence and a non-zero exit. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof AppError) {
      process.stderr.write(`iwb: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`iwb: unexpected failure: ${errorMessage(error)}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  if (code !== 0) process.exit(code);
});
