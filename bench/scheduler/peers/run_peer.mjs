// The reference schedulers of bench/scheduler/scheduler_bench.cc, given the same workload as tdkt-scheduler:
// every timer of the jobs file (one "n due_ms" line per timer, in insertion order) becomes a job due at due_ms,
// and firing a job means one XADD to a Redis stream, as tdkt-scheduler's relay writes one entry per fired
// reminder. The bench reads that stream and counts lateness, duplicates and missing timers itself; this script
// only runs the system under test.
//
//   node run_peer.mjs pgboss|bullmq --pg-url URL --redis-url URL --stream NAME --jobs FILE --expected N
//                     [--timeout-seconds 900]
//
// pg-boss: one PgBoss instance on the bench's PostgreSQL (schema pgboss), jobs with startAfter, inserted with
// insert() 1,000 at a time; its workers (4 × batches of 500, polling every 0.5 s, the minimum, and without delay
// while batches come back full) XADD each batch in one pipeline. BullMQ: delayed jobs on the bench's Redis
// (delay from the job's own timestamp, so the due instant is exact), addBulk 1,000 at a time, one worker with a
// concurrency of 100, each job one XADD. The workers run while the jobs are inserted, as tdkt-scheduler does.
//
// Prints "insert_start_ms N", "insert_end_ms N" and "done" lines; exits once the stream holds `expected`
// entries (then 2 s more, for late duplicates) or at the time-out.
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';

function parseArgs(argv) {
  const [system, ...rest] = argv;
  const options = { system, timeoutSeconds: 900 };
  for (let i = 0; i + 1 < rest.length; i += 2) {
    const key = rest[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    options[key] = rest[i + 1];
  }
  for (const required of ['redisUrl', 'stream', 'jobs', 'expected']) {
    if (!options[required]) throw new Error(`missing --${required}`);
  }
  if (system === 'pgboss' && !options.pgUrl) throw new Error('missing --pg-url');
  options.expected = Number(options.expected);
  options.timeoutSeconds = Number(options.timeoutSeconds);
  return options;
}

function readJobs(path) {
  const jobs = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const [n, due] = line.split(' ');
    jobs.push([Number(n), Number(due)]);
  }
  return jobs;
}

const kChunk = 1000;

async function runPgBoss(options, jobs, stream) {
  const { PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: options.pgUrl, max: 12, schedule: false });
  boss.on('error', (error) => console.error('pg-boss error:', error.message));
  await boss.start();
  await boss.createQueue('timers');
  await boss.work('timers', { batchSize: 500, localConcurrency: 4, pollingIntervalSeconds: 0.5,
                              burstWhenBatchFull: true }, async (batch) => {
    const fired = Date.now();
    const pipeline = stream.pipeline();
    for (const job of batch) pipeline.xadd(options.stream, '*', 'n', job.data.n, 'fired_ms', fired);
    await pipeline.exec();
  });
  console.log(`insert_start_ms ${Date.now()}`);
  for (let i = 0; i < jobs.length; i += kChunk) {
    await boss.insert('timers', jobs.slice(i, i + kChunk).map(([n, due]) => ({ data: { n }, startAfter: new Date(due) })));
  }
  console.log(`insert_end_ms ${Date.now()}`);
  return async () => boss.stop({ graceful: true, timeout: 10000 });
}

async function runBullMQ(options, jobs, stream) {
  const { Queue, Worker } = await import('bullmq');
  const url = new URL(options.redisUrl);
  const connection = { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
  const queue = new Queue('timers', { connection });
  const worker = new Worker('timers', async (job) => {
    await stream.xadd(options.stream, '*', 'n', job.data.n, 'fired_ms', Date.now());
  }, { connection, concurrency: 100 });
  worker.on('error', (error) => console.error('bullmq error:', error.message));
  console.log(`insert_start_ms ${Date.now()}`);
  for (let i = 0; i < jobs.length; i += kChunk) {
    const now = Date.now();
    await queue.addBulk(jobs.slice(i, i + kChunk).map(([n, due]) => ({
      name: 'timer', data: { n },
      opts: { timestamp: now, delay: Math.max(0, due - now), removeOnComplete: true, removeOnFail: false },
    })));
  }
  console.log(`insert_end_ms ${Date.now()}`);
  return async () => { await worker.close(); await queue.close(); };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const jobs = readJobs(options.jobs);
  const stream = new Redis(options.redisUrl, { enableAutoPipelining: true });
  const run = options.system === 'pgboss' ? runPgBoss : options.system === 'bullmq' ? runBullMQ : null;
  if (!run) throw new Error(`unknown system ${options.system}`);
  const stop = await run(options, jobs, stream);
  const giveUp = Date.now() + options.timeoutSeconds * 1000;
  while (Number(await stream.xlen(options.stream)) < options.expected && Date.now() < giveUp) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await stop();
  await stream.quit();
  console.log('done');
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
