import { language } from './i18n.js';
import type { OpenApiDocument, OperationDoc } from './schema-form.js';

/**
 * The page's names of the commands and which command records each fact, read from the OpenAPI document the
 * server builds from its capabilities' manifests (`x-label`, `x-records`): the page lists no commands of its own.
 */

const COMMAND_PATH = '/api/commands/';

function commandOperations(document: OpenApiDocument): [string, OperationDoc][] {
  return Object.entries(document.paths).flatMap(([path, item]): [string, OperationDoc][] =>
    path.startsWith(COMMAND_PATH) && item.post ? [[path.slice(COMMAND_PATH.length), item.post]] : [],
  );
}

export function commandNames(document: OpenApiDocument): string[] {
  return commandOperations(document).map(([name]) => name);
}

export function commandLabel(document: OpenApiDocument, command: string): string {
  const label = document.paths[`${COMMAND_PATH}${command}`]?.post?.['x-label'];
  return label ? label[language()] : command;
}

/** The command that records a fact of this event type (its form corrects such a fact), among `commands`. */
export function commandRecording(document: OpenApiDocument, type: string, commands: readonly string[]): string | null {
  const found = commandOperations(document).find(([name, operation]) => commands.includes(name) && operation['x-records']?.includes(type));
  return found ? found[0] : null;
}
