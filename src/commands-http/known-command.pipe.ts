import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';
import { CommandRegistry } from '../recording/command-registry';

/** A command name in the path that the registry does not know is a resource that does not exist: 404. */
@Injectable()
export class KnownCommandPipe implements PipeTransform<string, string> {
  constructor(private readonly registry: CommandRegistry) {}

  transform(name: string): string {
    if (!this.registry.has(name)) throw new NotFoundException(`No command "${name}"; known: ${this.registry.names().join(', ')}`);
    return name;
  }
}
