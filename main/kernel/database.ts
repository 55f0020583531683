/** The engine's database as a component: usable while the engine that embeds it runs (H2 in the
 * data dir); restarting it restarts the engine; its log is the engine's database lines. */
import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentInfo } from '../../common/contract';
import type { Component } from './components';
import type { Engine } from './engine';
import { describeDatabase } from './engine-database';
import type { RemoteEngine } from './remote-engine';

const DATABASE_LINE = /\bh2\b|database|datasource|jdbc|sql/i;

export class DatabaseComponent extends EventEmitter implements Component {
  readonly name = 'database';

  constructor(private engine: Engine | RemoteEngine) {
    super();
    engine.supervisor.on('state', () => this.emit('state', this.info()));
  }

  info(): ComponentInfo {
    if (this.engine.mode === 'remote') return { name: this.name, state: 'ready', detail: 'not used: remote engine' };
    if (this.engine.options.database) {
      const state = this.engine.supervisor.state;
      return { name: this.name, state, detail: `${describeDatabase(this.engine.options.database)}${state === 'ready' ? '' : `; the engine is ${state}`}` };
    }
    const file = join(this.engine.dir, 'h2', 'procos.mv.db');
    const size = existsSync(file) ? `${(statSync(file).size / 1e6).toFixed(1)} MB` : 'not created yet';
    const engine = this.engine.supervisor.state;
    return { name: this.name, state: engine, detail: `H2 file database (${size}) at ${file}${engine === 'ready' ? '' : `; the engine is ${engine}`}` };
  }

  async restart() { if (this.engine.mode !== 'remote') await this.engine.supervisor.restart(); }

  logs(lines = 200) { return this.engine.supervisor.logs.stampedTail().filter((l) => DATABASE_LINE.test(l)).slice(-lines); }
}
