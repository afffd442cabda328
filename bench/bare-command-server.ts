/**
 * The bare baseline of `npm run bench:commands`: Node's http server that parses the JSON body and inserts one row
 * per transaction into SQLite (WAL, synchronous=FULL), then answers 201. It validates nothing, decides nothing
 * and hashes nothing: what one fsync per request costs with nothing else in the way.
 * argv: <database file> <port>
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const [file, port] = process.argv.slice(2);
const db = new Database(file!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
  revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream, revision))`);
const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
const write = db.transaction((body: { engagementId?: string }, key: string) =>
  insert.run(randomUUID(), `engagement-${body.engagementId ?? randomUUID()}`, 0, 'DialogueHeld', JSON.stringify(body), JSON.stringify({ commandId: key }), new Date().toISOString()),
);

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const info = write.immediate(JSON.parse(Buffer.concat(chunks).toString('utf8')), String(request.headers['idempotency-key']));
    response.writeHead(201, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ position: String(info.lastInsertRowid) }));
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
